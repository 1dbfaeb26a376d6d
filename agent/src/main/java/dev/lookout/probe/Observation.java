package dev.lookout.probe;

/**
 * What a probe saw, in its check type's own terms (an HTTP response, a certificate chain, a DNS
 * answer). Evaluators read it; nothing else interprets it.
 */
public interface Observation {}
