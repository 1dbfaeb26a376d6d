package dev.lookout.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code smtp:} block, the same for every part of Lookout that sends mail (the email notifier,
 * the mail delivery check): one parser, so the keys, defaults and errors cannot drift apart. Port
 * 465 means TLS from the first byte unless {@code implicit_tls} says otherwise; STARTTLS is then
 * off, else required.
 *
 * @param implicitTls TLS from the first byte (port 465) rather than STARTTLS
 * @param username null when the server takes mail without a login
 * @param password a secret: never printed
 */
public record SmtpSettings(
    String host,
    int port,
    boolean implicitTls,
    StartTls starttls,
    String username,
    String password) {
  public static final int DEFAULT_PORT = 587;

  /** How the SMTP connection is secured when it does not start with TLS. */
  public enum StartTls {
    REQUIRED,
    OPTIONAL,
    DISABLED
  }

  /**
   * Reads the keys {@code host}, {@code port} (587), {@code implicit_tls} (port == 465), {@code
   * starttls} ({@code required | optional | disabled}; disabled under implicit TLS), {@code
   * username} and {@code password} (also {@code password_file}), then rejects unknown keys.
   *
   * @return the settings, or null when {@code host} is missing or invalid (the error recorded)
   */
  public static SmtpSettings read(MapReader smtp) {
    String host = smtp.has("host") ? smtp.word("host") : smtp.required("host");
    int port = smtp.integer("port", DEFAULT_PORT, 1, 65535);
    boolean implicitTls = smtp.bool("implicit_tls", port == 465);
    StartTls starttls =
        enumChoice(
            smtp, "starttls", implicitTls ? StartTls.DISABLED : StartTls.REQUIRED, StartTls.class);
    String username = smtp.line("username");
    String password = smtp.secretLine("password");
    smtp.finish();
    return host == null
        ? null
        : new SmtpSettings(host, port, implicitTls, starttls, username, password);
  }

  /** One of an enum's constants, written in lower case; an error lists them. */
  static <E extends Enum<E>> E enumChoice(MapReader m, String key, E fallback, Class<E> type) {
    return m.parsed(
        key,
        fallback,
        s -> {
          try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            List<String> valid = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
              valid.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(
                "\"" + s + "\" is not one of " + String.join(", ", valid));
          }
        });
  }

  /** Host and port only: the password and the login never appear. */
  @Override
  public String toString() {
    return "Smtp[" + HostPort.format(host, port) + "]";
  }
}
