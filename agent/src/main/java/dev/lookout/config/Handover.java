package dev.lookout.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional top-level {@code handover:} section: who owns what once the launch team steps back,
 * who to call, and where things are. Read only by {@code lookout report}, which lists every owner
 * left empty as a gap.
 *
 * @param owners by duty (the keys of {@link #DUTIES}, in that order), each a person or team; a duty
 *     nobody was named for is absent
 * @param support support contacts as written ({@code "Ops on call: +49 30 1234567"})
 * @param links named links (status page, Prometheus, runbooks), in file order
 */
public record Handover(
    Map<String, String> owners, List<String> support, Map<String, String> links) {
  /** Every duty the report asks an owner for, with how it names it. */
  public static final Map<String, String> DUTIES = duties();

  public static final Handover NONE = new Handover(Map.of(), List.of(), Map.of());

  public Handover {
    owners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(owners));
    support = List.copyOf(support);
    links = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
  }

  private static Map<String, String> duties() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("dns", "DNS records and the registrar");
    d.put("secrets_rotation", "rotating secrets and certificates");
    d.put("deploys", "deploys and rollbacks");
    d.put("downtime", "downtime: who is paged and decides");
    d.put("weekly_checks", "the weekly checks (this report)");
    return java.util.Collections.unmodifiableMap(d);
  }

  /** Parses {@code handover:} ({@code m} null: no section). */
  static Handover parse(MapReader m) {
    if (m == null) {
      return NONE;
    }
    Map<String, String> owners = new LinkedHashMap<>();
    MapReader o = m.map("owners");
    if (o != null) {
      for (String duty : DUTIES.keySet()) {
        String who = o.string(duty);
        if (who != null && !who.isBlank()) {
          owners.put(duty, who.strip());
        }
      }
      o.finish();
    }
    List<String> support = m.strings("support");
    Map<String, String> links = new LinkedHashMap<>();
    MapReader l = m.map("links");
    if (l != null) {
      for (String name : l.presentKeys()) {
        java.net.URI url = l.httpUrl(name, true);
        if (url != null) {
          links.put(name, url.toString());
        }
      }
    }
    m.finish();
    return new Handover(owners, support, links);
  }
}
