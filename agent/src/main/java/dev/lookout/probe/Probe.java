package dev.lookout.probe;

import dev.lookout.config.Target;
import io.vertx.core.Future;

/**
 * Runs one check against one target. Implementations never block, always finish within the target's
 * timeout, and never fail the future: every failure is a {@link ProbeResult} with a reason.
 */
public interface Probe {
  Future<ProbeResult> run(Target target);

  /** Releases the probe's clients and pools; the probe is not run again. */
  default void close() {}
}
