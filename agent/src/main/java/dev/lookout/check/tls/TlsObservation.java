package dev.lookout.check.tls;

import dev.lookout.probe.Observation;
import java.util.List;

/**
 * What a tls probe saw: one report per address, in the order they were resolved (A before AAAA).
 *
 * @param host the name checked (the {@code host} of the check)
 */
public record TlsObservation(String host, int port, List<AddressReport> addresses)
    implements Observation {
  public TlsObservation {
    addresses = List.copyOf(addresses);
  }
}
