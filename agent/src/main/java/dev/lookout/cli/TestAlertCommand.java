package dev.lookout.cli;

import dev.lookout.alert.Notification;
import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierTypes;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.NotifierConfig;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lookout test-alert -c FILE NOTIFIER}: sends one clearly marked test notification straight
 * through a notifier (no outbox, no retries) and reports success or the exact failure, so a person
 * setting up Slack or SMTP finds out now rather than during the first outage. Exit 0 sent, 1 the
 * notifier failed, 2 the config or the notifier name is wrong.
 */
@Command(
    name = "test-alert",
    mixinStandardHelpOptions = true,
    description = "Send a test notification through one notifier and report the result.")
public final class TestAlertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      description = "Config file (default: ${DEFAULT-VALUE})",
      defaultValue = "lookout.yaml")
  Path config;

  @Parameters(
      index = "0",
      paramLabel = "NOTIFIER",
      description = "Name of a notifier in the config")
  String notifier;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config cfg;
    try {
      cfg = ConfigLoader.withSystemEnvironment().load(config);
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println(error);
      }
      return 2;
    }
    NotifierConfig nc =
        NotifierConfig.nameable(cfg.notifiers()).contains(notifier)
            ? NotifierConfig.running(cfg.notifiers()).get(notifier)
            : null;
    if (nc == null) {
      err.println(
          "no notifier named \""
              + notifier
              + "\" in "
              + config
              + " (configured: "
              + (cfg.notifiers().isEmpty() ? "none" : String.join(", ", cfg.notifiers().keySet()))
              + ")");
      return 2;
    }
    Vertx vertx = Runtimes.vertx();
    try {
      Notifier n = NotifierTypes.create(nc, NotifierContext.of(vertx, cfg.agent().labels()));
      Notification test =
          new Notification(Notification.newId(), nc.name(), Instant.now(), List.of(), true);
      long waitMs = nc.delivery().attemptTimeout().toMillis() + 1000;
      try {
        n.send(test).toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
        out.println(
            "sent a test notification to \""
                + nc.name()
                + "\" ("
                + nc.type()
                + "), id "
                + test.id());
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        err.println("test notification failed: " + e.getCause().getMessage());
        return 1;
      } catch (java.util.concurrent.TimeoutException e) {
        err.println(
            "test notification failed: "
                + nc.type()
                + " notifier \""
                + nc.name()
                + "\": no answer within "
                + dev.lookout.config.Durations.human(nc.delivery().attemptTimeout()));
        return 1;
      } finally {
        n.close();
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
