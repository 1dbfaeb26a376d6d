package dev.lookout.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The report for tools: {@code "schema": "lookout-report", "schema_version": 1}, documented in the
 * README ("The JSON report"). Version 1 only ever gains keys; a key that changes meaning or goes
 * away bumps the version. Numbers that are unknown are null; times are RFC 3339 UTC; ratios are
 * 0–1; durations are seconds. Sections with no data are empty lists, except {@code incidents},
 * which is null when the source serves no incident log.
 */
public final class JsonReport {
  public static final int SCHEMA_VERSION = 1;

  private JsonReport() {}

  public static String render(Report r) {
    JsonObject out =
        new JsonObject()
            .put("schema", "lookout-report")
            .put("schema_version", SCHEMA_VERSION)
            .put("generated_at", r.generatedAt().toString())
            .put("source", r.source())
            .put("version", r.version())
            .put("verdict", verdict(r.verdict()))
            .put("risks", risks(r.risks()))
            .put("dns", dns(r.dns()))
            .put("mail", mail(r.mail()))
            .put("certificates", certificates(r.certificates()))
            .put("performance", performance(r.performance()))
            .put("uptime", uptime(r.uptime()));
    if (r.incidents() == null) {
      out.putNull("incidents");
    } else {
      out.put("incidents", incidents(r.incidents()));
    }
    out.put("handover", handover(r.handover()));
    return out.encodePrettily() + "\n";
  }

  private static JsonObject verdict(Report.Verdict v) {
    return new JsonObject()
        .put("ready", v.ready())
        .put("blockers", v.blockers())
        .put("risks", v.risks())
        .put("summary", v.line());
  }

  /** The risks in rank order, ranked from 1. */
  private static JsonArray risks(List<Risk> ranked) {
    JsonArray risks = new JsonArray();
    int rank = 1;
    for (Risk k : ranked) {
      risks.add(
          new JsonObject()
              .put("rank", rank++)
              .put("level", k.level().word())
              .put("rule", k.rule().key())
              .put("target", k.target())
              .put("what", k.what())
              .put("who_is_hurt", k.whoIsHurt())
              .put("observed", k.observed())
              .put("expected", k.expected())
              .put("fix", k.fix()));
    }
    return risks;
  }

  private static JsonArray dns(List<Report.DnsName> names) {
    JsonArray dns = new JsonArray();
    for (Report.DnsName d : names) {
      JsonArray records = new JsonArray();
      d.records()
          .forEach(
              rec ->
                  records.add(
                      new JsonObject()
                          .put("type", rec.type())
                          .put("value", rec.value().isEmpty() ? null : rec.value())
                          .put("servers", new JsonArray(rec.servers()))
                          .put("disputed", rec.disputed())));
      dns.add(
          new JsonObject()
              .put("target", d.target())
              .put("name", d.name())
              .put("servers", new JsonArray(d.servers()))
              .put("records", records)
              .put("problems", new JsonArray(d.problems())));
    }
    return dns;
  }

  private static JsonArray mail(List<Report.MailDomain> domains) {
    JsonArray mail = new JsonArray();
    domains.forEach(
        m ->
            mail.add(
                new JsonObject()
                    .put("target", m.target())
                    .put("domain", m.domain())
                    .put("summary", new JsonArray(m.sentences()))
                    .put("delivery", new JsonArray(m.delivery()))));
    return mail;
  }

  private static JsonArray certificates(List<Report.Certificate> certificates) {
    JsonArray certs = new JsonArray();
    certificates.forEach(
        c ->
            certs.add(
                new JsonObject()
                    .put("target", c.target())
                    .put("host", c.host())
                    .put("address", c.address())
                    .put("subject", c.subject())
                    .put("issuer", c.issuer())
                    .put("not_before", c.notBefore().toString())
                    .put("not_after", c.notAfter().toString())
                    .put("days_left", c.daysLeft())
                    .put("lifetime_days", c.lifetimeDays())
                    .put("trust", c.trust())
                    .put("renewal_hint", c.hint())));
    return certs;
  }

  private static JsonArray performance(List<Report.Endpoint> entries) {
    JsonArray perf = new JsonArray();
    entries.forEach(
        e ->
            perf.add(
                new JsonObject()
                    .put("target", e.target())
                    .put("samples", e.samples())
                    .put("p50_seconds", number(e.p50()))
                    .put("p95_seconds", number(e.p95()))
                    .put("p99_seconds", number(e.p99()))
                    .put("p95_target_seconds", number(e.p95Target()))
                    .put("error_rate", number(e.errorRate()))
                    .put("error_window", e.errorWindow().isEmpty() ? null : e.errorWindow())));
    return perf;
  }

  private static JsonArray uptime(List<Report.Uptime> entries) {
    JsonArray uptime = new JsonArray();
    entries.forEach(
        u ->
            uptime.add(
                new JsonObject()
                    .put("target", u.target())
                    .put("24h", number(u.day()))
                    .put("7d", number(u.week()))
                    .put("30d", number(u.month()))));
    return uptime;
  }

  private static JsonArray incidents(List<Report.Incident> lines) {
    JsonArray incidents = new JsonArray();
    lines.forEach(
        i ->
            incidents.add(
                new JsonObject()
                    .put("target", i.target())
                    .put("started", i.started())
                    .put("ended", i.ended())
                    .put("summary", i.summary())));
    return incidents;
  }

  private static JsonObject handover(Report.HandoverSection h) {
    JsonArray owners = new JsonArray();
    h.owners()
        .forEach(
            o ->
                owners.add(
                    new JsonObject()
                        .put("duty", o.duty())
                        .put("title", o.title())
                        .put("owner", o.owner())));
    JsonArray links = new JsonArray();
    h.links().forEach(l -> links.add(new JsonObject().put("name", l.name()).put("url", l.url())));
    return new JsonObject()
        .put("owners", owners)
        .put(
            "gaps",
            new JsonArray(h.gaps().stream().map(Report.HandoverSection.Owner::duty).toList()))
        .put("support", new JsonArray(h.support()))
        .put("links", links);
  }

  private static Double number(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
