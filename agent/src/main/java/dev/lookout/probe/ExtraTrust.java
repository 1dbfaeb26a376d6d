package dev.lookout.probe;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust anchors = the JDK's trust store plus the CAs of a PEM file ({@code ca_file}, or none: the
 * JDK's store alone). Vert.x's own PEM trust replaces the JDK store; a private CA should add to it
 * instead. A refused chain is explained in the {@code tls} check's words ({@link
 * ExplainingTrustManager}). Vert.x builds the factory on a worker thread, so reading the files here
 * does not block an event loop.
 */
public final class ExtraTrust implements TrustOptions {
  private final Path pemFile;

  public ExtraTrust(Path pemFile) {
    this.pemFile = pemFile;
  }

  @Override
  public TrustOptions copy() {
    return new ExtraTrust(pemFile);
  }

  @Override
  public TrustManagerFactory getTrustManagerFactory(Vertx vertx) throws Exception {
    return ExplainingTrustManager.explaining(pemFile == null ? jdk() : factory(pemFile));
  }

  @Override
  public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) throws Exception {
    TrustManager[] managers = getTrustManagerFactory(vertx).getTrustManagers();
    return serverName -> managers;
  }

  /** Blocking: reads the JDK store and the PEM file. */
  public static TrustManagerFactory factory(Path pemFile) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int n = 0;
    for (TrustManager tm : jdk().getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        for (X509Certificate ca : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("jdk-" + n++, ca);
        }
      }
    }
    if (pemFile != null) {
      try (InputStream in = Files.newInputStream(pemFile)) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("extra-" + n++, c);
        }
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  /** Blocking: the JDK's own trust store. */
  private static TrustManagerFactory jdk() throws Exception {
    TrustManagerFactory jdk =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    return jdk;
  }
}
