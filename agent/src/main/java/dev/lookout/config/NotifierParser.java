package dev.lookout.config;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code notifiers:} block and alert silences. URLs may be secrets (a Slack webhook URL
 * is its own password), so URL errors never echo the value.
 */
final class NotifierParser {
  static final List<String> TYPES = List.of("log", "slack", "email", "webhook", "alertmanager");
  private static final java.util.regex.Pattern PLAIN_ADDRESS_BREAKERS =
      java.util.regex.Pattern.compile("[\\s\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029<>,;]");

  private NotifierParser() {}

  static Map<String, NotifierConfig> notifiers(ConfigReader reader, MapReader m) {
    Map<String, NotifierConfig> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    for (String name : m.presentKeys()) {
      MapReader n = m.map(name);
      if (n == null) {
        continue;
      }
      String type = n.required("type");
      NotifierConfig parsed = type == null ? null : notifier(reader, n, name, type);
      n.finish();
      if (parsed != null) {
        out.put(name, parsed);
      }
    }
    return out;
  }

  private static NotifierConfig notifier(
      ConfigReader reader, MapReader n, String name, String type) {
    switch (type) {
      case "log":
        return new NotifierConfig.Log(name);
      case "slack":
        {
          URI url = url(reader, n, "webhook_url", true);
          NotifierConfig.Delivery d = delivery(n);
          return url == null ? null : new NotifierConfig.Slack(name, url, d);
        }
      case "webhook":
        {
          URI url = url(reader, n, "url", true);
          String secret = n.secret("hmac_secret");
          NotifierConfig.Delivery d = delivery(n);
          return url == null ? null : new NotifierConfig.Webhook(name, url, secret, d);
        }
      case "alertmanager":
        {
          List<URI> urls = new ArrayList<>();
          Node node = n.node("urls");
          if (node == null) {
            reader.error(n.node(), n.where() + " needs \"urls\" (Alertmanager base URLs)");
          } else {
            for (Node item : n.items(node)) {
              String text = reader.text(item, n.describe("urls"));
              URI u = text == null ? null : toUri(reader, item, n.describe("urls"), text, false);
              if (u != null) {
                urls.add(u);
              }
            }
          }
          NotifierConfig.Delivery d = delivery(n);
          return urls.isEmpty() ? null : new NotifierConfig.Alertmanager(name, urls, d);
        }
      case "email":
        return email(reader, n, name);
      default:
        String hint = Suggest.nearest(type, TYPES);
        reader.error(
            n.node("type"),
            n.describe("type")
                + ": unknown notifier type \""
                + type
                + "\""
                + (hint == null
                    ? " (valid: " + String.join(", ", TYPES) + ")"
                    : " (did you mean \"" + hint + "\"?)"));
        return null;
    }
  }

  private static NotifierConfig email(ConfigReader reader, MapReader n, String name) {
    MapReader smtp = n.map("smtp");
    if (smtp == null) {
      reader.error(n.node(), n.where() + " needs an \"smtp\" block (host, port, starttls, …)");
    }
    String host =
        smtp == null ? null : smtp.has("host") ? smtp.word("host") : smtp.required("host");
    boolean implicitDefault = false;
    int port = 587;
    NotifierConfig.StartTls starttls = NotifierConfig.StartTls.REQUIRED;
    String username = null;
    String password = null;
    boolean implicitTls = false;
    if (smtp != null) {
      port = smtp.integer("port", 587, 1, 65535);
      implicitDefault = port == 465;
      implicitTls = smtp.bool("implicit_tls", implicitDefault);
      starttls =
          smtp.parsed(
              "starttls",
              implicitTls ? NotifierConfig.StartTls.DISABLED : NotifierConfig.StartTls.REQUIRED,
              s -> {
                try {
                  return NotifierConfig.StartTls.valueOf(s.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "\"" + s + "\" is not one of required, optional, disabled");
                }
              });
      username = smtp.line("username");
      password = smtp.secretLine("password");
      smtp.finish();
    }
    String from = n.has("from") ? address(n, n.node("from"), "from") : n.required("from");
    List<String> to = addresses(n, "to");
    if (to.isEmpty() && !n.has("to")) {
      reader.error(n.node(), n.where() + " needs \"to\" (one or more addresses)");
    }
    List<String> cc = addresses(n, "cc");
    NotifierConfig.Delivery d = delivery(n);
    if (host == null || from == null || to.isEmpty()) {
      return null;
    }
    return new NotifierConfig.Email(
        name, host, port, starttls, implicitTls, username, password, from, to, cc, d);
  }

  /** The addresses of {@code key}: one, or a list; each that is not a plain address is an error. */
  private static List<String> addresses(MapReader n, String key) {
    List<String> out = new ArrayList<>();
    Node node = n.node(key);
    if (node == null) {
      return out;
    }
    for (Node item : n.items(node)) {
      String addr = address(n, item, key);
      if (addr != null) {
        out.add(addr);
      }
    }
    return out;
  }

  /**
   * One mail address, bare ({@code ops@example.com}): it goes into SMTP's {@code MAIL FROM} and
   * {@code RCPT TO} and into the mail's header lines, so no spaces, control characters or the
   * characters that separate or bracket addresses.
   */
  private static String address(MapReader n, Node item, String key) {
    String addr = n.reader().text(item, n.describe(key));
    if (addr == null) {
      return null;
    }
    if (PLAIN_ADDRESS_BREAKERS.matcher(addr).find() || !addr.contains("@")) {
      n.reader()
          .error(
              item,
              n.describe(key)
                  + ": \""
                  + WireText.printable(addr)
                  + "\" is not a plain mail address (write it as name@example.com)");
      return null;
    }
    return addr;
  }

  private static NotifierConfig.Delivery delivery(MapReader n) {
    Duration timeout =
        n.positiveDuration("timeout", NotifierConfig.Delivery.DEFAULT.attemptTimeout());
    Duration giveUp =
        n.positiveDuration("give_up_after", NotifierConfig.Delivery.DEFAULT.giveUpAfter());
    return new NotifierConfig.Delivery(timeout, giveUp);
  }

  private static URI url(ConfigReader reader, MapReader n, String key, boolean secret) {
    String text = secret ? n.secret(key) : n.string(key);
    if (text == null) {
      if (!n.has(key) && !n.has(key + "_file")) {
        reader.error(n.node(), n.where() + " needs \"" + key + "\"");
      }
      return null;
    }
    Node at = n.node(key) != null ? n.node(key) : n.node(key + "_file");
    return toUri(reader, at, n.describe(key), text, secret);
  }

  private static URI toUri(ConfigReader reader, Node at, String what, String text, boolean secret) {
    try {
      URI u = new URI(text.trim());
      if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      reader.error(
          at,
          what
              + (secret
                  ? " is not an http(s) URL (value not shown: it is a secret)"
                  : ": \"" + text + "\" is not an http(s) URL"));
      return null;
    }
  }

  /** The {@code silences:} list of an {@code alert:} block. */
  static List<Silence> silences(MapReader alert, String key) {
    ConfigReader reader = alert.reader();
    List<Silence> out = new ArrayList<>();
    Node node = alert.node(key);
    if (node == null) {
      return out;
    }
    int i = 0;
    for (Node item : alert.items(node)) {
      int errorsBefore = reader.errors().size();
      MapReader s = new MapReader(reader, item, alert.describe(key) + "[" + i++ + "]");
      Silence.Weekly weekly = s.parsed("weekly", null, Silence.Weekly::parse);
      Instant from = s.parsed("from", null, NotifierParser::instant);
      Instant until = s.parsed("until", null, NotifierParser::instant);
      List<String> targets = s.strings("targets");
      Map<String, String> labels = s.stringMap("labels");
      s.finish();
      if (reader.errors().size() > errorsBefore) {
        continue; // already reported; "needs from + until" would only repeat it
      }
      try {
        out.add(new Silence(from, until, weekly, targets, labels));
      } catch (IllegalArgumentException e) {
        reader.error(item, s.where() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static Instant instant(String text) {
    try {
      return java.time.OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a timestamp like 2026-12-01T22:00:00Z");
    }
  }
}
