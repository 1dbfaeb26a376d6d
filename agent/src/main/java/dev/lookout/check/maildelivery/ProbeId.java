package dev.lookout.check.maildelivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The probe's unique id, carried in the {@code X-Lookout-Probe} header and the body: {@code
 * lookout-<target>-<sent, Unix ms>-<random>}. {@code <target>} is a hash of the target's name (no
 * name text reaches a header), so a run can tell its own target's leftovers from another target's
 * message still on its way, when two targets (two providers) share one inbox.
 */
record ProbeId(String target, long sentMillis, String random) {
  static final String HEADER = "X-Lookout-Probe";
  static final String PREFIX = "lookout-";

  /** A probe message of any target older than this is removed too (a target since deleted). */
  static final Duration ABANDONED = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  static ProbeId next(String targetName, Instant now) {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    return new ProbeId(token(targetName), now.toEpochMilli(), HexFormat.of().formatHex(r));
  }

  static String token(String targetName) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(targetName.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The id as written in the header; parsed back by {@link #parse}. */
  @Override
  public String toString() {
    return PREFIX + target + "-" + sentMillis + "-" + random;
  }

  /** A header value read back, or null when it is not one of ours. */
  static ProbeId parse(String value) {
    if (value == null) {
      return null;
    }
    String[] p = value.trim().split("-");
    if (p.length != 4 || !(p[0] + "-").equals(PREFIX)) {
      return null;
    }
    try {
      return new ProbeId(p[1], Long.parseLong(p[2]), p[3]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Whether a probe message with this id, found while probing {@code current}, is left over: an
   * earlier run of the same target (runs of a target never overlap), or any target's message past
   * {@link #ABANDONED}.
   */
  boolean leftOverFrom(ProbeId current, Instant now) {
    if (equals(current)) {
      return false;
    }
    return target.equals(current.target)
        || Instant.ofEpochMilli(sentMillis).plus(ABANDONED).isBefore(now);
  }
}
