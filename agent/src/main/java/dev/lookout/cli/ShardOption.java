package dev.lookout.cli;

import dev.lookout.config.AgentSettings;
import dev.lookout.config.Config;
import dev.lookout.config.Shard;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --shard i/n}: overrides {@code agent.shard}, so one config file serves every agent. */
final class ShardOption {
  @Option(
      names = "--shard",
      paramLabel = "i/n",
      converter = ShardConverter.class,
      description = "Probe only this agent's share of the targets (overrides agent.shard).")
  Shard shard;

  /** The config with the flag applied; null stays null (an invalid config). */
  Config apply(Config config) {
    if (config == null || shard == null) {
      return config;
    }
    AgentSettings a = config.agent();
    return new Config(
        config.source(),
        a.withShard(shard),
        config.defaults(),
        config.notifiers(),
        config.targets(),
        config.warnings(),
        config.routes(),
        config.handover());
  }

  /** Parses {@code i/n} with the config's own rules and message. */
  static final class ShardConverter implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      return Shard.parse(value);
    }
  }
}
