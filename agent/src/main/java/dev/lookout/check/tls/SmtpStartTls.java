package dev.lookout.check.tls;

import dev.lookout.probe.Text;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text part of SMTP before the handshake (RFC 3207): wait for the 220 greeting, say EHLO,
 * check that STARTTLS is offered, ask for it and wait for its 220. Completes when the socket is
 * ready for {@code upgradeToSsl}; fails with a reason a person can act on.
 */
final class SmtpStartTls {
  /** Replies longer than this are not SMTP; stop reading rather than buffer a stream. */
  private static final int MAX_REPLY = 64 * 1024;

  private enum Step {
    GREETING,
    EHLO,
    STARTTLS,
    DONE
  }

  private final NetSocket socket;
  private final Promise<Void> ready = Promise.promise();
  private final List<String> lines = new ArrayList<>();
  private Buffer pending = Buffer.buffer();
  private Step step = Step.GREETING;

  private SmtpStartTls(NetSocket socket) {
    this.socket = socket;
  }

  static Future<Void> negotiate(NetSocket socket) {
    SmtpStartTls s = new SmtpStartTls(socket);
    socket.handler(s::onData);
    socket.closeHandler(v -> s.ready.tryFail(new StartTlsFailed(s.closedMessage())));
    return s.ready.future();
  }

  /** A failed SMTP dialogue, already worded for a person. */
  static final class StartTlsFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StartTlsFailed(String message) {
      super(message, null, false, false);
    }
  }

  private String closedMessage() {
    return switch (step) {
      case GREETING -> "the SMTP server closed the connection before its greeting";
      case EHLO -> "the SMTP server closed the connection after EHLO";
      default -> "the SMTP server closed the connection after STARTTLS";
    };
  }

  private void onData(Buffer data) {
    if (step == Step.DONE) {
      return;
    }
    pending.appendBuffer(data);
    if (pending.length() > MAX_REPLY) {
      fail("the SMTP server sent a reply longer than " + MAX_REPLY / 1024 + " KiB");
      return;
    }
    String text = pending.toString(StandardCharsets.ISO_8859_1);
    int end;
    int from = 0;
    while ((end = text.indexOf("\r\n", from)) >= 0) {
      String line = text.substring(from, end);
      from = end + 2;
      lines.add(line);
      // The last line of a reply has a space (or nothing) after the code: "250 OK" vs "250-...".
      if (line.length() < 4 || line.charAt(3) == ' ') {
        onReply(List.copyOf(lines));
        lines.clear();
        if (step == Step.DONE) {
          return;
        }
      }
    }
    pending = pending.getBuffer(from, pending.length());
  }

  private void onReply(List<String> reply) {
    String code = reply.get(0).length() >= 3 ? reply.get(0).substring(0, 3) : reply.get(0);
    switch (step) {
      case GREETING -> {
        if (!code.equals("220")) {
          fail("the SMTP server greeted with \"" + clip(reply.get(0)) + "\", not 220");
          return;
        }
        step = Step.EHLO;
        socket.write("EHLO " + ehloName() + "\r\n");
      }
      case EHLO -> {
        if (!code.equals("250")) {
          fail("the SMTP server refused EHLO: \"" + clip(reply.get(0)) + "\"");
          return;
        }
        boolean offered =
            reply.stream()
                .map(l -> l.length() > 4 ? l.substring(4).trim().toUpperCase(Locale.ROOT) : "")
                .anyMatch(ext -> ext.equals("STARTTLS"));
        if (!offered) {
          fail("the SMTP server does not offer STARTTLS");
          return;
        }
        step = Step.STARTTLS;
        socket.write("STARTTLS\r\n");
      }
      case STARTTLS -> {
        if (!code.equals("220")) {
          fail("the SMTP server refused STARTTLS: \"" + clip(reply.get(0)) + "\"");
          return;
        }
        step = Step.DONE;
        socket.handler(b -> {});
        socket.closeHandler(null);
        ready.tryComplete();
      }
      default -> {}
    }
  }

  /** An address literal of our end (RFC 5321 4.1.3): we have no name worth claiming. */
  private String ehloName() {
    String host = socket.localAddress() == null ? "127.0.0.1" : socket.localAddress().hostAddress();
    return host.indexOf(':') >= 0 ? "[IPv6:" + host + "]" : "[" + host + "]";
  }

  private void fail(String reason) {
    step = Step.DONE;
    socket.handler(b -> {});
    ready.tryFail(new StartTlsFailed(reason));
  }

  private static String clip(String s) {
    return Text.oneLine(s, 120);
  }
}
