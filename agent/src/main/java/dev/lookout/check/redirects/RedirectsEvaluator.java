package dev.lookout.check.redirects;

import dev.lookout.check.redirects.RedirectsObservation.Chain;
import dev.lookout.check.redirects.RedirectsObservation.Step;
import dev.lookout.evaluate.CertificateExpiry;
import dev.lookout.evaluate.Finding;
import dev.lookout.probe.CertificateChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges every chain of a redirects probe: where it landed, how (permanent or not, how many hops,
 * the query kept) and the certificate of every https hop, by the tls check's expiry rule ({@link
 * CertificateExpiry}, which the tls check's {@code days_left_above} uses).
 */
final class RedirectsEvaluator {
  private RedirectsEvaluator() {}

  /** The findings, and per chain label whether that chain met every expectation. */
  record Result(List<Finding> findings, Map<String, Boolean> ok) {}

  static Result evaluate(RedirectsCheck check, RedirectsObservation o, Instant now) {
    List<Finding> out = new ArrayList<>();
    Map<String, Boolean> ok = new LinkedHashMap<>();
    Set<String> certificates = new LinkedHashSet<>();
    for (Chain c : o.chains()) {
      List<Finding> own = new ArrayList<>();
      chain(check, c, own);
      if (check.certDaysAbove() != null) {
        for (Step s : c.steps()) {
          CertificateChain chain = CertificateChain.of(s.chain());
          String problem =
              chain == null
                  ? null
                  : CertificateExpiry.daysProblem(chain, check.certDaysAbove(), now);
          if (problem != null) {
            String text = s.url().getHost() + " on " + s.address() + ": " + problem;
            own.add(new Finding("cert_days_above", text));
          }
        }
      }
      ok.merge(c.label(), own.isEmpty(), Boolean::logicalAnd);
      for (Finding f : own) {
        // An entry point that several chains pass through is reported once.
        if (!f.expectation().equals("cert_days_above") || certificates.add(f.message())) {
          out.add(f);
        }
      }
    }
    return new Result(out, ok);
  }

  private static void chain(RedirectsCheck check, Chain c, List<Finding> out) {
    if (check.permanent()) {
      permanent(check, c, out);
    }
    if (c.failure() != null) {
      String so = c.steps().isEmpty() ? Shown.url(check, c.path(), c.start()) : walked(check, c);
      out.add(new Finding("reachable", so + ": " + c.failure()));
      return;
    }
    Step last = c.last();
    landing(check, c, last, out);
    if (check.maxHops() != null && c.redirects() > check.maxHops()) {
      out.add(
          new Finding(
              "max_hops",
              walked(check, c)
                  + ": "
                  + c.redirects()
                  + " hops, expected at most "
                  + check.maxHops()
                  + " (adds "
                  + redirectTime(c).toMillis()
                  + " ms)"));
    }
    if (check.keepQuery()
        && c.redirects() > 0
        && last.status() / 100 == 2
        && !hasTestQuery(last.url().getRawQuery())) {
      out.add(
          new Finding(
              "keep_query",
              "query string dropped: "
                  + Shown.withQuery(check, c.path(), c.start(), true)
                  + " → "
                  + Shown.withQuery(check, c.path(), last.url(), true)));
    }
  }

  /** Every redirect of the chain must be permanent (301 or 308). */
  private static void permanent(RedirectsCheck check, Chain c, List<Finding> out) {
    for (Step s : c.steps()) {
      if (s.redirect() && s.status() != 301 && s.status() != 308) {
        out.add(
            new Finding(
                "permanent",
                show(check, c, s)
                    + " answered "
                    + s.status()
                    + " (temporary), expected a permanent redirect"));
      }
    }
  }

  /** Where the chain ended: a 2xx answer at the expected place. */
  private static void landing(RedirectsCheck check, Chain c, Step last, List<Finding> out) {
    if (last.status() / 100 != 2) {
      out.add(
          new Finding(
              "status",
              walked(check, c)
                  + " answered "
                  + last.status()
                  + (last.redirect() ? " without a Location" : "")));
    } else if (!Shown.samePlace(last.url(), c.expected())) {
      out.add(
          new Finding(
              c.path() ? "paths" : "canonical",
              Shown.url(check, c.path(), c.start())
                  + (c.redirects() == 0
                      ? " answered " + last.status() + " without redirecting"
                      : " → " + Shown.url(check, c.path(), last.url()))
                  + ", expected "
                  + Shown.url(check, c.path(), c.expected())));
    }
  }

  private static boolean hasTestQuery(String query) {
    if (query == null) {
      return false;
    }
    for (String part : query.split("&")) {
      if (part.equals(RedirectsCheck.TEST_QUERY)) {
        return true;
      }
    }
    return false;
  }

  /** The time the redirects took before the final answer. */
  private static Duration redirectTime(Chain c) {
    Duration d = Duration.ZERO;
    for (int i = 0; i < c.steps().size() - 1; i++) {
      d = d.plus(c.steps().get(i).took());
    }
    return d;
  }

  /** {@code http://example.com/ → https://example.com/ → https://www.example.com/}. */
  private static String walked(RedirectsCheck check, Chain c) {
    return c.steps().stream()
        .map(s -> Shown.url(check, c.path(), s.url()))
        .collect(Collectors.joining(" → "));
  }

  private static String show(RedirectsCheck check, Chain c, Step s) {
    return Shown.url(check, c.path(), s.url());
  }
}
