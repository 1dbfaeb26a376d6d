package dev.lookout.check.maildelivery;

import dev.lookout.config.Durations;
import dev.lookout.config.MailAddress;
import dev.lookout.config.SmtpSettings;
import dev.lookout.probe.Attempt;
import dev.lookout.probe.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * One probe under one deadline: send the message, then look for it over IMAP with growing pauses
 * until it shows up or the wait ends. IMAP calls run one at a time on the mail worker pool; every
 * callback, the pauses and the deadline run on the loop that started the attempt, so its state
 * needs no locks.
 */
final class MailDeliveryAttempt extends Attempt<ProbeResult> {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The first pause between looks, then ×1.5 up to {@link #MAX_PAUSE_MS}. */
  static final long FIRST_PAUSE_MS = 200;

  static final long MAX_PAUSE_MS = 10_000;

  private final WorkerExecutor worker;
  private final Clock clock;
  private final String targetName;
  private final MailDeliveryCheck check;
  private final Instant startedAt;
  private String phase = "smtp";
  private MailClient client;
  private ProbeId id;
  private Mailbox mailbox;
  private boolean busy;
  private long pauseTimer = -1;
  private long pause = FIRST_PAUSE_MS;
  private long sentNanos;
  private Instant sentAt;
  private long waitEndNanos;
  private Duration wait;
  private int removed;

  MailDeliveryAttempt(
      Vertx vertx,
      WorkerExecutor worker,
      Clock clock,
      String targetName,
      MailDeliveryCheck check,
      Duration timeout) {
    super(vertx, timeout, System.nanoTime());
    this.worker = worker;
    this.clock = clock;
    this.targetName = targetName;
    this.check = check;
    this.startedAt = clock.instant();
  }

  Future<ProbeResult> start() {
    Future<ProbeResult> settled = arm();
    id = ProbeId.next(targetName, clock.instant());
    client = MailClient.create(vertx, mailConfig(check.smtp(), remainingMillis()));
    client
        .sendMail(message())
        .onSuccess(r -> sent())
        .onFailure(e -> fail(MailFailures.smtp(e, check, timeout())));
    return settled;
  }

  static MailConfig mailConfig(SmtpSettings smtp, long timeoutMillis) {
    MailConfig mc =
        new MailConfig()
            .setHostname(smtp.host())
            .setPort(smtp.port())
            .setSsl(smtp.implicitTls())
            .setStarttls(StartTLSOptions.valueOf(smtp.starttls().name()))
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .setKeepAlive(false);
    if (smtp.username() != null) {
      mc.setLogin(LoginOption.REQUIRED).setUsername(smtp.username()).setPassword(smtp.password());
    } else {
      mc.setLogin(LoginOption.DISABLED);
    }
    return mc;
  }

  private MailMessage message() {
    MailMessage m =
        new MailMessage()
            .setFrom(check.from())
            .setTo(check.to())
            .setSubject(check.subject())
            .setText(
                "Lookout delivery probe "
                    + id
                    + "\n\nThis message checks that mail from "
                    + check.from()
                    + " reaches "
                    + check.to()
                    + ". Lookout reads it back and deletes it.\n");
    m.addHeader("Message-ID", "<" + id + "@" + MailAddress.domain(check.from()) + ">");
    m.addHeader(ProbeId.HEADER, id.toString());
    return m;
  }

  private void sent() {
    closeClient();
    if (isSettled()) {
      return;
    }
    sentNanos = System.nanoTime();
    sentAt = clock.instant();
    long reserveNanos = Math.min(5_000, timeout().toMillis() / 5) * 1_000_000L;
    long deadline = startNanos() + timeout().toNanos();
    waitEndNanos = deadline - reserveNanos;
    Duration within = check.expect().deliveredWithin();
    if (within != null && sentNanos + within.toNanos() <= waitEndNanos) {
      waitEndNanos = sentNanos + within.toNanos();
      wait = within;
    }
    phase = "imap";
    long timeoutMillis = remainingMillis();
    busy = true;
    this.<Mailbox>blocking(
            () -> {
              Mailbox mb = new Mailbox(check.imap(), timeoutMillis, clock);
              try {
                mb.open();
              } catch (Exception e) {
                mb.close();
                throw e;
              }
              return mb;
            })
        .onComplete(
            ar -> {
              busy = false;
              if (ar.succeeded()) {
                mailbox = ar.result();
              }
              if (isSettled()) {
                closeMailbox();
              } else if (ar.failed()) {
                fail(MailFailures.imap(ar.cause(), check.imap(), timeout()));
              } else {
                look();
              }
            });
  }

  private void look() {
    pauseTimer = -1;
    if (isSettled()) {
      closeMailbox();
      return;
    }
    busy = true;
    Mailbox mb = mailbox;
    blocking(() -> mb.look(id, check.inbox(), check.spam()))
        .onComplete(
            ar -> {
              busy = false;
              long now = System.nanoTime();
              if (isSettled()) {
                closeMailbox();
                return;
              }
              if (ar.failed()) {
                fail(MailFailures.imap(ar.cause(), check.imap(), timeout()));
                return;
              }
              removed += ar.result().removed();
              Mailbox.Found found = ar.result().found();
              if (found != null) {
                delivered(found, Duration.ofNanos(now - sentNanos));
              } else if (now >= waitEndNanos) {
                notDelivered(Duration.ofNanos(now - sentNanos));
              } else {
                long left = Math.max(1, (waitEndNanos - now) / 1_000_000);
                pauseTimer = vertx.setTimer(Math.min(pause, left), t -> look());
                pause = Math.min(MAX_PAUSE_MS, pause * 3 / 2);
              }
            });
  }

  private void delivered(Mailbox.Found found, Duration delivery) {
    String fromDomain = MailAddress.domain(check.from());
    MailAuth auth = MailAuth.choose(found.authResults(), check.authservId(), fromDomain);
    MailDeliveryObservation o =
        new MailDeliveryObservation(
            sentAt, delivery, delivery, found.role(), found.folder(), auth, removed);
    // Logged out before the result is handed on: a finished probe holds no connection.
    closeMailbox().onComplete(v -> settle(ProbeResult.answered(startedAt, delivery, o)));
  }

  private void notDelivered(Duration waited) {
    Duration shown =
        wait != null ? wait : Duration.ofSeconds(Math.round(waited.toMillis() / 1000.0));
    MailDeliveryObservation o =
        new MailDeliveryObservation(sentAt, null, waited, null, null, MailAuth.NONE, removed);
    String reason =
        "not delivered within "
            + MailDeliveryEvaluator.length(shown)
            + " (sent "
            + CLOCK.format(sentAt)
            + " UTC, not in "
            + check.describeFolders()
            + ")";
    closeMailbox().onComplete(v -> settle(new ProbeResult(startedAt, elapsed(), o, reason)));
  }

  @Override
  protected void onTimeout() {
    String reason =
        phase.equals("smtp")
            ? "SMTP "
                + dev.lookout.config.HostPort.format(check.smtp().host(), check.smtp().port())
                + " did not take the message within "
                + Durations.human(timeout())
            : "IMAP "
                + check.imap().peer()
                + " did not answer within "
                + Durations.human(timeout());
    fail(reason);
  }

  private void fail(String reason) {
    settle(ProbeResult.failed(startedAt, elapsed(), reason));
    closeClient();
    closeMailbox();
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** Logs out on the worker, unless an IMAP call still runs: its completion closes instead. */
  private Future<Void> closeMailbox() {
    if (pauseTimer >= 0) {
      vertx.cancelTimer(pauseTimer);
      pauseTimer = -1;
    }
    if (mailbox == null || busy) {
      return Future.succeededFuture();
    }
    Mailbox mb = mailbox;
    mailbox = null;
    return blocking(
        () -> {
          mb.close();
          return null;
        });
  }

  /**
   * Runs a blocking IMAP step on the mail pool, or on Vert.x's own workers once the pool is closed
   * (the probe was dropped by a reload while this attempt still logs out).
   */
  private <T> Future<T> blocking(Callable<T> step) {
    try {
      return worker.executeBlocking(step, false);
    } catch (RejectedExecutionException e) {
      return vertx.executeBlocking(step, false);
    }
  }
}
