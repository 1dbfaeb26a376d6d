package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestTargets;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The guard every probe runs behind: a broken probe still ends, in time, with a reason. */
class ProbesTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();

  static final Target TARGET =
      TestTargets.target("name: shop\ntimeout: 200ms\nhttp: {url: \"http://127.0.0.1:1/\"}");

  static final String INTERNAL =
      "the probe failed: an internal error in Lookout's http check (details in the agent log)";

  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger guardLog = (Logger) LoggerFactory.getLogger(ProbeGuard.class);

  @BeforeEach
  void captureLog() {
    log.start();
    guardLog.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    guardLog.detachAppender(log);
  }

  /** Runs {@code probe} once behind the guard, on an event loop, as a lane does. */
  static ProbeResult run(Probes probes) {
    return TestVertx.await(TestVertx.onLoop(loop.vertx(), () -> probes.run(TARGET)));
  }

  static Probe throwing() {
    return t -> {
      throw new IllegalArgumentException("Infinity");
    };
  }

  static ProbeResult passing() {
    return ProbeResult.failed(Instant.now(), Duration.ZERO, "connect to 127.0.0.1:1 refused");
  }

  @Test
  void aProbeThatThrowsIsAFailedProbeWithAPlainReason() {
    ProbeResult r = run(Probes.of(loop.vertx(), throwing()));
    assertThat(r.failure()).isEqualTo(INTERNAL).doesNotContain("Infinity", "Exception");
  }

  @Test
  void aProbeWhoseFutureFailsIsAFailedProbeWithAPlainReason() {
    Probe failing =
        t -> Future.failedFuture(new IllegalStateException("For input string: \"/32\""));
    assertThat(run(Probes.of(loop.vertx(), failing)).failure()).isEqualTo(INTERNAL);
  }

  @Test
  void aProbeThatNeverCompletesIsCutOffAfterItsTimeoutPlusGrace() {
    long t0 = System.nanoTime();
    ProbeResult r = run(Probes.of(loop.vertx(), t -> Promise.<ProbeResult>promise().future()));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.failure())
        .isEqualTo("the probe did not finish within 1.2 s (the timeout of 200 ms plus 1 s grace)");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
    assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void aBrokenProbeIsLoggedOncePerSpellNotOnEveryRun() {
    AtomicReference<Probe> now = new AtomicReference<>(throwing());
    Probes probes = Probes.of(loop.vertx(), t -> now.get().run(t));
    for (int i = 0; i < 3; i++) {
      assertThat(run(probes).failure()).isEqualTo(INTERNAL);
    }
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0))
        .startsWith(
            "target \"shop\": " + INTERNAL + ": java.lang.IllegalArgumentException: Infinity");
    // The probe works again (its result may well be a failure of the target), then breaks again.
    now.set(t -> Future.succeededFuture(passing()));
    assertThat(run(probes).failure()).isEqualTo("connect to 127.0.0.1:1 refused");
    now.set(throwing());
    run(probes);
    run(probes);
    assertThat(warnings()).hasSize(2);
    // No stack trace at WARN: it goes to DEBUG, once per spell.
    assertThat(log.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  private List<String> warnings() {
    return log.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
