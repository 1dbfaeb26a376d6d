package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lookout.alert.notify.alertmanager.AlertmanagerConfig;
import dev.lookout.alert.notify.email.EmailConfig;
import dev.lookout.alert.notify.slack.SlackConfig;
import dev.lookout.alert.notify.webhook.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code notifiers:} block and alert silences, from YAML to records and exact errors. */
class NotifierParserTest {
  static final Map<String, String> ENV =
      Map.of(
          "SLACK_WEBHOOK_URL",
          "https://hooks.slack.com/services/T0/B0/SECRET",
          "HOOK_SECRET",
          "k3y");

  static Config load(String yaml) throws ConfigException {
    return new ConfigLoader(ENV::get).parse("lookout.yaml", Path.of("/tmp"), yaml);
  }

  static List<String> errors(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("config should be refused").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void everyNotifierTypeParses() throws Exception {
    Config c =
        load(
            """
            notifiers:
              ops: {type: slack, webhook_url: "${SLACK_WEBHOOK_URL}", timeout: 3s}
              founders:
                type: email
                smtp: {host: smtp.example.com, port: 465, username: lookout, password: pw}
                from: alerts@example.com
                to: [founders@example.com]
                cc: ops@example.com
              am: {type: alertmanager, urls: ["http://127.0.0.1:9093", "http://127.0.0.1:9094"]}
              hook: {type: webhook, url: "https://hooks.example.com/lookout", hmac_secret: "${HOOK_SECRET}", give_up_after: 2h}
            defaults:
              alert:
                group_wait: 5s
                silences:
                  - {weekly: "Sun 02:00-04:00 Europe/Berlin", labels: {team: web}}
                  - {from: "2026-12-01T22:00:00Z", until: "2026-12-02T02:00:00Z", targets: [homepage]}
            targets:
              - name: homepage
                http: {url: "https://www.example.com/"}
            """);
    SlackConfig slack = (SlackConfig) c.notifiers().get("ops");
    assertThat(slack.delivery().attemptTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(slack.toString()).doesNotContain("SECRET");
    EmailConfig email = (EmailConfig) c.notifiers().get("founders");
    assertThat(email.implicitTls()).isTrue();
    assertThat(email.starttls()).isEqualTo(EmailConfig.StartTls.DISABLED);
    assertThat(email.cc()).containsExactly("ops@example.com");
    assertThat(email.toString()).doesNotContain("pw");
    WebhookConfig hook = (WebhookConfig) c.notifiers().get("hook");
    assertThat(hook.hmacSecret()).isEqualTo("k3y");
    assertThat(hook.delivery().giveUpAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(((AlertmanagerConfig) c.notifiers().get("am")).urls()).hasSize(2);
    AlertPolicy alert = c.targets().get(0).alert();
    assertThat(alert.silences()).hasSize(2);
    assertThat(alert.groupWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(alert.notifierNames()).containsExactly("ops", "founders", "am", "hook");
  }

  @Test
  void badNotifiersAreReportedWithoutEchoingSecrets() {
    List<String> errors =
        errors(
            """
            notifiers:
              ops: {type: slak, webhook_url: x}
              hook: {type: webhook, url: "not a url SECRETPART"}
              mail: {type: email, smtp: {host: smtp.example.com, starttls: maybe}, from: a@b.c, to: ["x@y\\r\\nBcc: z@q"]}
              am: {type: alertmanager}
            defaults:
              alert:
                silences:
                  - {weekly: "Sunday 02:00-04:00 Europe/Berlin"}
                  - {weekly: "Sun 02:00-04:00 Mars/Olympus"}
                  - {from: "2026-12-02T00:00:00Z", until: "2026-12-01T00:00:00Z"}
            targets:
              - name: homepage
                http: {url: "https://www.example.com/"}
            """);
    assertThat(errors)
        .anySatisfy(
            e -> assertThat(e).contains("unknown notifier type \"slak\" (did you mean \"slack\"?)"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains(
                        "notifiers.hook.url is not an http(s) URL (value not shown: it is a secret)"))
        .anySatisfy(
            e -> assertThat(e).contains("\"maybe\" is not one of required, optional, disabled"))
        .anySatisfy(e -> assertThat(e).contains("is not a plain mail address"))
        .anySatisfy(e -> assertThat(e).contains("needs \"urls\""))
        .anySatisfy(e -> assertThat(e).contains("\"Sunday\" is not a day"))
        .anySatisfy(e -> assertThat(e).contains("unknown time zone \"Mars/Olympus\""))
        .anySatisfy(e -> assertThat(e).contains("until must be after its from"))
        .noneSatisfy(e -> assertThat(e).contains("SECRETPART"));
  }
}
