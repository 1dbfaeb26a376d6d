package dev.lookout.check.tls;

import dev.lookout.probe.ExtraTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust anchors for each {@code ca_file} (JDK store plus the file), read on a worker thread
 * because loading key stores is file I/O, and kept for a few minutes so a changed file is picked up
 * without reading it on every probe. One per lane: used from one event loop only.
 */
final class TrustAnchors {
  private static final long KEEP_NANOS = 5L * 60 * 1_000_000_000;

  private record Entry(Future<Set<TrustAnchor>> anchors, long loadedAt) {}

  private final Vertx vertx;
  private final Map<Optional<Path>, Entry> cache = new HashMap<>();

  TrustAnchors(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Set<TrustAnchor>> get(Path caFile) {
    Optional<Path> key = Optional.ofNullable(caFile);
    Entry e = cache.get(key);
    long now = System.nanoTime();
    if (e == null || now - e.loadedAt() > KEEP_NANOS || e.anchors().failed()) {
      Future<Set<TrustAnchor>> f =
          vertx
              .executeBlocking(() -> load(caFile), false)
              .recover(
                  ex ->
                      Future.failedFuture(
                          new IllegalStateException(
                              caFile == null
                                  ? "the JDK trust store could not be read: " + reason(ex)
                                  : "ca_file " + caFile + " could not be read: " + reason(ex))));
      e = new Entry(f, now);
      cache.put(key, e);
    }
    return e.anchors();
  }

  private static String reason(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Set<TrustAnchor> load(Path caFile) throws Exception {
    Set<TrustAnchor> out = new HashSet<>();
    for (TrustManager tm : ExtraTrust.factory(caFile).getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        for (X509Certificate ca : x509.getAcceptedIssuers()) {
          out.add(new TrustAnchor(ca, null));
        }
      }
    }
    return out;
  }
}
