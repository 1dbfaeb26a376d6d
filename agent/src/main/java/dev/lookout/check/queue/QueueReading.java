package dev.lookout.check.queue;

import dev.lookout.check.queue.QueueCheck.AgeUnit;
import dev.lookout.check.queue.QueueCheck.At;
import dev.lookout.check.queue.QueueCheck.Sum;
import dev.lookout.probe.Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads depth, consumers and oldest age out of a stats endpoint's JSON answer. Pure: the same body
 * and clock reading give the same observation, or the same precise reason why there is none ({@code
 * /messages_ready not found in response}). Uses Vert.x only for JSON values and RFC 6901 JSON
 * Pointers.
 */
final class QueueReading {
  /** Marks a pointer that matches nothing, as opposed to one that matches a JSON null. */
  private static final Object MISSING = new Object();

  /**
   * The largest number read: 2^53, beyond which a double no longer holds every integer, so a count
   * could not be shown or compared exactly. No real backlog, consumer count or timestamp in
   * milliseconds comes near it.
   */
  static final double LARGEST = 9_007_199_254_740_992d;

  /**
   * Digits with an optional sign, fraction and exponent: the text a numeric string may hold (JSON's
   * number grammar, RFC 8259 section 6, with leading zeros allowed).
   */
  private static final java.util.regex.Pattern NUMBER_TEXT =
      java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private QueueReading() {}

  /** The answer cannot be read as a backlog; the message says why, in words for a person. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  static QueueObservation read(Buffer body, QueueCheck check, Instant now) throws Unreadable {
    Object doc = parse(body);
    double depth =
        check.depth() instanceof At at ? count(doc, at.pointer(), "depth") : sum(doc, check);
    double consumers =
        check.consumers() == null ? Double.NaN : count(doc, check.consumers(), "consumers");
    double age = check.oldestAge() == null ? Double.NaN : age(doc, check, depth, now);
    return new QueueObservation(depth, consumers, age);
  }

  private static Object parse(Buffer body) throws Unreadable {
    String text = body.toString(java.nio.charset.StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new Unreadable("body is empty, not JSON");
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new Unreadable("body is not JSON: " + clip(text, 60));
    }
  }

  private static double sum(Object doc, QueueCheck check) throws Unreadable {
    Sum sum = (Sum) check.depth();
    Object found = lookup(doc, sum.array());
    String where = sum.array().isEmpty() ? "the root" : sum.array();
    if (found == MISSING) {
      throw new Unreadable(sum.array() + " not found in response");
    }
    if (!(found instanceof JsonArray array)) {
      throw new Unreadable("value at " + where + " is " + show(found) + ", not a list");
    }
    double total = 0;
    for (int i = 0; i < array.size(); i++) {
      total += count(array.getValue(i), sum.field(), sum.array() + "/" + i + sum.field(), "depth");
    }
    if (total > LARGEST) {
      throw new Unreadable(
          "depth summed over "
              + where
              + " is out of range ("
              + format(total)
              + ", more than "
              + format(LARGEST)
              + ")");
    }
    return total;
  }

  private static double count(Object doc, String pointer, String what) throws Unreadable {
    return count(doc, pointer, pointer, what);
  }

  /**
   * The non-negative number at {@code pointer}; {@code shown} is how the place is named in errors
   * (the full path when {@code doc} is one element of a summed array).
   */
  private static double count(Object doc, String pointer, String shown, String what)
      throws Unreadable {
    Object found = lookup(doc, pointer);
    if (found == MISSING) {
      throw new Unreadable(shown + " not found in response");
    }
    double v = number(found, shown, what);
    if (v < 0) {
      throw new Unreadable("negative " + what + " " + format(v) + " at " + shown);
    }
    return v;
  }

  private static double age(Object doc, QueueCheck check, double depth, Instant now)
      throws Unreadable {
    String pointer = check.oldestAge();
    Object found = lookup(doc, pointer);
    if (found == MISSING && check.oldestAgeRequired()) {
      throw new Unreadable(pointer + " not found in response");
    }
    if (depth == 0) {
      // Nothing waits, so nothing is old, whatever a stale head timestamp says.
      return 0;
    }
    if (found == MISSING || found == null) {
      return Double.NaN;
    }
    AgeUnit unit = check.oldestAgeUnit();
    if (unit == AgeUnit.ISO8601) {
      return since(iso(found, pointer), now);
    }
    double v = number(found, pointer, "oldest age");
    if (v < 0) {
      throw new Unreadable("negative oldest age " + format(v) + " at " + pointer);
    }
    return switch (unit) {
      case SECONDS -> v;
      case MILLISECONDS -> v / 1000;
      case EPOCH_SECONDS -> since(v, now);
      case EPOCH_MILLIS -> since(v / 1000, now);
      default -> throw new IllegalStateException("unhandled unit " + unit);
    };
  }

  private static double iso(Object found, String pointer) throws Unreadable {
    if (found instanceof String s) {
      try {
        Instant t = OffsetDateTime.parse(s.trim()).toInstant();
        return t.getEpochSecond() + t.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new Unreadable(
        "value at " + pointer + " is " + show(found) + ", not an ISO-8601 timestamp");
  }

  /** Age of a Unix timestamp; a timestamp slightly ahead of our clock (skew) is age 0. */
  private static double since(double epochSeconds, Instant now) {
    double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
    return Math.max(0, nowSeconds - epochSeconds);
  }

  /**
   * The number at {@code pointer}, finite and at most {@link #LARGEST} in size. JSON allows any
   * number of digits: {@code 1e309} reads as infinity and a 33-digit count as a double that the
   * long-valued findings would clamp to 9223372036854775807, so both are refused with a reason
   * rather than carried on as a wrong value.
   */
  private static double number(Object found, String pointer, String what) throws Unreadable {
    double v;
    if (found instanceof Number n) {
      v = n.doubleValue();
    } else if (found instanceof String s && NUMBER_TEXT.matcher(s.strip()).matches()) {
      // Some stats endpoints (Redis-backed ones especially) send counts as strings. Only JSON's
      // number grammar counts: Java's parser would also take "NaN", "0x1p3" and "42d".
      v = Double.parseDouble(s.strip());
    } else {
      throw new Unreadable("value at " + pointer + " is " + show(found) + ", not a number");
    }
    if (!Double.isFinite(v)) {
      throw new Unreadable(what + " at " + pointer + " is not a finite number");
    }
    if (Math.abs(v) > LARGEST) {
      throw new Unreadable(
          what
              + " at "
              + pointer
              + " is out of range ("
              + show(found)
              + ", more than "
              + format(LARGEST)
              + ")");
    }
    return v;
  }

  /** The value at a pointer: a JSON value, null for a JSON null, or {@link #MISSING}. */
  private static Object lookup(Object doc, String pointerText) {
    JsonPointer pointer = JsonPointer.from(pointerText);
    if (pointer.isRootPointer()) {
      return doc;
    }
    if (!(doc instanceof JsonObject) && !(doc instanceof JsonArray)) {
      return MISSING;
    }
    Object value = pointer.queryJson(doc);
    if (value != null) {
      return value;
    }
    Object container = pointer.copy().parent().queryJson(doc);
    String last =
        pointerText
            .substring(pointerText.lastIndexOf('/') + 1)
            .replace("~1", "/")
            .replace("~0", "~");
    if (container instanceof JsonObject o) {
      return o.containsKey(last) ? null : MISSING;
    }
    if (container instanceof JsonArray a && last.matches("\\d{1,9}")) {
      return Integer.parseInt(last) < a.size() ? null : MISSING;
    }
    return MISSING;
  }

  /** How a JSON value is named in a reason: strings quoted and clipped, containers by kind. */
  static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + clip(s, 40) + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    return clip(String.valueOf(value), 40);
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) <= LARGEST) {
      return Long.toString((long) v);
    }
    return String.valueOf(v);
  }

  /** Text from the outside world on one line and short, so it cannot flood a message. */
  static String clip(String s, int max) {
    return Text.clip(s.strip(), max);
  }
}
