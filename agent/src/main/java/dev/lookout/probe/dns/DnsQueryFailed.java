package dev.lookout.probe.dns;

import org.xbill.DNS.Message;

/**
 * A query that produced no usable answer, typed so callers can tell "the name does not exist" (an
 * answer in its own right, e.g. no DMARC record) from "the server is broken or silent". The message
 * is already worded for a person: {@code NXDOMAIN from 1.1.1.1}, {@code no answer from
 * 127.0.0.1:5353 within 2 s}.
 */
public final class DnsQueryFailed extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the query failed. */
  public enum Kind {
    /** The server said the name does not exist (RCODE 3). */
    NXDOMAIN,
    /** The server could not answer (RCODE 2). */
    SERVFAIL,
    /** Any other error RCODE: REFUSED, NOTIMP, FORMERR, … */
    ERROR_RCODE,
    /** No response within the timeout, after every retry. */
    TIMEOUT,
    /** The exchange failed: refused port, unreadable response, network error. */
    NETWORK
  }

  private final Kind kind;
  private final transient Message response;

  public DnsQueryFailed(Kind kind, String message, Message response) {
    super(message, null, false, false);
    this.kind = kind;
    this.response = response;
  }

  public Kind kind() {
    return kind;
  }

  /** The server's response for RCODE failures (its authority section may hold the SOA); or null. */
  public Message response() {
    return response;
  }
}
