package dev.lookout.config;

/**
 * What a target checks and what it expects. Each check type ({@code dev.lookout.check.CheckType})
 * has its own; the registry ({@code dev.lookout.checks.CheckTypes}) is the only list of them.
 */
public interface CheckSpec {
  /** The config key of the check block, also the {@code type} label in metrics. */
  String type();
}
