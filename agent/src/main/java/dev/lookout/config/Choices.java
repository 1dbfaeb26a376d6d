package dev.lookout.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The words a config key may take and what each means, for {@link MapReader#choice}. The error for
 * any other word lists the choices in the order they were added ({@code "5" is not one of any,
 * ipv4, ipv6}); aliases are accepted but not listed, so the error shows one spelling of each.
 * Immutable: each method returns a new set of choices, so a type keeps its own as a constant.
 *
 * @param <T> what a word stands for, usually an enum constant
 */
public final class Choices<T> {
  private final Map<String, T> words;
  private final List<String> listed;
  private final boolean ignoreCase;
  private final String hint;

  private Choices(Map<String, T> words, List<String> listed, boolean ignoreCase, String hint) {
    this.words = words;
    this.listed = listed;
    this.ignoreCase = ignoreCase;
    this.hint = hint;
  }

  /** No choices yet; add them with {@link #or}. */
  public static <T> Choices<T> none() {
    return new Choices<>(Map.of(), List.of(), false, "");
  }

  /** Every value, each written as {@code key} names it ({@code AgeUnit::key}). */
  public static <T> Choices<T> of(T[] values, Function<T, String> key) {
    Choices<T> out = none();
    for (T v : values) {
      out = out.or(key.apply(v), v);
    }
    return out;
  }

  /** Adds a listed choice. */
  public Choices<T> or(String word, T value) {
    List<String> l = new ArrayList<>(listed);
    l.add(word);
    return new Choices<>(with(word, value), List.copyOf(l), ignoreCase, hint);
  }

  /** Adds a spelling that is accepted but not listed ({@code 4} for {@code ipv4}). */
  public Choices<T> alias(String word, T value) {
    return new Choices<>(with(word, value), listed, ignoreCase, hint);
  }

  /** Accepts the words in any case. */
  public Choices<T> ignoringCase() {
    Map<String, T> lower = new LinkedHashMap<>();
    words.forEach((w, v) -> lower.put(w.toLowerCase(Locale.ROOT), v));
    return new Choices<>(Map.copyOf(lower), listed, true, hint);
  }

  /** Text appended to the error after the list, such as where a related value goes. */
  public Choices<T> hint(String hint) {
    return new Choices<>(words, listed, ignoreCase, hint);
  }

  /** The listed words, in order. */
  public List<String> listed() {
    return listed;
  }

  /**
   * @throws IllegalArgumentException naming the text and the choices
   */
  public T parse(String text) {
    String s = text.trim();
    T v = words.get(ignoreCase ? s.toLowerCase(Locale.ROOT) : s);
    if (v == null) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not one of " + String.join(", ", listed) + hint);
    }
    return v;
  }

  private Map<String, T> with(String word, T value) {
    Map<String, T> m = new LinkedHashMap<>(words);
    m.put(ignoreCase ? word.toLowerCase(Locale.ROOT) : word, value);
    return Map.copyOf(m);
  }
}
