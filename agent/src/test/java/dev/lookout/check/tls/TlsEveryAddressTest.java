package dev.lookout.check.tls;

import static dev.lookout.check.tls.TlsFixture.HOST;
import static dev.lookout.check.tls.TlsFixture.findings;
import static dev.lookout.check.tls.TlsFixture.target;
import static dev.lookout.testing.TestCertificates.days;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Target;
import dev.lookout.probe.HostResolver;
import dev.lookout.probe.ProbeResult;
import dev.lookout.testing.TestCertificates;
import dev.lookout.testing.TestCertificates.Authority;
import dev.lookout.testing.TestCertificates.Issued;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code addresses: all}: every A and AAAA record of the name is checked, answered by a DNS server
 * on loopback (A 127.0.0.1 and 127.0.0.2, AAAA ::1).
 */
class TlsEveryAddressTest {
  @RegisterExtension static final TestVertx loop = new TestVertx();
  @TempDir static Path dir;

  private static Vertx dnsSide;
  private static int dnsPort;
  private static Authority root;
  private static Path caFile;
  private TlsFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    TlsFixture.warmUp();
    root = TestCertificates.root("Lookout Test Root");
    caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, root.pem());
    dnsSide = Vertx.vertx();
    DatagramSocket dns = dnsSide.createDatagramSocket();
    dns.handler(
        packet -> {
          Buffer answer = answer(packet.data().getBytes());
          if (answer != null) {
            dns.send(answer, packet.sender().port(), packet.sender().host());
          }
        });
    dnsPort = TestVertx.await(dns.listen(0, "127.0.0.1")).localAddress().port();
  }

  @AfterAll
  static void stopDns() {
    TestVertx.await(dnsSide.close());
  }

  /** A, AAAA for {@code api.example.test}; NXDOMAIN for anything else. */
  private static Buffer answer(byte[] query) {
    try {
      Message q = new Message(query);
      Record question = q.getQuestion();
      Message r = new Message(q.getHeader().getID());
      r.getHeader().setFlag(Flags.QR);
      r.getHeader().setFlag(Flags.AA);
      r.getHeader().setFlag(Flags.RA);
      r.addRecord(question, Section.QUESTION);
      if (!question.getName().toString().equals(HOST + ".")) {
        r.getHeader().setRcode(Rcode.NXDOMAIN);
      } else if (question.getType() == Type.A) {
        r.addRecord(a(question, "127.0.0.1"), Section.ANSWER);
        r.addRecord(a(question, "127.0.0.2"), Section.ANSWER);
      } else if (question.getType() == Type.AAAA) {
        r.addRecord(
            new AAAARecord(question.getName(), DClass.IN, 60, Address.getByAddress("::1")),
            Section.ANSWER);
      }
      return Buffer.buffer(r.toWire());
    } catch (IOException e) {
      return null;
    }
  }

  private static ARecord a(Record question, String ip) throws UnknownHostException {
    return new ARecord(question.getName(), DClass.IN, 60, Address.getByAddress(ip));
  }

  @BeforeEach
  void fixture() {
    fixture =
        new TlsFixture(
            loop.vertx(),
            HostResolver.using(new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort))));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void everyResolvedAddressIsCheckedAndTheOddOneOutNamed() {
    Issued current = root.leaf(days(-1), days(80), HOST);
    Issued forgotten = root.leaf(days(-85), days(5).plus(Duration.ofHours(1)), HOST);
    int port = fixture.tls("127.0.0.1", 0, current);
    fixture.tls("127.0.0.2", port, forgotten);
    fixture.tls("::1", port, current);
    TlsExpect expect = new TlsExpect(14, null, true, true, null, null);
    Target t =
        target(
            new TlsCheck(HOST, port, HOST, List.of(), caFile, TlsCheck.StartTls.NONE, expect),
            Duration.ofSeconds(5));

    ProbeResult r = fixture.run(t);

    assertThat(((TlsObservation) r.observation()).addresses())
        .extracting(AddressReport::address)
        .containsExactly("127.0.0.1:" + port, "127.0.0.2:" + port, "[::1]:" + port);
    assertThat(findings(t, r))
        .containsExactly(
            HOST
                + " on 127.0.0.2:"
                + port
                + ": certificate expires in 5 days ("
                + java.time.LocalDate.ofInstant(
                    forgotten.cert().getNotAfter().toInstant(), java.time.ZoneOffset.UTC)
                + "), expected more than 14 days");
  }

  @Test
  void unknownNameIsAnActionableFailure() {
    Target t =
        target(
            new TlsCheck(
                "nope.example.test",
                443,
                "nope.example.test",
                List.of(),
                caFile,
                TlsCheck.StartTls.NONE,
                TlsFixture.expectAll()),
            Duration.ofSeconds(5));

    assertThat(findings(t, fixture.run(t)))
        .containsExactly(
            "DNS lookup of nope.example.test failed: NXDOMAIN (the name does not exist)");
  }
}
