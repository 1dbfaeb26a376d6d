package dev.lookout.testing;

import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.Map;

/** Builds queue targets from YAML, through the real loader, and runs probes on an event loop. */
public final class QueueTargets {
  private QueueTargets() {}

  /**
   * A target named {@code jobs} with the given {@code queue:} and {@code expect:} flow mappings
   * ({@code expect} may be null).
   */
  public static Target target(String queue, String expect) {
    return target(queue, expect, Map.of(), Path.of("."));
  }

  public static Target target(String queue, String expect, Map<String, String> env, Path dir) {
    String yaml =
        "targets:\n"
            + "  - name: jobs\n"
            + "    timeout: 2s\n"
            + "    queue: "
            + queue
            + "\n"
            + (expect == null ? "" : "    expect: " + expect + "\n");
    try {
      return new ConfigLoader(env::get).parse("test.yaml", dir, yaml).targets().get(0);
    } catch (ConfigException e) {
      throw new AssertionError("config rejected:\n" + e.getMessage(), e);
    }
  }

  /** Runs one probe on {@code context}, as a lane would, and waits for it on the test thread. */
  public static ProbeResult run(Context context, Probe probe, Target target) {
    Promise<ProbeResult> done = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(done));
    return TestVertx.await(done.future());
  }
}
