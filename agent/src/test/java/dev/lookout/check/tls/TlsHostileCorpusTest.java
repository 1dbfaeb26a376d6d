package dev.lookout.check.tls;

import dev.lookout.testing.HostileCase;
import dev.lookout.testing.HostileHarness;
import dev.lookout.testing.HostileServers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The tls check against the hostile corpus. */
class TlsHostileCorpusTest extends HostileHarness {
  private static final String TARGET = "tls: {host: 127.0.0.1, port: PORT}";

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        new HostileCase(
            "a TLS stall: accepts and never answers the ClientHello",
            HostileServers::silent,
            TARGET,
            "127.0.0.1 on 127.0.0.1:PORT: TLS handshake did not complete within 1 s"),
        new HostileCase(
            "garbage instead of a TLS handshake",
            v -> HostileServers.answering(v, HostileServers.garbage()),
            TARGET,
            "TLS handshake failed: "),
        new HostileCase(
            "plain HTTP where TLS was expected",
            v ->
                HostileServers.answering(
                    v,
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1)),
            TARGET,
            "does not speak TLS"),
        new HostileCase(
            "a slow dribble of bytes during the handshake",
            v -> HostileServers.dribbling(v, "\u0016", "\u0003", 100),
            TARGET,
            "TLS handshake did not complete within 1 s"));
  }
}
