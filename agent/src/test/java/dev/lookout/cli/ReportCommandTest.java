package dev.lookout.cli;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestDnsServer;
import dev.lookout.testing.TestServers;
import dev.lookout.testing.TestVertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lookout report} end to end against real loopback peers: an HTTPS server whose certificate
 * expires in 5 days, a DNS server with one drifted A record and a domain whose DMARC policy is
 * p=none; and {@code --from} against an agent's HTTP surface.
 */
class ReportCommandTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir Path dir;

  @Test
  void aShopAboutToLaunchIsNotReadyAndTheRisksComeInOrder() throws Exception {
    Authority root = TestCertificates.root("Report Test Root");
    Issued leaf = root.leaf(days(-85), days(5).plus(Duration.ofHours(1)), "shop.example.test");
    Files.writeString(dir.resolve("ca.pem"), root.pem());
    HttpServer https =
        TestServers.http(
            loop.vertx(),
            new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(leaf.keyCertOptions())
                .setHost("127.0.0.1"),
            req -> req.response().end("ok"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String key = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    try (TestDnsServer dns = TestDnsServer.start()) {
      dns.records("www.example.test", "A", "192.0.2.99")
          .records("example.test", "TXT", "\"v=spf1 ip4:192.0.2.0/24 -all\"")
          .records(
              "_dmarc.example.test", "TXT", "\"v=DMARC1; p=none; rua=mailto:dmarc@example.test\"")
          .records("s1._domainkey.example.test", "TXT", txt("v=DKIM1; k=rsa; p=" + key))
          .records("example.test", "MX", "10 mx1.example.test.")
          .records("mx1.example.test", "A", "192.0.2.25");
      Path config =
          write(
              "lookout.yaml",
              "agent: {state_dir: '"
                  + dir.resolve("state")
                  + "'}\n"
                  + "handover:\n  owners: {dns: Dana}\n"
                  + "targets:\n"
                  + "  - name: shop-cert\n"
                  + "    tls: {host: shop.example.test, port: "
                  + https.actualPort()
                  + ", addresses: [127.0.0.1], ca_file: ca.pem}\n"
                  + "    expect: {days_left_above: 14}\n"
                  + "  - name: www\n"
                  + "    dns: {name: www.example.test, types: [A], resolvers: ['"
                  + dns.address()
                  + "']}\n"
                  + "    expect: {A: [192.0.2.10]}\n"
                  + "  - name: mail\n"
                  + "    email_auth: {domain: example.test, dkim_selectors: [s1], resolvers: ['"
                  + dns.address()
                  + "']}\n");
      Path out = dir.resolve("report.json");
      CliTest.Run r = CliTest.run("report", "-c", config.toString(), "-o", out.toString());

      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains("Not ready: 1 blocker, 2 risks");
      JsonObject report = new JsonObject(Files.readString(out));
      assertThat(report.getJsonObject("verdict").getString("summary"))
          .isEqualTo("Not ready: 1 blocker, 2 risks");
      List<String> risks = new ArrayList<>();
      for (Object o : report.getJsonArray("risks")) {
        JsonObject k = (JsonObject) o;
        risks.add(k.getString("level") + " " + k.getString("rule") + " " + k.getString("target"));
      }
      assertThat(risks)
          .containsExactly(
              "blocker cert_expiring shop-cert", "risk dns_drift www", "risk mail_auth_weak mail");
      JsonObject cert = report.getJsonArray("certificates").getJsonObject(0);
      assertThat(cert.getString("host")).isEqualTo("shop.example.test");
      assertThat(cert.getString("issuer")).isEqualTo("Report Test Root");
      assertThat(cert.getLong("days_left")).isEqualTo(5L);
      assertThat(cert.getLong("lifetime_days")).isEqualTo(90L);
      JsonObject www = report.getJsonArray("dns").getJsonObject(0);
      assertThat(www.getString("name")).isEqualTo("www.example.test");
      assertThat(www.getJsonArray("records").getJsonObject(0).getString("value"))
          .isEqualTo("192.0.2.99");
      assertThat(www.getJsonArray("problems")).isNotEmpty();
      assertThat(report.getJsonArray("mail").getJsonObject(0).getJsonArray("summary").getString(0))
          .startsWith(
              "Receivers deliver mail that fakes example.test as if it were real (DMARC p=none");
      assertThat(report.getValue("incidents")).isNull();
      assertThat(report.getJsonObject("handover").getJsonArray("gaps"))
          .containsExactly("secrets_rotation", "deploys", "downtime", "weekly_checks");

      CliTest.Run md = CliTest.run("report", "-c", config.toString(), "--format", "md");
      assertThat(md.code()).isEqualTo(1);
      assertThat(md.out()).startsWith("# Launch readiness: Not ready: 1 blocker, 2 risks");
    } finally {
      TestVertx.await(https.close());
    }
  }

  @Test
  void fromReadsTheAgentsStatusUptimeAndLeavesOutIncidentsItDoesNotServe() throws Exception {
    JsonObject status =
        new JsonObject()
            .put(
                "targets",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "checkout")
                            .put("type", "http")
                            .put("healthy", true)
                            .put("findings", new JsonArray())
                            .put(
                                "latency",
                                new JsonObject()
                                    .put("samples", 240)
                                    .put("p50_seconds", 0.08)
                                    .put("p95_seconds", 0.2)
                                    .put("p99_seconds", 0.31))
                            .put(
                                "detail",
                                new JsonObject()
                                    .put("facts", new JsonArray().add("HTTP 200"))
                                    .put("cert_days_left", 60))));
    HttpServer agent =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> {
              switch (req.path()) {
                case "/api/status" ->
                    req.response()
                        .putHeader("content-type", "application/json")
                        .end(status.encode());
                case "/metrics" ->
                    req.response()
                        .end(
                            "# TYPE lookout_uptime_ratio gauge\n"
                                + "lookout_uptime_ratio{target=\"checkout\",window=\"24h\"} 0.999\n"
                                + "lookout_uptime_ratio{target=\"checkout\",window=\"7d\"} 0.998\n");
                default -> req.response().setStatusCode(404).end();
              }
            });
    try {
      Path config =
          write(
              "lookout.yaml",
              "targets:\n  - {name: checkout, http: {url: 'http://127.0.0.1:1/'}}\n");
      CliTest.Run r =
          CliTest.run(
              "report",
              "-c",
              config.toString(),
              "--from",
              "http://127.0.0.1:" + agent.actualPort(),
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonObject report = new JsonObject(r.out());
      assertThat(report.getJsonObject("verdict").getString("summary"))
          .isEqualTo("Ready: no blockers, no risks");
      assertThat(report.getString("source"))
          .isEqualTo("the agent at http://127.0.0.1:" + agent.actualPort() + "/");
      JsonObject uptime = report.getJsonArray("uptime").getJsonObject(0);
      assertThat(uptime.getDouble("24h")).isEqualTo(0.999);
      assertThat(uptime.getValue("30d")).isNull();
      JsonObject perf = report.getJsonArray("performance").getJsonObject(0);
      assertThat(perf.getInteger("samples")).isEqualTo(240);
      assertThat(perf.getDouble("p95_seconds")).isEqualTo(0.2);
      assertThat(perf.getDouble("error_rate"))
          .isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(report.getValue("incidents")).isNull();
      assertThat(
              report
                  .getJsonObject("handover")
                  .getJsonArray("links")
                  .getJsonObject(0)
                  .getString("name"))
          .isEqualTo("Lookout status page");
    } finally {
      TestVertx.await(agent.close());
    }
  }

  @Test
  void fromTakesUptimeFromTheStatusWhenTheAgentPutsItThere() throws Exception {
    JsonObject target =
        new JsonObject()
            .put("name", "api")
            .put("type", "http")
            .put("healthy", false)
            .put(
                "findings",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("expectation", "status")
                            .put("message", "status 503, expected 2xx")))
            .put("latency", new JsonObject().put("samples", 10))
            .put(
                "uptime",
                new JsonObject()
                    .put("24h", new JsonObject().put("ratio", 0.95))
                    .put("7d", new JsonObject().put("ratio", 0.99))
                    .put("30d", new JsonObject().putNull("ratio"))
                    .put("budgets", new JsonArray()))
            .put("detail", new JsonObject().put("facts", new JsonArray()));
    String status = new JsonObject().put("targets", new JsonArray().add(target)).encode();
    HttpServer agent =
        TestServers.http(
            loop.vertx(),
            "127.0.0.1",
            req -> {
              switch (req.path()) {
                case "/api/status" -> req.response().end(status);
                case "/metrics" ->
                    req.response().end("lookout_uptime_ratio{target=\"api\",window=\"24h\"} 0.5\n");
                case "/api/incidents" ->
                    req.response()
                        .end(
                            "{\"incidents\":[{\"id\":\"api@1\",\"target\":\"api\",\"started_at\":\"2026-11-30T10:00:00Z\",\"resolved_at\":null,\"findings\":[{\"at\":\"2026-11-30T10:00:00Z\",\"findings\":[\"<b>503</b> from the upstream\"]}]}]}");
                default -> req.response().setStatusCode(404).end();
              }
            });
    try {
      Path config =
          write("lookout.yaml", "targets:\n  - {name: api, http: {url: 'http://127.0.0.1:1/'}}\n");
      CliTest.Run r =
          CliTest.run(
              "report",
              "-c",
              config.toString(),
              "--from",
              "http://127.0.0.1:" + agent.actualPort(),
              "--format",
              "md");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("# Launch readiness: Ready: no blockers, 1 risk")
          .contains("| api | 95.00% | 99.00% | - |")
          .contains(
              "| api | 2026-11-30T10:00:00Z | ongoing | &lt;b&gt;503&lt;/b&gt; from the upstream |");
    } finally {
      TestVertx.await(agent.close());
    }
  }

  @Test
  void anAgentThatDoesNotAnswerIsNamedAndTheGateFails() throws Exception {
    Path config =
        write("lookout.yaml", "targets:\n  - {name: a, http: {url: 'http://127.0.0.1:1/'}}\n");
    int port = TestServers.closedPort();
    CliTest.Run r =
        CliTest.run("report", "-c", config.toString(), "--from", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "lookout report: nothing answers at http://127.0.0.1:"
                + port
                + "/ (connection refused): is the agent running?\n");
  }

  @Test
  void secretsOfTheConfigNeverReachTheReport() throws Exception {
    HttpServer site =
        TestServers.http(
            loop.vertx(), "127.0.0.1", req -> req.response().setStatusCode(500).end("no"));
    try {
      Path config =
          write(
              "lookout.yaml",
              "targets:\n"
                  + "  - name: checkout\n"
                  + "    http:\n"
                  + "      url: 'http://shopuser:hunter2pass@127.0.0.1:"
                  + site.actualPort()
                  + "/pay?token=querysecret'\n"
                  + "      headers: {Authorization: 'Bearer headersecret'}\n");
      for (String format : List.of("md", "json", "html")) {
        CliTest.Run r = CliTest.run("report", "-c", config.toString(), "--format", format);
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out() + r.err())
            .contains("checkout")
            .doesNotContain("hunter2pass")
            .doesNotContain("querysecret")
            .doesNotContain("headersecret");
      }
    } finally {
      TestVertx.await(site.close());
    }
  }

  @Test
  void anInvalidConfigExitsTwo() throws Exception {
    Path config =
        write(
            "bad.yaml",
            "targets:\n  - {name: a, impact: huge, http: {url: 'http://127.0.0.1:1/'}}\n");
    CliTest.Run r = CliTest.run("report", "-c", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("target \"a\".impact: \"huge\" is not one of blocker, high, low");
  }

  private Path write(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  private static String txt(String value) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < value.length(); i += 255) {
      parts.add("\"" + value.substring(i, Math.min(value.length(), i + 255)) + "\"");
    }
    return String.join(" ", parts);
  }
}
