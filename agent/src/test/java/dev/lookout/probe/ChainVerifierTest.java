package dev.lookout.probe;

import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PKIX verification of captured chains, and which certificates count for expiry. */
class ChainVerifierTest {
  private static final Authority ROOT = TestCertificates.root("New Root");
  private static final Set<TrustAnchor> ANCHORS = Set.of(new TrustAnchor(ROOT.cert(), null));

  @Test
  void expiredCrossSignedRootDoesNotCountAsTheEarliestExpiry() {
    // As with ISRG Root X1 cross-signed by the expired DST Root CA X3: the server still sends the
    // cross-signed copy, but a client that trusts the new root stops there.
    Authority oldRoot = TestCertificates.root("Old Root");
    X509Certificate crossSigned = ROOT.crossSign(oldRoot, days(-900), days(-10));
    Authority r11 = ROOT.intermediate("R11", days(-30), days(300));
    Issued leaf = r11.leaf(days(-1), days(60), "api.example.test").plus(crossSigned);

    ChainVerifier.Verification v = ChainVerifier.verify(leaf.chain(), ANCHORS, Instant.now());

    assertThat(v.problem()).isNull();
    assertThat(v.path()).containsExactly(leaf.cert(), r11.cert());
    assertThat(new CertificateChain(v.path()).earliest()).isEqualTo(leaf.cert());
  }

  @Test
  void chainSentOutOfOrderIsPutInOrder() {
    Authority r11 = ROOT.intermediate("R11", days(-30), days(300));
    Authority r12 = r11.intermediate("R12", days(-30), days(300));
    Issued leaf = r12.leaf("api.example.test");
    List<X509Certificate> shuffled = List.of(leaf.cert(), r11.cert(), r12.cert());

    ChainVerifier.Verification v = ChainVerifier.verify(shuffled, ANCHORS, Instant.now());

    assertThat(v.problem()).isNull();
    assertThat(v.path()).containsExactly(leaf.cert(), r12.cert(), r11.cert());
  }

  @Test
  void missingIntermediateNamesTheUnknownIssuer() {
    Authority r11 = ROOT.intermediate("R11", days(-30), days(300));
    Issued leaf = r11.leaf("api.example.test");

    ChainVerifier.Verification v =
        ChainVerifier.verify(List.of(leaf.cert()), ANCHORS, Instant.now());

    assertThat(v.problem())
        .isEqualTo(
            "issuer \"R11\" is not a trusted CA (missing intermediate certificate, or a root not"
                + " in the trust store or ca_file)");
  }

  @Test
  void expiredIntermediateIsNamed() {
    Authority r11 = ROOT.intermediate("R11", days(-300), days(-2));
    Issued leaf = r11.leaf("api.example.test");

    ChainVerifier.Verification v = ChainVerifier.verify(leaf.chain(), ANCHORS, Instant.now());

    assertThat(v.problem()).startsWith("intermediate \"R11\" expired on ");
  }
}
