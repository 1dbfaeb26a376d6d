package dev.lookout.probe;

import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust decision, unchanged, with the {@code tls} check's explanation when it refuses a
 * certificate. The JDK says only "unable to find valid certification path" (or names the address,
 * not the host, when the name does not match); this verifies the chain the server served, right
 * where the handshake hands it over, with {@link ChainVerifier} against the same anchors and, if
 * the chain is fine, the name asked for with {@link HostnameMatcher}, and throws {@link
 * CertificateRefused} with the reason ({@code issuer "R11" is not a trusted CA (missing
 * intermediate certificate, …)}, {@code name mismatch: served for …}). The reason travels as the
 * cause of the handshake's own exception, so it belongs to that one handshake: nothing is shared
 * between connections, and nothing is kept once the failure has been read.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
  /**
   * The served certificate was refused, and why, in the {@code tls} check's words; the JDK's own
   * exception is the cause.
   */
  static final class CertificateRefused extends CertificateException {
    private static final long serialVersionUID = 1L;

    CertificateRefused(String reason, CertificateException jdk) {
      super(reason, jdk);
    }

    String reason() {
      return getMessage();
    }
  }

  private final X509ExtendedTrustManager jdk;
  // Read from the trust manager's certificates on the first refusal; the same on every thread.
  private volatile Set<TrustAnchor> anchors;

  private ExplainingTrustManager(X509ExtendedTrustManager jdk) {
    this.jdk = jdk;
  }

  /** {@code factory}'s trust managers, each explaining its refusals; the factory is initialised. */
  static TrustManagerFactory explaining(TrustManagerFactory factory) {
    TrustManager[] managers = factory.getTrustManagers().clone();
    for (int i = 0; i < managers.length; i++) {
      if (managers[i] instanceof X509ExtendedTrustManager x509) {
        managers[i] = new ExplainingTrustManager(x509);
      }
    }
    return new TrustManagerFactory(
        new TrustManagerFactorySpi() {
          @Override
          protected void engineInit(KeyStore ks) {}

          @Override
          protected void engineInit(ManagerFactoryParameters spec) {}

          @Override
          protected TrustManager[] engineGetTrustManagers() {
            return managers.clone();
          }
        },
        factory.getProvider(),
        factory.getAlgorithm()) {};
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw explained(chain, e, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw explained(chain, e, null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw explained(chain, e, null);
    }
  }

  /**
   * The tls check's reason when the chain itself does not verify, or when it does and the name the
   * engine checks is not among the leaf's; otherwise (a constraint of the JDK's, say) the JDK's
   * exception as it was.
   */
  private CertificateException explained(
      X509Certificate[] chain, CertificateException e, SSLEngine engine) {
    if (chain == null || chain.length == 0) {
      return e;
    }
    String problem;
    try {
      problem = ChainVerifier.verify(List.of(chain), anchors(), Instant.now()).problem();
      if (problem == null) {
        String name = checkedName(engine);
        problem = name == null ? null : HostnameMatcher.problem(chain[0], name);
      }
    } catch (RuntimeException unexpected) {
      return e;
    }
    return problem == null ? e : new CertificateRefused(problem, e);
  }

  /**
   * The name the handshake verifies the certificate for: the SNI name it sent, else the host the
   * engine was made for (an IP address is never sent as SNI); null when the engine checks no name.
   */
  private static String checkedName(SSLEngine engine) {
    if (engine == null) {
      return null;
    }
    SSLParameters params = engine.getSSLParameters();
    String algorithm = params == null ? null : params.getEndpointIdentificationAlgorithm();
    if (algorithm == null || algorithm.isEmpty()) {
      return null;
    }
    if (params.getServerNames() != null) {
      for (SNIServerName n : params.getServerNames()) {
        if (n instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    String peer = engine.getPeerHost();
    return peer == null || peer.isEmpty() ? null : peer;
  }

  private Set<TrustAnchor> anchors() {
    Set<TrustAnchor> a = anchors;
    if (a == null) {
      a = new HashSet<>();
      for (X509Certificate ca : jdk.getAcceptedIssuers()) {
        a.add(new TrustAnchor(ca, null));
      }
      a = Set.copyOf(a);
      anchors = a;
    }
    return a;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
