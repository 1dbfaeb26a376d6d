package dev.lookout.check.dns;

import io.vertx.core.Future;

/**
 * Where baseline-mode dns targets keep what they accepted. Owned by the dns check and implemented
 * by the state directory ({@code dev.lookout.check.dns.DnsBaselineStore}), so the check never
 * imports the state package.
 */
public interface DnsBaselines {
  /** The stored baseline of {@code target}, or null when there is none yet. */
  Future<DnsBaseline> load(String target);

  /** Replaces the target's baseline atomically. */
  Future<Void> save(String target, DnsBaseline baseline);
}
