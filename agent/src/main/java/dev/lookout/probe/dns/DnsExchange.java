package dev.lookout.probe.dns;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;

/**
 * One try of one query: over UDP from a random source port, and again over TCP when the UDP answer
 * is truncated, all within one deadline. Our own exchange on Vert.x sockets rather than dnsjava's
 * {@code SimpleResolver}, which fails the whole query on the first datagram with a wrong message
 * ID: anyone able to send one UDP packet could then fail a check.
 *
 * <p>RFC 5452 §9.1: a UDP datagram counts as the answer only when it comes from the server's
 * address and port, carries the query's ID, parses, is a response, and repeats the question. Any
 * other datagram is ignored (and counted, so a timeout can say what arrived instead), and the
 * exchange keeps waiting until the deadline. Over TCP (our own connection, not spoofable off-path)
 * a frame with a wrong ID is skipped the same way, but garbage or a closed connection fails at
 * once.
 */
final class DnsExchange {
  /** Ports below this are privileged or well-known; source ports are drawn from above it. */
  private static final int FIRST_PORT = 1024;

  private static final int BIND_TRIES = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final NetClient tcp;
  private final DnsServer server;
  private final String who;
  private final Message query;
  private final byte[] wire;
  private final Ignored ignored;
  private final Promise<Message> done = Promise.promise();
  private DatagramSocket udp;
  private NetSocket connection;
  private Buffer received = Buffer.buffer();
  private long timer = -1;

  /** What arrived that was not the answer, across the tries of one query. */
  static final class Ignored {
    int otherSource;
    int wrongId;
    int notDns;
    int otherQuestion;

    boolean any() {
      return otherSource + wrongId + notDns + otherQuestion > 0;
    }

    /** {@code 2 answers with the wrong message ID, 1 answer from another address or port}. */
    String describe() {
      List<String> parts = new ArrayList<>();
      count(
          parts, wrongId, "answer with the wrong message ID", "answers with the wrong message ID");
      count(
          parts,
          otherSource,
          "answer from another address or port",
          "answers from another address or port");
      count(parts, notDns, "answer that is not DNS", "answers that are not DNS");
      count(parts, otherQuestion, "answer to another question", "answers to another question");
      return String.join(", ", parts);
    }

    private static void count(List<String> parts, int n, String one, String many) {
      if (n > 0) {
        parts.add(n + " " + (n == 1 ? one : many));
      }
    }
  }

  /** The worded reason with its kind; becomes a {@link DnsQueryFailed}. */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean timeout;

    Failed(boolean timeout, String message) {
      super(message, null, false, false);
      this.timeout = timeout;
    }
  }

  DnsExchange(
      Vertx vertx,
      NetClient tcp,
      DnsServer server,
      boolean recursion,
      Message query,
      Ignored ignored) {
    this.vertx = vertx;
    this.tcp = tcp;
    this.server = server;
    this.who = (recursion ? "the resolver " : "the nameserver ") + server;
    this.query = query;
    this.wire = query.toWire();
    this.ignored = ignored;
  }

  /** A random 16-bit message ID (RFC 5452 §4.3); the rest of the header is the caller's. */
  static int randomId() {
    return RANDOM.nextInt(0x10000);
  }

  /**
   * Runs the exchange on {@code context}: the answer, or a {@link Failed} with a reason a person
   * can read; times out after {@code timeout}.
   */
  Future<Message> run(Context context, Duration timeout) {
    context.runOnContext(
        v -> {
          timer =
              vertx.setTimer(
                  Math.max(1, timeout.toMillis()), t -> fail(true, "no answer from " + server));
          bindUdp(BIND_TRIES);
        });
    return done.future().andThen(ar -> close());
  }

  private void bindUdp(int triesLeft) {
    if (done.future().isComplete()) {
      return;
    }
    boolean v6 = server.address().getAddress() instanceof Inet6Address;
    DatagramSocket socket =
        vertx.createDatagramSocket(
            new DatagramSocketOptions().setIpV6(v6).setReceiveBufferSize(65535));
    // RFC 5452 §4.5, §10: a random source port; the OS picks one if ours are all taken.
    int port = triesLeft > 0 ? FIRST_PORT + RANDOM.nextInt(65536 - FIRST_PORT) : 0;
    socket
        .listen(port, v6 ? "::" : "0.0.0.0")
        .onSuccess(
            s -> {
              udp = s;
              if (done.future().isComplete()) {
                s.close();
                return;
              }
              s.handler(this::datagram);
              s.exceptionHandler(e -> fail(false, who + " cannot be reached over UDP"));
              s.send(Buffer.buffer(wire), server.address().getPort(), hostOf(server.address()))
                  .onFailure(
                      e ->
                          fail(
                              false,
                              "cannot send the query to " + server + " over UDP: " + words(e)));
            })
        .onFailure(
            e -> {
              socket.close();
              if (triesLeft > 0) {
                bindUdp(triesLeft - 1);
              } else {
                fail(false, "cannot open a UDP socket to ask " + server + ": " + words(e));
              }
            });
  }

  private void datagram(DatagramPacket packet) {
    if (done.future().isComplete()) {
      return;
    }
    InetSocketAddress from = address(packet.sender().hostAddress(), packet.sender().port());
    if (from == null || !from.equals(server.address())) {
      ignored.otherSource++;
      return;
    }
    byte[] data = packet.data().getBytes();
    Message answer = accept(data);
    if (answer == null) {
      return;
    }
    if (answer.getHeader().getFlag(Flags.TC)) {
      // Late datagrams for this query die with the socket, so nothing waits for them.
      udp.close();
      udp = null;
      connectTcp();
      return;
    }
    done.tryComplete(answer);
  }

  /** The answer to our query in {@code data}, or null (counted in {@link #ignored}). */
  private Message accept(byte[] data) {
    if (data.length < Header.LENGTH) {
      ignored.notDns++;
      return null;
    }
    int id = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    if (id != query.getHeader().getID()) {
      ignored.wrongId++;
      return null;
    }
    Message answer = parse(data);
    if (answer == null
        || !answer.getHeader().getFlag(Flags.QR)
        || answer.getHeader().getOpcode() != Opcode.QUERY) {
      ignored.notDns++;
      return null;
    }
    if (!sameQuestion(query.getQuestion(), answer.getQuestion())) {
      ignored.otherQuestion++;
      return null;
    }
    return answer;
  }

  /** dnsjava's parser, which rejects pointer loops and overruns; null for anything unreadable. */
  private static Message parse(byte[] data) {
    try {
      return new Message(data);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean sameQuestion(Record asked, Record echoed) {
    // RFC 5452 §9.1: name (case-insensitively, as Name.equals compares), type and class.
    return echoed != null
        && asked.getName().equals(echoed.getName())
        && asked.getType() == echoed.getType()
        && asked.getDClass() == echoed.getDClass();
  }

  private void connectTcp() {
    tcp.connect(server.address().getPort(), hostOf(server.address()))
        .onSuccess(
            socket -> {
              connection = socket;
              if (done.future().isComplete()) {
                socket.close();
                return;
              }
              socket.handler(this::frames);
              socket.closeHandler(
                  v ->
                      fail(
                          false,
                          received.length() == 0
                              ? who + " closed the TCP connection without answering"
                              : who + " closed the TCP connection mid-answer"));
              socket.exceptionHandler(
                  e -> fail(false, "the TCP connection to " + server + " failed: " + words(e)));
              Buffer out = Buffer.buffer(2 + wire.length).appendUnsignedShort(wire.length);
              socket.write(out.appendBytes(wire));
            })
        .onFailure(
            e ->
                fail(
                    false,
                    who
                        + " answered truncated over UDP and cannot be reached over TCP: "
                        + words(e)));
  }

  /** Reads every complete length-prefixed frame (RFC 1035 §4.2.2) from the front of the stream. */
  private void frames(Buffer more) {
    received = received.appendBuffer(more);
    while (!done.future().isComplete() && received.length() >= 2) {
      int length = received.getUnsignedShort(0);
      if (received.length() < 2 + length) {
        return;
      }
      byte[] data = received.getBytes(2, 2 + length);
      received = received.getBuffer(2 + length, received.length());
      int garbage = ignored.notDns + ignored.otherQuestion;
      Message answer = accept(data);
      if (answer != null) {
        done.tryComplete(answer);
      } else if (ignored.notDns + ignored.otherQuestion > garbage) {
        fail(false, who + " sent an answer over TCP that is not DNS");
      }
    }
  }

  private void fail(boolean timeout, String message) {
    done.tryFail(new Failed(timeout, message));
  }

  private void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (udp != null) {
      udp.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private static InetSocketAddress address(String host, int port) {
    try {
      return new InetSocketAddress(Address.getByAddress(host), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String hostOf(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    return ip.getHostAddress();
  }

  /** An I/O failure in words: the JDK's message (e.g. "Connection refused"), never a class name. */
  static String words(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "the network reported an error";
    }
    int colon = m.lastIndexOf(": ");
    // Netty prefixes the address ("Connection refused: /127.0.0.1:53"); the reason is enough.
    return colon > 0 && m.substring(colon + 2).startsWith("/") ? m.substring(0, colon) : m;
  }
}
