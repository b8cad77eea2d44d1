package org.margay.perf.child;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.margay.perf.Latencies;

/**
 * The Netty alternative: a 64-byte ping-pong over Linux TCP loopback on Netty 4.2.18's native epoll transport, one
 * event loop per side, TCP_NODELAY. {@code mode=busy} gives the event loop {@code SelectStrategy.BUSY_WAIT} (it
 * spins on {@code epoll_wait} with a zero timeout instead of sleeping in it); {@code mode=epoll} is Netty's default.
 * The client's handler times each round trip on the event loop and sends the next request from the read callback;
 * the main thread takes the session's commands ({@link Commands}).
 */
final class NettyEcho {
    private NettyEcho() {
    }

    private static EventLoopGroup group(ChildArgs a) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty native epoll unavailable: " + Epoll.unavailabilityCause());
        }
        boolean busy = "busy".equals(a.get("mode"));
        SelectStrategyFactory strategy = busy
                ? () -> (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT
                : io.netty.channel.DefaultSelectStrategyFactory.INSTANCE;
        return new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory(0, strategy));
    }

    static void server(ChildArgs a) throws Exception {
        EventLoopGroup group = group(a);
        try {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Channel listener = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush(msg, ctx.voidPromise());
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    closed.complete(null);
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Report.result("port", ((InetSocketAddress) listener.localAddress()).getPort());
            Report.ready();
            closed.get(a.longValue("timeout", 60), TimeUnit.SECONDS);
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    static void client(ChildArgs a) throws Exception {
        int size = a.intValue("size", 64);
        EventLoopGroup group = group(a);
        try {
            Pinger pinger = new Pinger(size);
            Channel ch = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(pinger)
                    .connect(new InetSocketAddress("127.0.0.1", a.intValue("port", 0))).sync().channel();
            Commands commands = new Commands(a);
            Commands.connected();
            Window w;
            while ((w = commands.next()) != null) {
                CompletableFuture<Histogram> done = pinger.start(ch, w);
                Histogram h = done.get(a.longValue("timeout", 60), TimeUnit.SECONDS);
                Report.result("hist", Latencies.encode(h));
                Report.result("gcs", pinger.gcs);
                Report.result("warmup_ms", w.warmupMillis());
                Commands.done();
            }
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs one window on the event loop: sends a request, and on every complete echo records the round trip and
     * sends the next, until the window ends.
     */
    private static final class Pinger extends ChannelInboundHandlerAdapter {
        private final int size;
        private final Histogram histogram = Latencies.newHistogram();
        private Window window;
        private CompletableFuture<Histogram> done;
        private ChannelHandlerContext context;
        private long sentAt;
        private int received;
        private long gcBefore = -1;
        private volatile long gcs;

        Pinger(int size) {
            this.size = size;
        }

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        CompletableFuture<Histogram> start(Channel ch, Window w) {
            CompletableFuture<Histogram> f = new CompletableFuture<>();
            ch.eventLoop().execute(() -> {
                window = w;
                done = f;
                histogram.reset();
                gcBefore = -1;
                send(context);
            });
            return f;
        }

        private void send(ChannelHandlerContext ctx) {
            ByteBuf out = ctx.alloc().directBuffer(size);
            for (int i = 0; i < size; i++) {
                out.writeByte(i);
            }
            received = 0;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(out, ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            received += in.readableBytes();
            in.release();
            if (received < size || done == null) {
                return;
            }
            long now = System.nanoTime();
            if (window.measuring(sentAt) && sentAt >= window.measureStart()) {
                if (gcBefore < 0) {
                    gcBefore = Report.gcCount();
                }
                histogram.recordValue(now - sentAt);
            }
            if (window.done(now)) {
                gcs = Report.gcCount() - Math.max(0, gcBefore);
                CompletableFuture<Histogram> f = done;
                done = null;
                f.complete(histogram);
                return;
            }
            send(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (done != null) {
                done.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
