package dev.lookout.alert.notify.email;

import dev.lookout.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.parsetools.RecordParser;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server on loopback that offers STARTTLS (GreenMail 2.1 does not): it records each
 * message's data and whether the transaction ran inside TLS. Just enough of RFC 5321 / RFC 3207 for
 * one client.
 */
final class StartTlsSmtpServer implements AutoCloseable {
  /** One received message: its raw DATA and whether MAIL FROM came after STARTTLS. */
  record Received(String data, boolean overTls) {}

  final List<Received> messages = new CopyOnWriteArrayList<>();
  private final NetServer server;
  private final KeyCertOptions keyCert;

  StartTlsSmtpServer(Vertx vertx) {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    keyCert = cert.keyCertOptions();
    server =
        vertx
            .createNetServer(
                new NetServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setSsl(false)
                    .setKeyCertOptions(cert.keyCertOptions()))
            .connectHandler(this::session);
    TestVertx.await(server.listen());
  }

  int port() {
    return server.actualPort();
  }

  private void session(NetSocket socket) {
    boolean[] tls = {false};
    boolean[] inData = {false};
    StringBuilder data = new StringBuilder();
    RecordParser parser =
        RecordParser.newDelimited(
            "\r\n",
            line -> {
              String l = line.toString();
              if (inData[0]) {
                if (l.equals(".")) {
                  inData[0] = false;
                  messages.add(new Received(data.toString(), tls[0]));
                  data.setLength(0);
                  socket.write("250 2.0.0 queued\r\n");
                } else {
                  data.append(l).append("\r\n");
                }
                return;
              }
              String cmd =
                  l.length() >= 4 ? l.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : l;
              switch (cmd) {
                case "EHLO" ->
                    socket.write(
                        tls[0] ? "250-test\r\n250 8BITMIME\r\n" : "250-test\r\n250 STARTTLS\r\n");
                case "HELO" -> socket.write("250 test\r\n");
                case "STAR" -> {
                  // The reply goes out as part of the upgrade, so no ClientHello can race it.
                  socket
                      .upgradeToSsl(
                          new ServerSSLOptions().setKeyCertOptions(keyCert),
                          io.vertx.core.buffer.Buffer.buffer("220 2.0.0 ready for TLS\r\n"))
                      .onSuccess(v -> tls[0] = true)
                      .onFailure(
                          e -> System.err.println("SMTP test server: TLS upgrade failed: " + e));
                }
                case "MAIL", "RCPT", "RSET", "NOOP" -> socket.write("250 2.1.0 ok\r\n");
                case "DATA" -> {
                  inData[0] = true;
                  socket.write("354 go ahead\r\n");
                }
                case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
                default -> socket.write("502 5.5.2 not implemented\r\n");
              }
            });
    socket.handler(parser);
    socket.write("220 test ESMTP\r\n");
  }

  @Override
  public void close() {
    TestVertx.await(server.close());
  }
}
