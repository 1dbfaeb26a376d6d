package dev.lookout.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The target both tools probe in the benchmark: a canned {@code 200 ok} for every request head,
 * without an HTTP server's parsing, on one Netty event loop that both accepts and serves.
 *
 * <p>A real target runs on its own machine; here it shares the two cores with the tool being
 * measured, and its cost grows with the probe rate, so it is charged mostly to the faster tool. The
 * less it costs, the more the numbers say about the tools. (Vert.x's NetServer, used before, hands
 * every accepted connection from an acceptor thread to its event loop: a cross-thread wake-up per
 * connection that alone took a sixth of a core at 12,000 connections a second.)
 */
final class TargetServer {
  private static final byte[] REPLY =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
          .getBytes(StandardCharsets.US_ASCII);

  private final EventLoopGroup group;
  private final Channel channel;
  private final boolean epoll;

  private TargetServer(EventLoopGroup group, Channel channel, boolean epoll) {
    this.group = group;
    this.channel = channel;
    this.epoll = epoll;
  }

  static TargetServer start() throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new CannedReply());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return new TargetServer(group, channel, epoll);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  String transport() {
    return epoll ? "epoll" : "NIO";
  }

  void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers once per request head ("\r\n\r\n"), however the bytes were split. */
  private static final class CannedReply extends ChannelInboundHandlerAdapter {
    private static final byte[] END = {'\r', '\n', '\r', '\n'};
    private int matched;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
          byte b = in.getByte(i);
          matched = b == END[matched] ? matched + 1 : b == '\r' ? 1 : 0;
          if (matched == END.length) {
            matched = 0;
            ctx.write(Unpooled.wrappedBuffer(REPLY));
          }
        }
      } finally {
        in.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
