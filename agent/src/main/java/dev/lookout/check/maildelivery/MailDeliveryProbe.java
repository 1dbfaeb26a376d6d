package dev.lookout.check.maildelivery;

import dev.lookout.config.Target;
import dev.lookout.probe.Probe;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mail_delivery} check: sends a message with the Vert.x mail client and reads it back
 * over IMAP with Angus Mail. Angus blocks, so its calls run on a small shared worker pool of their
 * own ({@code lookout-mail}): a slow mailbox holds neither an event loop nor the workers that
 * render notifications. One instance per scheduler lane.
 */
public final class MailDeliveryProbe implements Probe {
  static final String POOL = "lookout-mail";
  static final int POOL_SIZE = 4;

  private final Vertx vertx;
  private final Clock clock;
  private final WorkerExecutor worker;

  public MailDeliveryProbe(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    // An IMAP call is bounded by its socket timeouts (the probe's time left), not by Vert.x's
    // 60 s blocked-worker warning: a probe may wait minutes for slow mail.
    this.worker = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE, 1, TimeUnit.HOURS);
  }

  @Override
  public Future<ProbeResult> run(Target target) {
    MailDeliveryCheck check = (MailDeliveryCheck) target.check();
    return new MailDeliveryAttempt(vertx, worker, clock, target.name(), check, target.timeout())
        .start();
  }

  @Override
  public void close() {
    worker.close();
  }
}
