package dev.lookout.check.redirects;

import dev.lookout.probe.Observation;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** Every chain a redirects probe walked: one per {@code from} and one per old path, in order. */
public record RedirectsObservation(List<Chain> chains) implements Observation {
  public RedirectsObservation {
    chains = List.copyOf(chains);
  }

  /**
   * One start URL followed hop by hop.
   *
   * @param label the {@code from} label of its metrics: the URL or the old path as written
   * @param path whether it is an old path (shown relative to the canonical origin)
   * @param start the URL asked first (with the test query when {@code keep_query})
   * @param expected where it must land
   * @param failure why the walk stopped before a final answer (a loop, the limit, no connection),
   *     or null
   */
  public record Chain(
      String label, boolean path, URI start, URI expected, List<Step> steps, String failure) {
    public Chain {
      steps = List.copyOf(steps);
    }

    /** The redirects followed. */
    public int redirects() {
      return Math.max(0, steps.size() - 1);
    }

    public Step last() {
      return steps.get(steps.size() - 1);
    }
  }

  /** One request of a chain: what answered, how, and the certificate served (empty over http). */
  public record Step(
      URI url,
      String address,
      int status,
      String location,
      List<X509Certificate> chain,
      Duration took) {
    public Step {
      chain = List.copyOf(chain);
    }

    public boolean redirect() {
      return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
  }
}
