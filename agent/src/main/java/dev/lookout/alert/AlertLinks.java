package dev.lookout.alert;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The links a notification carries: the status page ({@code agent.public_url}) and, with {@code
 * agent.ack_secret}, one ack link per incident, {@code <public_url>/ack/<incident>?sig=<expiry>.
 * <mac>}. The MAC is an HMAC-SHA256 over the incident id and the expiry, so a link acknowledges its
 * own incident only, and only until it expires. Live: a reload changes the settings for every
 * notifier at once. Never prints the secret.
 */
public final class AlertLinks {
  /** How long an ack link works: long enough for a weekend, short enough to go stale. */
  public static final Duration VALID = Duration.ofDays(7);

  private final Clock clock;
  private volatile Settings settings = new Settings(null, null);

  private record Settings(String base, byte[] secret) {}

  public AlertLinks(Clock clock) {
    this.clock = clock;
  }

  /** No links at all (tests, tools). */
  public static AlertLinks none() {
    return new AlertLinks(Clock.systemUTC());
  }

  /** Sets the public URL (null: no links) and the signing secret (null: no ack links). */
  public AlertLinks configure(URI publicUrl, String secret) {
    String base = publicUrl == null ? null : publicUrl.toString().replaceAll("/+$", "");
    settings =
        new Settings(
            base, secret == null || base == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The status page, or null without {@code agent.public_url}. */
  public String status() {
    Settings s = settings;
    return s.base == null ? null : s.base + "/";
  }

  /** Whether ack links can be made and checked. */
  public boolean signing() {
    return settings.secret != null;
  }

  /**
   * The ack link for an event that still wants someone (firing, updated, still firing, escalated),
   * or null: for other events, or without a public URL and secret.
   */
  public String ack(AlertEvent e) {
    Settings s = settings;
    if (s.secret == null
        || e.sequence() == 0
        || e.kind() == AlertEvent.Kind.RESOLVED
        || e.kind() == AlertEvent.Kind.ACKNOWLEDGED) {
      return null;
    }
    Instant expiry = clock.instant().plus(VALID);
    return s.base + "/ack/" + path(e.incident()) + "?sig=" + sign(s.secret, e.incident(), expiry);
  }

  /** Whether {@code sig} was made by this agent for this incident and has not expired. */
  public boolean verify(String incident, String sig, Instant now) {
    Settings s = settings;
    if (s.secret == null || sig == null) {
      return false;
    }
    int dot = sig.indexOf('.');
    if (dot < 1 || dot > 19) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(sig.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    String expected = sign(s.secret, incident, Instant.ofEpochSecond(expiry));
    boolean same =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
    return same && now.isBefore(Instant.ofEpochSecond(expiry));
  }

  /** {@code <expiry>.<mac>}, the expiry in Unix seconds, the MAC base64url without padding. */
  static String sign(byte[] secret, String incident, Instant expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] out =
          mac.doFinal(
              ("lookout-ack\n" + incident + "\n" + expiry.getEpochSecond())
                  .getBytes(StandardCharsets.UTF_8));
      return expiry.getEpochSecond()
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** An incident id as one path segment ({@code /} and spaces escaped). */
  public static String path(String incident) {
    return URLEncoder.encode(incident, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The incident id of a path segment made by {@link #path}. */
  public static String incident(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "AlertLinks["
        + (status() == null ? "none" : status())
        + (signing() ? ", signed" : "")
        + "]";
  }
}
