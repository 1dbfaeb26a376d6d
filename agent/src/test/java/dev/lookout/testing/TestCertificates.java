package dev.lookout.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test, with the validity each case needs: a root CA, intermediates and
 * leaves (EC P-256, quick to generate), plus the PEM a Vert.x server or a {@code ca_file} wants.
 *
 * <pre>{@code
 * Authority root = TestCertificates.root("Test Root");
 * Authority r11 = root.intermediate("R11", TestCertificates.days(-30), TestCertificates.days(5));
 * Issued leaf = r11.leaf("api.example.test", TestCertificates.days(-1), TestCertificates.days(60));
 * server options: leaf.keyCertOptions(); ca_file content: root.pem()
 * }</pre>
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestCertificates() {}

  /** Now plus (or minus) whole days, for validity bounds. */
  public static Instant days(long days) {
    return Instant.now().plus(Duration.ofDays(days));
  }

  /** A certificate with its key and the chain a server sends (leaf first, no root). */
  public record Issued(X509Certificate cert, PrivateKey key, List<X509Certificate> chain) {
    public Issued {
      chain = List.copyOf(chain);
    }

    /** For {@code NetServerOptions.setKeyCertOptions}: the key and the chain as PEM. */
    public PemKeyCertOptions keyCertOptions() {
      return new PemKeyCertOptions()
          .setKeyValue(Buffer.buffer(pem(List.of(key))))
          .setCertValue(Buffer.buffer(pem(new ArrayList<Object>(chain))));
    }

    /** Same certificate, but the server also sends {@code extra} after the chain. */
    public Issued plus(X509Certificate extra) {
      List<X509Certificate> more = new ArrayList<>(chain);
      more.add(extra);
      return new Issued(cert, key, more);
    }
  }

  /** A CA that can issue intermediates and leaves. */
  public static final class Authority {
    private final Issued self;

    private Authority(Issued self) {
      this.self = self;
    }

    public X509Certificate cert() {
      return self.cert();
    }

    /** The CA certificate as PEM, for a {@code ca_file}. */
    public String pem() {
      return TestCertificates.pem(List.of(self.cert()));
    }

    public Authority intermediate(String cn, Instant notBefore, Instant notAfter) {
      KeyPair keys = keyPair();
      X509Certificate c = sign(self, name(cn), keys, notBefore, notAfter, true, List.of());
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(c);
      chain.addAll(selfIsRoot() ? List.of() : self.chain());
      return new Authority(new Issued(c, keys.getPrivate(), chain));
    }

    /** A leaf for the given DNS names or IP addresses; the first is also the CN. */
    public Issued leaf(Instant notBefore, Instant notAfter, String... names) {
      KeyPair keys = keyPair();
      X509Certificate c =
          sign(self, name(names[0]), keys, notBefore, notAfter, false, List.of(names));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(c);
      chain.addAll(selfIsRoot() ? List.of() : self.chain());
      return new Issued(c, keys.getPrivate(), chain);
    }

    /**
     * A cross-signature: {@code other}'s name and key, signed by this CA, as CAs issue to bridge an
     * old root to a new one.
     */
    public X509Certificate crossSign(Authority other, Instant notBefore, Instant notAfter) {
      KeyPair keys = new KeyPair(other.cert().getPublicKey(), null);
      return sign(
          self,
          X500Name.getInstance(other.cert().getSubjectX500Principal().getEncoded()),
          keys,
          notBefore,
          notAfter,
          true,
          List.of());
    }

    /** A leaf valid from yesterday for 90 days. */
    public Issued leaf(String... names) {
      return leaf(days(-1), days(90), names);
    }

    private boolean selfIsRoot() {
      return self.cert().getSubjectX500Principal().equals(self.cert().getIssuerX500Principal());
    }
  }

  /** A root CA valid for ten years around now. */
  public static Authority root(String cn) {
    KeyPair keys = keyPair();
    Issued self = new Issued(null, keys.getPrivate(), List.of());
    X509Certificate c =
        sign(self, name(cn), keys, days(-3650), days(3650), true, List.of(), name(cn));
    return new Authority(new Issued(c, keys.getPrivate(), List.of(c)));
  }

  /** A self-signed leaf (no CA), as a forgotten default or a dev box would serve. */
  public static Issued selfSigned(Instant notBefore, Instant notAfter, String... names) {
    KeyPair keys = keyPair();
    Issued self = new Issued(null, keys.getPrivate(), List.of());
    X509Certificate c =
        sign(
            self, name(names[0]), keys, notBefore, notAfter, false, List.of(names), name(names[0]));
    return new Issued(c, keys.getPrivate(), List.of(c));
  }

  private static X509Certificate sign(
      Issued issuer,
      X500Name subject,
      KeyPair keys,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      List<String> names) {
    return sign(
        issuer,
        subject,
        keys,
        notBefore,
        notAfter,
        ca,
        names,
        X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded()));
  }

  private static X509Certificate sign(
      Issued issuer,
      X500Name subject,
      KeyPair keys,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      List<String> names,
      X500Name issuerName) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      }
      if (!names.isEmpty()) {
        GeneralName[] sans =
            names.stream()
                .map(
                    n ->
                        n.matches("[0-9.]+") || n.contains(":")
                            ? new GeneralName(GeneralName.iPAddress, n)
                            : new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X500Name name(String cn) {
    return new X500Name("CN=" + cn + ",O=Lookout Tests");
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text of certificates and keys, in order. */
  public static String pem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        if (o instanceof PrivateKey k) {
          w.writeObject(new JcaPKCS8Generator(k, null));
        } else {
          w.writeObject(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
