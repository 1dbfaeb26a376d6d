package dev.lookout.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A named destination for alerts, from the {@code notifiers:} block. Records holding secrets
 * (webhook URLs, passwords, HMAC keys) override {@code toString} so a secret never reaches a log
 * line or an error message by accident.
 */
public sealed interface NotifierConfig
    permits NotifierConfig.Log,
        NotifierConfig.Slack,
        NotifierConfig.Email,
        NotifierConfig.Webhook,
        NotifierConfig.Alertmanager {
  String name();

  String type();

  Delivery delivery();

  /** How hard the outbox tries: a timeout per attempt, and when to give up on a notification. */
  record Delivery(Duration attemptTimeout, Duration giveUpAfter) {
    public static final Delivery DEFAULT =
        new Delivery(Duration.ofSeconds(10), Duration.ofHours(24));

    public Delivery {
      if (attemptTimeout.isZero() || attemptTimeout.isNegative() || giveUpAfter.isNegative()) {
        throw new IllegalArgumentException("timeout and give_up_after must be positive");
      }
    }
  }

  /** Writes alerts to the agent's log: the embedded default when nothing else is configured. */
  record Log(String name) implements NotifierConfig {
    @Override
    public String type() {
      return "log";
    }

    @Override
    public Delivery delivery() {
      return Delivery.DEFAULT;
    }
  }

  /** A Slack incoming webhook; the URL is the secret. */
  record Slack(String name, URI webhookUrl, Delivery delivery) implements NotifierConfig {
    @Override
    public String type() {
      return "slack";
    }

    @Override
    public String toString() {
      return "Slack[" + name + " → " + webhookUrl.getHost() + "]";
    }
  }

  /** How the SMTP connection is secured. */
  enum StartTls {
    REQUIRED,
    OPTIONAL,
    DISABLED
  }

  /** Mail through an SMTP relay; {@code implicitTls} is TLS from the first byte (port 465). */
  record Email(
      String name,
      String host,
      int port,
      StartTls starttls,
      boolean implicitTls,
      String username,
      String password,
      String from,
      List<String> to,
      List<String> cc,
      Delivery delivery)
      implements NotifierConfig {
    public Email {
      to = List.copyOf(to);
      cc = List.copyOf(cc);
    }

    @Override
    public String type() {
      return "email";
    }

    @Override
    public String toString() {
      return "Email[" + name + " → " + host + ":" + port + "]";
    }
  }

  /** A JSON POST to any URL, optionally signed with an HMAC key. */
  record Webhook(String name, URI url, String hmacSecret, Delivery delivery)
      implements NotifierConfig {
    @Override
    public String type() {
      return "webhook";
    }

    @Override
    public String toString() {
      return "Webhook[" + name + " → " + url.getHost() + "]";
    }
  }

  /** Prometheus Alertmanager API v2; every URL gets every alert (an HA cluster deduplicates). */
  record Alertmanager(String name, List<URI> urls, Delivery delivery) implements NotifierConfig {
    public Alertmanager {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("an alertmanager notifier needs at least one url");
      }
    }

    @Override
    public String type() {
      return "alertmanager";
    }
  }
}
