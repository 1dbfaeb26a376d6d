package dev.lookout.check;

import dev.lookout.config.CheckParser;
import dev.lookout.config.CheckSpec;
import dev.lookout.config.MapReader;
import dev.lookout.config.Target;
import dev.lookout.probe.Observation;
import dev.lookout.probe.Probe;

/**
 * Everything about one kind of check, in one object: its config key, the parsing of its check and
 * {@code expect:} blocks, its probe, the judgement of its results, its meters and the history it
 * keeps. The core loops over {@code dev.lookout.checks.CheckTypes.ALL} and never names a type.
 *
 * <p>{@code S} and {@code O} tie a spec to its observation: a type's judgement takes the spec it
 * parsed and the observation its probe makes, so handing an http spec a TLS observation does not
 * compile. The one place an untyped {@link Observation} becomes an {@code O} is {@code
 * dev.lookout.checks.CheckTypes.bind}, which checks the class.
 *
 * @param <S> the parsed check block and its expectations
 * @param <O> what the type's probe saw
 */
public interface CheckType<S extends CheckSpec, O extends Observation> extends CheckParser<S> {
  /** The config key of the check block, also the {@code type} label in metrics. */
  String key();

  /** The class of the specs {@link #parse} makes. */
  Class<S> specClass();

  /** The class of the observations the probe makes. */
  Class<O> observationClass();

  /**
   * Parses the check block and the target's {@code expect:} block (empty when absent); records
   * every error on the readers rather than stopping at the first.
   *
   * @return the spec, or null when errors were recorded
   */
  @Override
  S parse(MapReader check, MapReader expect);

  /**
   * The type's probe for one lane. It only ever runs targets whose spec is an {@code S}, never
   * blocks, and always completes within the target's timeout.
   */
  Probe probe(ProbeContext context);

  /**
   * Whether a target of this spec may open a TLS connection: the agent then loads JSSE and the
   * trust store on a worker before the target's first probe, not on an event loop during it.
   */
  boolean usesTls(S spec);

  /**
   * The per-target side of the type: the history it keeps between probes (a queue's depth series),
   * its judgement of each result and its per-type meters. Made when the target starts, dropped when
   * its check changes.
   */
  TargetCheck<O> target(Target target, S spec);
}
