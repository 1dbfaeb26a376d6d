package dev.lookout.check.maildelivery;

import com.icegreen.greenmail.base.GreenMailOperations;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.lookout.testing.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving side of the test: an SMTP server on loopback that logs the sender in (AUTH PLAIN),
 * takes one message, writes the {@code Authentication-Results} headers a test chose above it (as a
 * receiving MTA does), and files it into GreenMail's inbox or spam folder for the IMAP side, or
 * drops it.
 */
final class AuthRelay implements AutoCloseable {
  /** Where an accepted message goes. */
  enum Mode {
    INBOX,
    SPAM,
    DROP
  }

  static final String SPAM_FOLDER = "Junk";

  private final Vertx vertx;
  private final GreenMailOperations greenMail;
  private final String user;
  private final String password;
  private final NetServer server;
  private volatile Mode mode = Mode.INBOX;
  private volatile List<String> headers = List.of();

  /** Every message accepted, as the sender wrote it. */
  final List<MimeMessage> received = new CopyOnWriteArrayList<>();

  /** The AUTH lines the relay was sent, decoded, to show what a client gave away. */
  final List<String> logins = new CopyOnWriteArrayList<>();

  AuthRelay(Vertx vertx, GreenMailOperations greenMail, String user, String password) {
    this.vertx = vertx;
    this.greenMail = greenMail;
    this.user = user;
    this.password = password;
    this.server =
        TestVertx.await(
            vertx
                .createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(this::session)
                .listen());
  }

  int port() {
    return server.actualPort();
  }

  /** The next messages go there, with these headers written above the message's own. */
  AuthRelay deliver(Mode mode, String... headers) {
    this.mode = mode;
    this.headers = List.of(headers);
    return this;
  }

  private void session(NetSocket socket) {
    StringBuilder data = new StringBuilder();
    boolean[] inData = {false};
    boolean[] authed = {false};
    RecordParser lines = RecordParser.newDelimited("\r\n");
    lines.handler(
        buf -> {
          String line = buf.toString(StandardCharsets.ISO_8859_1);
          if (inData[0]) {
            if (line.equals(".")) {
              inData[0] = false;
              String message = data.toString();
              data.setLength(0);
              vertx
                  .executeBlocking(
                      () -> {
                        accept(message);
                        return null;
                      })
                  .onComplete(ar -> reply(socket, "250 2.0.0 queued"));
            } else {
              data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
            }
            return;
          }
          String upper = line.toUpperCase(java.util.Locale.ROOT);
          if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
            reply(socket, "250-relay.test\r\n250-AUTH PLAIN\r\n250 8BITMIME");
          } else if (upper.startsWith("AUTH PLAIN ")) {
            String[] parts =
                new String(
                        Base64.getDecoder().decode(line.substring(11).trim()),
                        StandardCharsets.UTF_8)
                    .split("\0", -1);
            logins.add(String.join("|", parts));
            if (parts.length == 3 && parts[1].equals(user) && parts[2].equals(password)) {
              authed[0] = true;
              reply(socket, "235 2.7.0 Authentication successful");
            } else {
              // Like many servers, it says whom it refused: with a token as
              // both login and password (Postmark), that is the secret.
              reply(
                  socket,
                  "535 5.7.8 Authentication credentials invalid for "
                      + (parts.length > 1 ? parts[1] : "?"));
            }
          } else if (upper.startsWith("MAIL FROM")) {
            reply(socket, authed[0] ? "250 2.1.0 ok" : "530 5.7.0 Authentication required");
          } else if (upper.startsWith("RCPT TO")) {
            reply(socket, "250 2.1.5 ok");
          } else if (upper.equals("DATA")) {
            inData[0] = true;
            reply(socket, "354 go ahead");
          } else if (upper.equals("QUIT")) {
            reply(socket, "221 2.0.0 bye");
            socket.close();
          } else {
            reply(socket, "250 ok");
          }
        });
    socket.handler(lines);
    reply(socket, "220 relay.test ESMTP");
  }

  private static void reply(NetSocket socket, String text) {
    socket.write(Buffer.buffer(text + "\r\n", "ISO-8859-1"));
  }

  /** Files the message as the receiving MTA would: its own headers on top. */
  private void accept(String message) {
    received.add(GreenMailUtil.newMimeMessage(message));
    if (mode == Mode.DROP) {
      return;
    }
    StringBuilder top = new StringBuilder();
    for (String h : headers) {
      top.append(h).append("\r\n");
    }
    MimeMessage m = GreenMailUtil.newMimeMessage(top + message);
    file(m, mode);
  }

  /** Puts a message straight into a folder (for leftovers of earlier runs). */
  void file(MimeMessage m, Mode where) {
    try {
      GreenMailUser u = greenMail.getUserManager().getUserByEmail(MailDeliveryProbeTest.TO);
      if (where == Mode.INBOX) {
        u.deliver(m);
        return;
      }
      var host = greenMail.getManagers().getImapHostManager();
      MailFolder spam = host.getFolder(u, SPAM_FOLDER);
      if (spam == null) {
        spam = host.createMailbox(u, SPAM_FOLDER);
      }
      spam.appendMessage(m, new Flags(), new Date());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subjects' probe headers of every message in a folder. */
  List<String> probeIds(Mode where) {
    try {
      GreenMailUser u = greenMail.getUserManager().getUserByEmail(MailDeliveryProbeTest.TO);
      var host = greenMail.getManagers().getImapHostManager();
      MailFolder f = where == Mode.INBOX ? host.getInbox(u) : host.getFolder(u, SPAM_FOLDER);
      List<String> out = new ArrayList<>();
      if (f == null) {
        return out;
      }
      for (var stored : f.getMessages()) {
        String[] h = stored.getMimeMessage().getHeader(ProbeId.HEADER);
        out.add(h == null ? "(none)" : h[0]);
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    TestVertx.await(server.close());
  }
}
