package dev.lookout.config;

/**
 * What a target checks and what it expects. Sealed, so adding a check type makes the compiler point
 * at every place (probe factory, evaluator) that must learn about it.
 */
public sealed interface CheckSpec
    permits HttpCheck, TlsCheck, QueueCheck, DnsCheck, EmailAuthCheck {
  /** The config key of the check block, also the {@code type} label in metrics. */
  String type();
}
