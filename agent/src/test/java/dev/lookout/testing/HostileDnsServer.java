package dev.lookout.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A DNS server that misbehaves on purpose, for the hostile corpus: for each UDP query it sends
 * whatever datagrams the test scripts (from its own port, or from a second socket that plays an
 * off-path spoofer), and for each TCP query whatever bytes the test scripts, then optionally
 * closes. Plain threads and blocking sockets; never on an event loop.
 */
public final class HostileDnsServer implements AutoCloseable {
  /** One datagram to send back: its bytes, and whether it comes from the spoofer's socket. */
  public record Datagram(byte[] bytes, boolean spoofed) {}

  /** What to write on a TCP connection after reading one query, and whether to close after. */
  public record TcpReply(byte[] bytes, boolean close) {}

  private final DatagramSocket udp;
  private final DatagramSocket spoofer;
  private final ServerSocket tcp;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile Function<Message, List<Datagram>> onUdp = q -> List.of();
  private volatile Function<Message, TcpReply> onTcp = q -> new TcpReply(new byte[0], true);
  private volatile boolean closed;

  public HostileDnsServer() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress(loopback, 0));
    udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
    spoofer = new DatagramSocket(new InetSocketAddress(loopback, 0));
    thread(this::serveUdp);
    thread(this::acceptTcp);
  }

  public HostileDnsServer udp(Function<Message, List<Datagram>> script) {
    onUdp = script;
    return this;
  }

  public HostileDnsServer tcp(Function<Message, TcpReply> script) {
    onTcp = script;
    return this;
  }

  public String address() {
    return "127.0.0.1:" + tcp.getLocalPort();
  }

  // ---- building answers ----

  /** A proper answer to {@code query}: 192.0.2.1 (or TC and no records, when truncated). */
  public static Message answer(Message query, boolean truncated) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    r.addRecord(query.getQuestion(), Section.QUESTION);
    if (truncated) {
      r.getHeader().setFlag(Flags.TC);
    } else {
      r.addRecord(
          new ARecord(
              query.getQuestion().getName(), DClass.IN, 60, InetAddress.getLoopbackAddress()),
          Section.ANSWER);
    }
    return r;
  }

  public static byte[] withId(byte[] wire, int id) {
    byte[] out = wire.clone();
    out[0] = (byte) (id >> 8);
    out[1] = (byte) id;
    return out;
  }

  /** The query's ID plus one: an answer an off-path attacker guessed wrong. */
  public static int wrongId(Message query) {
    return (query.getHeader().getID() + 1) & 0xFFFF;
  }

  /**
   * A response header with the query's ID and one question whose name is a compression pointer to
   * itself (offset 12): a parser that follows pointers blindly loops forever.
   */
  public static byte[] pointerLoop(Message query) {
    int id = query.getHeader().getID();
    return new byte[] {
      (byte) (id >> 8),
      (byte) id,
      (byte) 0x81,
      (byte) 0x80,
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xC0,
      12,
      0,
      1,
      0,
      1
    };
  }

  /** The query's ID followed by bytes that are no DNS message. */
  public static byte[] garbage(Message query) {
    byte[] g = new byte[64];
    Arrays.fill(g, (byte) 0xFF);
    return withId(g, query.getHeader().getID());
  }

  public static byte[] framed(byte[] wire) {
    byte[] out = new byte[wire.length + 2];
    out[0] = (byte) (wire.length >> 8);
    out[1] = (byte) wire.length;
    System.arraycopy(wire, 0, out, 2, wire.length);
    return out;
  }

  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  // ---- serving ----

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!closed) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
        for (Datagram d : onUdp.apply(query)) {
          DatagramSocket from = d.spoofed() ? spoofer : udp;
          from.send(new DatagramPacket(d.bytes(), d.bytes().length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void acceptTcp() {
    while (!closed) {
      try {
        Socket s = tcp.accept();
        thread(() -> serveTcp(s));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream())) {
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        TcpReply reply = onTcp.apply(new Message(wire));
        out.write(reply.bytes());
        out.flush();
        if (reply.close()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void thread(Runnable body) {
    Thread t = new Thread(body, "hostile-dns-" + tcp.getLocalPort());
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    spoofer.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
    new ArrayList<>(threads).forEach(Thread::interrupt);
  }
}
