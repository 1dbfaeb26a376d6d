package dev.lookout.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One notifier's block as its {@link NotifierSyntax} reads it: typed values with errors that name
 * file:line:col, and the shapes notifiers share (URLs that may be secrets, mail addresses, the
 * delivery settings). URLs may be secrets (a Slack webhook URL is its own password), so URL errors
 * never echo a secret value.
 */
public final class NotifierBlock {
  private final MapReader m;
  private final String name;

  NotifierBlock(MapReader m, String name) {
    this.m = m;
    this.name = name;
  }

  /** The notifier's name: its key under {@code notifiers:}. */
  public String name() {
    return name;
  }

  public boolean has(String key) {
    return m.has(key);
  }

  public String required(String key) {
    return m.required(key);
  }

  public String secret(String key) {
    return m.secret(key);
  }

  /** A value that goes into a protocol line (SMTP, a mail header): one line, never echoed. */
  public String line(String key) {
    return m.line(key);
  }

  public String secretLine(String key) {
    return m.secretLine(key);
  }

  /** A host name: one word. */
  public String word(String key) {
    return m.word(key);
  }

  public int integer(String key, int fallback, int min, int max) {
    return m.integer(key, fallback, min, max);
  }

  public boolean bool(String key, boolean fallback) {
    return m.bool(key, fallback);
  }

  /** One of an enum's constants, written in lower case; an error lists them. */
  public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
    return SmtpSettings.enumChoice(m, key, fallback, type);
  }

  /** This block read as an SMTP server's settings (see {@link SmtpSettings#read}). */
  public SmtpSettings smtp() {
    return SmtpSettings.read(m);
  }

  /** A nested block ({@code smtp:}), or null when absent. */
  public NotifierBlock block(String key) {
    MapReader inner = m.map(key);
    return inner == null ? null : new NotifierBlock(inner, name);
  }

  /** Reports {@code <where> needs <what>} at the block. */
  public void needs(String what) {
    m.reader().error(m.node(), m.where() + " needs " + what);
  }

  /** Rejects keys nobody asked for (call once, after reading every key). */
  public void finish() {
    m.finish();
  }

  /** An http(s) URL; with {@code secret}, inline or as {@code KEY_file}, and never echoed. */
  public URI url(String key, boolean secret) {
    String text = secret ? m.secret(key) : m.string(key);
    if (text == null) {
      if (!m.has(key) && !m.has(key + "_file")) {
        needs("\"" + key + "\"");
      }
      return null;
    }
    Node at = m.node(key) != null ? m.node(key) : m.node(key + "_file");
    return toUri(at, m.describe(key), text, secret);
  }

  /** A list of http(s) URLs (not secrets); {@code what} says what they are, for the error. */
  public List<URI> urls(String key, String what) {
    List<URI> urls = new ArrayList<>();
    Node node = m.node(key);
    if (node == null) {
      needs("\"" + key + "\" (" + what + ")");
      return urls;
    }
    for (Node item : m.items(node)) {
      String text = m.reader().text(item, m.describe(key));
      URI u = text == null ? null : toUri(item, m.describe(key), text, false);
      if (u != null) {
        urls.add(u);
      }
    }
    return urls;
  }

  private URI toUri(Node at, String what, String text, boolean secret) {
    try {
      URI u = new URI(text.trim());
      if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      m.reader()
          .error(
              at,
              what
                  + (secret
                      ? " is not an http(s) URL (value not shown: it is a secret)"
                      : ": \"" + text + "\" is not an http(s) URL"));
      return null;
    }
  }

  /** The addresses of {@code key}: one, or a list; each that is not a plain address is an error. */
  public List<String> addresses(String key) {
    List<String> out = new ArrayList<>();
    Node node = m.node(key);
    if (node == null) {
      return out;
    }
    for (Node item : m.items(node)) {
      String addr = address(item, key);
      if (addr != null) {
        out.add(addr);
      }
    }
    return out;
  }

  /** One mail address under {@code key}, or null (with an error when it is not plain). */
  public String address(String key) {
    return MailAddress.read(m, key);
  }

  private String address(Node item, String key) {
    return MailAddress.read(m, item, key);
  }

  /** {@code timeout} and {@code give_up_after}, with the outbox's defaults. */
  public NotifierConfig.Delivery delivery() {
    Duration timeout =
        m.positiveDuration("timeout", NotifierConfig.Delivery.DEFAULT.attemptTimeout());
    Duration giveUp =
        m.positiveDuration("give_up_after", NotifierConfig.Delivery.DEFAULT.giveUpAfter());
    return new NotifierConfig.Delivery(timeout, giveUp);
  }
}
