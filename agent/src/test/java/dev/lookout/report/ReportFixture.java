package dev.lookout.report;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import dev.lookout.evaluate.Finding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A fixed shop about to launch, for the golden files and the rendering tests: a checkout that works
 * but is slow, a certificate 5 days out, a drifted A record, mail with p=none, a queue backing up,
 * an unset handover owner, and outside text that tries to be markup.
 */
final class ReportFixture {
  private ReportFixture() {}

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:30:00Z"), ZoneOffset.UTC);

  static final String YAML =
      """
      handover:
        owners:
          dns: "Dana (CTO)"
          secrets_rotation: "Sam"
          deploys: "Platform team"
          downtime: "On-call rota <oncall@example.com>"
        support: ["Ops on call: +49 30 1234567", "support@example.com"]
        links:
          status_page: "https://status.example.com/"
          runbooks: "https://wiki.example.com/runbooks"
      targets:
        - name: checkout
          labels: {flow: checkout}
          http: {url: "https://shop.example.com/checkout"}
          expect: {p95_below: 300ms}
        - name: home
          http: {url: "https://www.example.com/"}
          expect: {p95_below: 500ms}
        - name: shop-cert
          tls: {host: shop.example.com}
          expect: {days_left_above: 14}
        - name: www-dns
          dns: {name: www.example.com, types: [A, AAAA], resolvers: ["9.9.9.9", "1.1.1.1"]}
          expect: {A: [192.0.2.10], AAAA: []}
        - name: mail
          email_auth: {domain: example.com, dkim_selectors: [s1]}
        - name: jobs
          impact: high
          queue: {url: "http://127.0.0.1:15672/api/queues/%2F/jobs", preset: rabbitmq}
          expect: {depth_below: 10000, time_to_limit_above: 1h}
        - name: blog
          impact: low
          http: {url: "https://blog.example.com/"}
      """;

  static Config config() {
    try {
      return new ConfigLoader(k -> null).parse("lookout.yaml", Path.of("."), YAML);
    } catch (dev.lookout.config.ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static final String CERT =
      "shop.example.com\t203.0.113.7:443\tshop.example.com\tR11 <script>\t2026-09-07T00:00:00Z\t2026-12-06T00:00:00Z\ttrusted";

  static List<TargetResult> results() {
    return List.of(
        new TargetResult(
            "checkout",
            "http",
            false,
            null,
            List.of(new Finding("p95_below", "p95 412 ms over 120 samples, expected below 300 ms")),
            120,
            0.180,
            0.412,
            0.690,
            List.of("HTTP 200", "certificate: 5 days left"),
            Map.of("cert_days_left", 5L, "certificates", List.of(CERT))),
        new TargetResult(
            "home",
            "http",
            true,
            null,
            List.of(),
            120,
            0.095,
            0.210,
            0.340,
            List.of("HTTP 200", "certificate: 64 days left"),
            Map.of(
                "cert_days_left",
                64L,
                "certificates",
                List.of(
                    "www.example.com\t203.0.113.8:443\twww.example.com\tDigiCert Global G2 TLS RSA SHA256 2020 CA1\t2026-02-03T00:00:00Z\t2027-02-03T23:59:59Z\ttrusted"))),
        new TargetResult(
            "shop-cert",
            "tls",
            false,
            null,
            List.of(
                new Finding(
                    "days_left_above",
                    "shop.example.com on 203.0.113.7:443: 4 days left, expected more than 14")),
            1,
            0.05,
            0.05,
            0.05,
            List.of("1 of 1 address ok", "certificate: 4 days left"),
            Map.of("cert_days_left", 4L, "certificates", List.of(CERT))),
        new TargetResult(
            "www-dns",
            "dns",
            false,
            null,
            List.of(
                new Finding(
                    "records", "A from 1.1.1.1: 192.0.2.99 unexpected, 192.0.2.10 missing")),
            1,
            0.01,
            0.01,
            0.01,
            List.of("drift in A (2 servers)"),
            Map.of(
                "dns_records",
                    List.of("A\t192.0.2.10\t9.9.9.9", "A\t192.0.2.99\t1.1.1.1", "AAAA\t\t"),
                "dns_servers", List.of("9.9.9.9", "1.1.1.1"),
                "dns_diff", List.of("A from 1.1.1.1: 192.0.2.99 unexpected, 192.0.2.10 missing"))),
        new TargetResult(
            "mail",
            "email_auth",
            true,
            null,
            List.of(),
            1,
            0.02,
            0.02,
            0.02,
            List.of("mail authentication ok, 1 warning"),
            Map.of(
                "spf_lookups", 3L,
                "spf_record", List.of("v=spf1 include:spf.mtasv.net include:_spf.google.com -all"),
                "dmarc_record", List.of("v=DMARC1; p=none; rua=mailto:dmarc@example.com"),
                "dkim_keys", List.of("s1\tRSA 2048-bit key"),
                "mail_findings",
                    List.of(
                        "warn\tdmarc\tp=none: receivers deliver mail that fails DMARC as if there were no policy\tmove to p=quarantine, then p=reject, once reports show your senders pass (RFC 7489 §6.3)"))),
        new TargetResult(
            "jobs",
            "queue",
            false,
            null,
            List.of(
                new Finding(
                    "time_to_limit_above",
                    "at +40 per minute the queue reaches its limit in 25 min, expected more than 1 h")),
            1,
            0.03,
            0.03,
            0.03,
            List.of("depth 9,000"),
            Map.of("queue_depth", 9000L)),
        new TargetResult(
            "blog",
            "http",
            false,
            null,
            List.of(new Finding("body_contains", "body does not contain \"<h1>Blog</h1>\"")),
            120,
            0.3,
            0.6,
            0.9,
            List.of("HTTP 200"),
            Map.of()));
  }

  static Report report() {
    ReportInput in =
        new ReportInput(
            "the agent at http://agent:9464/",
            results(),
            Map.of(
                "checkout", Map.of("24h", 0.9986, "7d", 0.9991, "30d", 0.9993),
                "home", Map.of("24h", 1.0, "7d", 0.9999, "30d", 0.9995)),
            List.of(
                new Report.Incident(
                    "checkout",
                    "2026-11-28T14:02:00Z",
                    "2026-11-28T14:19:00Z",
                    "status 502 from the payment upstream")),
            List.of());
    return ReportBuilder.build(config(), in, CLOCK, "1.0.0-test");
  }
}
