package dev.lookout.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests: speaks the wire protocol (dnsjava {@link Message}) over UDP and TCP on a
 * loopback port chosen by the OS, and serves a zone the test changes between probes. Switches make
 * it misbehave the ways real servers do: SERVFAIL, NXDOMAIN, silence, truncated UDP answers (so the
 * client must retry over TCP), and the AA flag on or off. Every instance has its own zone, so two
 * of them can play authoritative servers that disagree.
 *
 * <p>Plain threads and blocking sockets: this is the test's server, never run on an event loop.
 * Names without any record get NXDOMAIN; names with records but none of the asked type get an empty
 * NOERROR answer (NODATA); both carry the closest enclosing SOA (if the test added one) in the
 * authority section. A CNAME is followed inside the zone, as a recursive resolver would.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *   dns.records("example.com", "TXT", "\"v=spf1 -all\"")
 *      .records("_dmarc.example.com", "TXT", "\"v=DMARC1; p=reject\"");
 *   // point the check at dns.address() ("127.0.0.1:PORT"); change records between probes
 * }
 * }</pre>
 */
public final class TestDnsServer implements AutoCloseable {
  private final InetAddress host;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Map<Name, Map<Integer, List<Record>>> zone = new HashMap<>();
  private final List<Message> queries = new CopyOnWriteArrayList<>();
  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean servfail;
  private volatile boolean nxdomain;
  private volatile boolean silent;
  private volatile boolean truncateUdp;
  private volatile boolean authoritative = true;
  private volatile boolean closed;

  private TestDnsServer(InetAddress host, DatagramSocket udp, ServerSocket tcp) {
    this.host = host;
    this.udp = udp;
    this.tcp = tcp;
    thread("udp", this::serveUdp);
    thread("tcp-accept", this::acceptTcp);
  }

  /** A server on 127.0.0.1, UDP and TCP on the same free port. */
  public static TestDnsServer start() {
    return start("127.0.0.1", 0);
  }

  /** A server on {@code host} (a loopback address) and {@code port} (0: any free port). */
  public static TestDnsServer start(String host, int port) {
    IOException last = null;
    for (int i = 0; i < 20; i++) {
      ServerSocket tcp = null;
      try {
        InetAddress address = InetAddress.getByName(host);
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(address, port));
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort()));
        return new TestDnsServer(address, udp, tcp);
      } catch (IOException e) {
        last = e;
        closeQuietly(tcp);
        if (port != 0) {
          break;
        }
      }
    }
    throw new IllegalStateException("cannot bind a test DNS server on " + host, last);
  }

  public int port() {
    return tcp.getLocalPort();
  }

  /** As a config would write it: {@code 127.0.0.1:5353} or {@code [::1]:5353}. */
  public String address() {
    String h = host.getHostAddress();
    return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port();
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port());
  }

  /**
   * Replaces the records of one type at one name with the given ones (TTL 300); none removes them.
   * {@code rdata} is zone-file text: {@code 10 mx1.example.com.}, {@code "v=spf1 -all"}.
   */
  public TestDnsServer records(String name, String type, String... rdata) {
    return records(name, type, 300, rdata);
  }

  /** As {@link #records(String, String, String...)}, with a TTL. */
  public TestDnsServer records(String name, String type, long ttl, String... rdata) {
    Name owner = name(name);
    int t = Type.value(type);
    if (t < 0) {
      throw new IllegalArgumentException("unknown type " + type);
    }
    List<Record> list = new ArrayList<>();
    for (String r : rdata) {
      try {
        list.add(Record.fromString(owner, t, DClass.IN, ttl, r, Name.root));
      } catch (IOException e) {
        throw new IllegalArgumentException("bad rdata for " + type + ": " + r, e);
      }
    }
    put(owner, t, list);
    return this;
  }

  /** Adds one ready-made record (e.g. a TXT record built from several character-strings). */
  public synchronized TestDnsServer add(Record record) {
    zone.computeIfAbsent(record.getName(), k -> new LinkedHashMap<>())
        .computeIfAbsent(record.getType(), k -> new ArrayList<>())
        .add(record);
    return this;
  }

  private synchronized void put(Name owner, int type, List<Record> records) {
    Map<Integer, List<Record>> byType = zone.computeIfAbsent(owner, k -> new LinkedHashMap<>());
    if (records.isEmpty()) {
      byType.remove(type);
      if (byType.isEmpty()) {
        zone.remove(owner);
      }
    } else {
      byType.put(type, records);
    }
  }

  /** Forgets every record. */
  public synchronized TestDnsServer clear() {
    zone.clear();
    return this;
  }

  /** Answer every query with SERVFAIL. */
  public TestDnsServer servfail(boolean on) {
    servfail = on;
    return this;
  }

  /** Answer every query with NXDOMAIN. */
  public TestDnsServer nxdomain(boolean on) {
    nxdomain = on;
    return this;
  }

  /** Read queries but never answer them. */
  public TestDnsServer silent(boolean on) {
    silent = on;
    return this;
  }

  /** Answer over UDP with the TC bit and no records, so the client must ask again over TCP. */
  public TestDnsServer truncateUdp(boolean on) {
    truncateUdp = on;
    return this;
  }

  /** Set (default) or clear the AA flag in answers. */
  public TestDnsServer authoritative(boolean on) {
    authoritative = on;
    return this;
  }

  public int udpQueries() {
    return udpQueries.get();
  }

  public int tcpQueries() {
    return tcpQueries.get();
  }

  /** Every query received, oldest first. */
  public List<Message> queries() {
    return List.copyOf(queries);
  }

  /** Builds the answer to one query; null means "stay silent". */
  Message answer(Message query, boolean overTcp) {
    queries.add(query);
    if (silent) {
      return null;
    }
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
      response.getHeader().setFlag(Flags.RA);
    }
    if (authoritative) {
      response.getHeader().setFlag(Flags.AA);
    }
    Record question = query.getQuestion();
    response.addRecord(question, Section.QUESTION);
    if (query.getOPT() != null) {
      response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    }
    if (servfail) {
      response.getHeader().setRcode(Rcode.SERVFAIL);
    } else if (nxdomain) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    } else {
      fill(response, question.getName(), question.getType());
    }
    if (!overTcp && truncateUdp && response.getRcode() == Rcode.NOERROR) {
      response.removeAllRecords(Section.ANSWER);
      response.getHeader().setFlag(Flags.TC);
    }
    return response;
  }

  private synchronized void fill(Message response, Name name, int type) {
    Name at = name;
    for (int hops = 0; hops < 8; hops++) {
      Map<Integer, List<Record>> byType = zone.get(at);
      if (byType == null) {
        if (hops == 0) {
          response.getHeader().setRcode(Rcode.NXDOMAIN);
          addSoa(response, at);
        }
        return;
      }
      List<Record> cname = byType.get(Type.CNAME);
      if (type != Type.CNAME && cname != null && !cname.isEmpty()) {
        response.addRecord(cname.get(0), Section.ANSWER);
        at = ((CNAMERecord) cname.get(0)).getTarget();
        continue;
      }
      List<Record> found = byType.getOrDefault(type, List.of());
      for (Record r : found) {
        response.addRecord(r, Section.ANSWER);
      }
      if (found.isEmpty() && hops == 0) {
        addSoa(response, at);
      }
      return;
    }
  }

  /** Like a real server, names the zone (its SOA) in the authority section of an empty answer. */
  private void addSoa(Message response, Name name) {
    for (Name n = name; n.labels() > 0; n = new Name(n, 1)) {
      Map<Integer, List<Record>> byType = zone.get(n);
      if (byType != null && byType.containsKey(Type.SOA)) {
        response.addRecord(byType.get(Type.SOA).get(0), Section.AUTHORITY);
        return;
      }
      if (n.labels() == 1) {
        return;
      }
    }
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        udpQueries.incrementAndGet();
        Message query = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
        Message response = answer(query, false);
        if (response != null) {
          int max = query.getOPT() == null ? 512 : Math.max(512, query.getOPT().getPayloadSize());
          byte[] out = response.toWire(max);
          udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
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
        thread("tcp-conn", () -> serveTcp(s));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (!closed) {
        int length = in.readUnsignedShort();
        byte[] wire = new byte[length];
        in.readFully(wire);
        tcpQueries.incrementAndGet();
        Message response = answer(new Message(wire), true);
        if (response != null) {
          byte[] bytes = response.toWire();
          out.writeShort(bytes.length);
          out.write(bytes);
          out.flush();
        }
      }
    } catch (EOFException | SocketException e) {
      // client went away or the server is closing
    } catch (IOException e) {
      // a broken query: drop the connection as a real server would
    }
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(body, "test-dns-" + name + "-" + port());
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing to do
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    closeQuietly(tcp);
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
