package dev.lookout.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The mail delivery check against the hostile corpus: SMTP servers that never greet, greet with
 * garbage or without end, or refuse; and, behind an SMTP server that takes the message, IMAP
 * servers that do the same. One port serves both: its first connection speaks SMTP, the next ones
 * are the IMAP peer.
 */
class MailDeliveryHostileCorpusTest extends HostileHarness {
  private static final String MAIL =
      "mail_delivery: {smtp: {host: 127.0.0.1, port: PORT, starttls: disabled},"
          + " from: probe@example.com, to: inbox@example.com,"
          + " imap: {host: 127.0.0.1, port: PORT, tls: none, username: probe, password: hostile-imap-pw}}";

  private static HostileCase smtp(String name, BiConsumer<NetSocket, Vertx> peer, String reason) {
    return new HostileCase(name, v -> HostileServers.raw(v, peer), MAIL, reason);
  }

  private static HostileCase imap(String name, BiConsumer<NetSocket, Vertx> peer, String reason) {
    return new HostileCase(
        name,
        v -> {
          AtomicInteger connections = new AtomicInteger();
          return HostileServers.raw(
              v,
              (s, vx) -> {
                if (connections.getAndIncrement() == 0) {
                  takeOneMessage(s);
                } else {
                  peer.accept(s, vx);
                }
              });
        },
        MAIL,
        reason);
  }

  /** Just enough SMTP to take a message and forget it. */
  private static void takeOneMessage(NetSocket s) {
    boolean[] data = {false};
    RecordParser lines = RecordParser.newDelimited("\r\n");
    lines.handler(
        buf -> {
          String line = buf.toString(StandardCharsets.ISO_8859_1);
          if (data[0]) {
            if (line.equals(".")) {
              data[0] = false;
              s.write("250 queued\r\n");
            }
          } else if (line.equals("DATA")) {
            data[0] = true;
            s.write("354 go on\r\n");
          } else if (line.equals("QUIT")) {
            s.write("221 bye\r\n");
            s.close();
          } else {
            s.write("250 ok\r\n");
          }
        });
    s.handler(lines);
    s.write("220 smtp.test ESMTP\r\n");
  }

  private static void garbage(NetSocket s, Vertx v) {
    s.handler(d -> {});
    s.write(Buffer.buffer(HostileServers.garbage()));
  }

  private static void endless(NetSocket s, Vertx v, String line) {
    s.handler(d -> {});
    long timer = v.setPeriodic(2, id -> s.write(line));
    s.closeHandler(x -> v.cancelTimer(timer));
  }

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        smtp(
            "an SMTP server that never greets",
            (s, v) -> s.handler(d -> {}),
            "SMTP 127.0.0.1:PORT did not take the message within 1 s"),
        smtp(
            "binary garbage for an SMTP greeting",
            MailDeliveryHostileCorpusTest::garbage,
            "SMTP 127.0.0.1:PORT did not answer in SMTP"),
        smtp(
            "an SMTP greeting without end",
            (s, v) -> endless(s, v, "220-still greeting, " + "x".repeat(200) + "\r\n"),
            "SMTP 127.0.0.1:PORT"),
        smtp(
            "an SMTP server that refuses the connection's greeting",
            (s, v) -> s.write("554 5.7.1 no mail from you\r\n"),
            "SMTP 127.0.0.1:PORT refused the connection: 554 5.7.1 no mail from you"),
        smtp(
            "an SMTP server that hangs up at once",
            (s, v) -> s.close(),
            "SMTP 127.0.0.1:PORT closed the connection"),
        imap(
            "an IMAP server that never greets",
            (s, v) -> s.handler(d -> {}),
            "IMAP 127.0.0.1:PORT did not answer within 1 s"),
        imap(
            "binary garbage for an IMAP greeting",
            MailDeliveryHostileCorpusTest::garbage,
            "IMAP 127.0.0.1:PORT"),
        imap(
            "an IMAP greeting without end",
            (s, v) -> endless(s, v, "* OK " + "x".repeat(200) + "\r\n"),
            "IMAP 127.0.0.1:PORT"),
        imap(
            "an IMAP server that says BYE",
            (s, v) -> s.write("* BYE not today\r\n").onComplete(x -> s.close()),
            "IMAP 127.0.0.1:PORT closed the connection: not today"),
        imap(
            "an IMAP server that hangs up at once",
            (s, v) -> s.close(),
            "IMAP 127.0.0.1:PORT closed the connection"));
  }
}
