package dev.lookout.check.http;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** A DNS server on loopback that answers every query with NXDOMAIN (the name does not exist). */
final class NxdomainResponder implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;

  private NxdomainResponder(DatagramSocket socket) {
    this.socket = socket;
    this.thread = new Thread(this::serve, "nxdomain-responder");
    thread.setDaemon(true);
    thread.start();
  }

  static NxdomainResponder start() throws IOException {
    return new NxdomainResponder(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    byte[] buf = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RA);
        answer.getHeader().setRcode(Rcode.NXDOMAIN);
        answer.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
        byte[] out = answer.toWire();
        socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a malformed packet: keep serving until closed
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
