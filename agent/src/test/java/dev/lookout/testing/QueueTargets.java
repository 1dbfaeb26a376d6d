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

  /**
   * Runs a queue probe once, with all three readings, on a throwaway Vert.x instance, so the
   * classes a first probe loads (ours, dnsjava's, Vert.x's) are loaded before a test's event loop
   * is watched for blocking. Class loading is a one-time JVM cost, not a blocked loop.
   */
  public static void warmUp(ScriptedStats stats) {
    io.vertx.core.Vertx v = io.vertx.core.Vertx.vertx();
    dev.lookout.check.queue.QueueProbe probe =
        new dev.lookout.check.queue.QueueProbe(
            v, dev.lookout.probe.HostResolver.system(), "warm-up", java.time.Clock.systemUTC());
    try {
      stats.on("/warm-up", ScriptedStats.Reply.json("{\"q\": [{\"n\": 1, \"c\": 1, \"t\": 5}]}"));
      run(
          v.getOrCreateContext(),
          probe,
          target(
              "{url: \""
                  + stats.url("/warm-up")
                  + "\", sum: {array: /q, field: /n}, consumers: /q/0/c, oldest_age: /q/0/t}",
              "{depth_below: 10}"));
    } finally {
      probe.close();
      TestVertx.await(v.close());
    }
  }

  /** Runs one probe on {@code context}, as a lane would, and waits for it on the test thread. */
  public static ProbeResult run(Context context, Probe probe, Target target) {
    Promise<ProbeResult> done = Promise.promise();
    context.runOnContext(v -> probe.run(target).onComplete(done));
    return TestVertx.await(done.future());
  }
}
