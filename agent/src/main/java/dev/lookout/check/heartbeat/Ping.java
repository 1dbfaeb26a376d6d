package dev.lookout.check.heartbeat;

import java.time.Instant;
import java.util.Objects;

/**
 * One report from a job, as the ping API received it.
 *
 * @param kind a start, or the end of a run (success or failure)
 * @param exitStatus the exit status the job reported ({@code /ping/<target>/3}), or null
 * @param rid the run id pairing a start with its end when runs overlap, or {@code ""}
 * @param log the request body as text (at most {@link #MAX_LOG_BYTES}), or {@code ""}
 * @param logCut how many bytes of the body were cut off past {@link #MAX_LOG_BYTES}
 */
public record Ping(Kind kind, Integer exitStatus, String rid, Instant at, String log, long logCut) {
  /** The most of a request body kept as the run's log excerpt. */
  public static final int MAX_LOG_BYTES = 10 * 1024;

  public Ping {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    rid = rid == null ? "" : rid;
    log = log == null ? "" : log;
    if (logCut < 0) {
      throw new IllegalArgumentException("logCut must not be negative");
    }
    if (kind == Kind.START && exitStatus != null) {
      throw new IllegalArgumentException("a start has no exit status");
    }
  }

  public static Ping start(Instant at, String rid) {
    return new Ping(Kind.START, null, rid, at, "", 0);
  }

  public static Ping success(Instant at, String rid) {
    return new Ping(Kind.SUCCESS, null, rid, at, "", 0);
  }

  public static Ping fail(Instant at, String rid) {
    return new Ping(Kind.FAIL, null, rid, at, "", 0);
  }

  /** An exit status: 0 is a success, anything else a failure. */
  public static Ping exit(Instant at, String rid, int status) {
    return new Ping(status == 0 ? Kind.SUCCESS : Kind.FAIL, status, rid, at, "", 0);
  }

  public Ping withLog(String text, long cut) {
    return new Ping(kind, exitStatus, rid, at, text, cut);
  }

  /** What a ping says; also the {@code kind} label of the last-ping metric. */
  public enum Kind {
    START("start"),
    SUCCESS("success"),
    FAIL("fail");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Kind of(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no ping kind " + key);
    }
  }
}
