package dev.lookout.check.heartbeat;

import dev.lookout.probe.Observation;

/** What a heartbeat "probe" sees: the target's state as the pings left it, at that moment. */
public record HeartbeatObservation(HeartbeatState state) implements Observation {}
