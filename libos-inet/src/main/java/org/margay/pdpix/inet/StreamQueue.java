package org.margay.pdpix.inet;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.net.ipv4.route.RoutingTable;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpConnectionListener;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.ByteSink;
import org.margay.pdpix.spi.ByteSource;
import org.margay.pdpix.spi.ElementDecoder;
import org.margay.pdpix.spi.ElementEncoder;
import org.margay.pdpix.spi.IoQueue;
import org.margay.stack.InetStack;

/**
 * A STREAM queue of the inet library OS: a TCP listener ({@link TcpListener}) or one TCP connection
 * ({@link TcpConnection}) of the stack, with elements framed by {@link ElementEncoder}/{@link ElementDecoder}.
 *
 * <h2>Readiness</h2>
 * The queue is the connection's {@link TcpConnectionListener}: established, readable, writable and closed
 * events only {@linkplain #wake() wake} it, and the library OS services it once in its next duty cycle. No
 * connection is looked at unless something happened to it.
 *
 * <h2>Data path</h2>
 * <ul>
 *   <li>push: the element is copied into the connection's send buffer (prefix first when length-prefixed); when
 *       the buffer is full the push parks (in order) and resumes on {@code onWritable}. It completes when the
 *       whole element is in the send buffer;</li>
 *   <li>pop: one decoded element (LENGTH_PREFIXED), or everything readable up to {@code maxElement()} in one
 *       chained element (RAW_STREAM, {@link #nextRaw}); at end of stream an empty element (every pop after that
 *       too); a framing error
 *       resets the connection and fails pops with {@link Errno#EPROTOTYPE} ({@link Errno#EMSGSIZE} for an
 *       element larger than this side accepts);</li>
 *   <li>a connection that dies fails parked and later operations with its cause: {@link Errno#ECONNRESET} (peer
 *       reset), {@link Errno#ETIMEDOUT}, {@link Errno#EHOSTUNREACH} (an ICMP error, or the stack's ARP giving up
 *       on the next hop while connecting)...; pushes after a clean end fail with {@link Errno#EPIPE}.</li>
 * </ul>
 * Accepts park on {@link #pendingPops} (a listener has no pops). Socket options and their mapping onto the
 * connection's own TCP settings: {@link StreamOptions}.
 *
 * <h2>Closing</h2>
 * {@code close} sends FIN after the queued data (the engine finishes the handshake on its own), or RST when
 * {@link SocketOption#SO_LINGER} is 0 or when received data is still unread (RFC 1122 §4.2.2.13: a host that
 * closes with data pending SHOULD send RST, as Linux does). {@code asyncClose} completes when the connection
 * reaches CLOSED or TIME-WAIT (both FINs exchanged and ours acknowledged), or — with a positive SO_LINGER — when
 * that many seconds passed first, and then resets the connection; it completes at once for listeners,
 * unconnected queues, connections already dead, and aborts.
 *
 * <p>Single-threaded; nothing allocates per push, pop or event.
 */
final class StreamQueue extends IoQueue implements TcpConnectionListener {
    private final InetLibOS os;
    private final InetStack stack;
    private final StreamOptions options;
    private final ElementEncoder encoder = new ElementEncoder();
    private final ElementDecoder decoder;
    private final ByteSink sink = new ConnectionSink();
    private final ByteSource source = new ConnectionSource();

    private int boundIp;
    private int boundPort;
    private boolean bound;
    private TcpListener listener;
    private TcpConnection connection;
    private int connectSlot = -1;
    private boolean established;
    private boolean engineClosed;
    /** Why the connection can no longer be used (a TcpError/Errno code), 0 while it can. */
    private int deathErrno;
    private final Runnable acceptable = this::wake;
    /** The most a RAW_STREAM pop takes: the pool's largest element. */
    private final int rawPopLimit;
    /** The payload one pool buffer holds. */
    private final int rawBufferPayload;
    /** Why the last {@link #nextRaw} returned null besides "nothing readable": OK or ENOMEM. */
    private int rawError;
    /** When an asyncClose with a positive SO_LINGER gives up waiting and resets (MAX_VALUE = no limit). */
    private long lingerDeadline = Long.MAX_VALUE;

    /** A new, unbound queue. */
    StreamQueue(InetLibOS os) {
        this(os, new StreamOptions());
    }

    private StreamQueue(InetLibOS os, StreamOptions options) {
        super(os, Domain.INET, SocketType.STREAM);
        this.os = os;
        this.stack = os.stack();
        this.options = options;
        this.decoder = new ElementDecoder(os.sgaPool(), Framing.MAX_ELEMENT);
        this.rawPopLimit = (int) Math.min(os.sgaPool().maxElement(), Integer.MAX_VALUE);
        BufferPool buffers = os.sgaPool().buffers();
        this.rawBufferPayload = buffers.bufferSize() - buffers.defaultHeadroom();
        applyFraming();
    }

    /** A queue for a connection accepted from a listener whose options were {@code inherited}. */
    static StreamQueue accepted(InetLibOS os, TcpConnection connection, StreamOptions inherited) {
        StreamQueue q = new StreamQueue(os, inherited.copy());
        q.connection = connection;
        q.established = true;
        q.engineClosed = connection.state() == TcpState.CLOSED;
        q.deathErrno = q.engineClosed ? connection.error() : 0;
        q.options.applyLive(connection); // NODELAY/KEEPALIVE set on the listener after it listened
        connection.listener(q);
        return q;
    }

    /** Whether there is something to service right away (data that arrived before the accept, say). */
    boolean hasWork() {
        return connection != null && (connection.readable() || engineClosed);
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint local) {
        if (bound || connection != null || listener != null) {
            throw new PdpixException(Errno.EINVAL, describe() + " is already bound");
        }
        int ip = local.address();
        if (ip != 0 && !stack.isOwnAddress(ip)) {
            throw new PdpixException(Errno.EADDRNOTAVAIL, local + " is not an address of this stack");
        }
        int port = local.port() == 0 ? os.tcpPorts().ephemeral() : local.port();
        if (port < 0 || !os.tcpPorts().bind(port, this, options.reuseAddress)) {
            throw new PdpixException(Errno.EADDRINUSE, "TCP port " + local.port() + " is in use");
        }
        boundIp = ip;
        boundPort = port;
        bound = true;
    }

    @Override
    protected void listen(int backlog) {
        if (connection != null) {
            throw new PdpixException(Errno.EISCONN, describe() + " is connected");
        }
        if (listener != null) {
            return; // listening already (Linux lets listen() be repeated)
        }
        if (!bound) {
            bind(InetEndpoint.ANY);
        }
        try {
            listener = stack.tcp().listen(boundIp, boundPort, backlog, options.connectionConfig(stack.tcpLayer()));
        } catch (IllegalStateException e) {
            throw new PdpixException(Errno.EADDRINUSE, "TCP port " + boundPort + " already has a listener", e);
        }
        listener.onAcceptable(acceptable);
    }

    @Override
    protected InetEndpoint localEndpoint() {
        if (connection != null) {
            return new InetEndpoint(connection.localIp(), connection.localPort());
        }
        return new InetEndpoint(boundIp, boundPort);
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (connection == null || !established) {
            throw new PdpixException(Errno.ENOTCONN, describe() + " is not connected");
        }
        return new InetEndpoint(connection.remoteIp(), connection.remotePort());
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.FRAMING && (encoder.inProgress() || decoder.inProgress())) {
            throw new PdpixException(Errno.EBUSY, "FRAMING can change only between elements on " + describe());
        }
        if (option == SocketOption.SO_REUSEADDR && bound) {
            os.tcpPorts().reuse(boundPort, this, (Boolean) value);
        }
        options.set(option, value, stack.tcpLayer(), connection, childConfig(), describe());
        if (option == SocketOption.FRAMING) {
            applyFraming();
        }
    }

    @Override
    protected <T> T getOption(SocketOption<T> option) {
        return options.get(option, stack.tcpLayer(), connection, childConfig(), describe());
    }

    /** The settings connections accepted from this queue's listener start with; null when not listening. */
    private TcpConfig childConfig() {
        return listener != null ? listener.childConfig() : null;
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startConnect(int slot, int ip, int port) {
        if (listener != null || connection != null) {
            return connection != null && !established && !engineClosed ? Errno.EALREADY : Errno.EISCONN;
        }
        if (ip == 0 || port == 0) {
            return Errno.EINVAL;
        }
        if (stack.routes().lookup(ip) == RoutingTable.NO_ROUTE) {
            return Errno.ENETUNREACH;
        }
        try {
            // Options set so far become the connection's own settings (buffers, MSS announced, Nagle, keep-alive).
            connection = stack.tcp().connect(boundIp, boundPort, ip, port, options.connectionConfig(stack.tcpLayer()));
        } catch (IllegalStateException e) {
            return boundPort != 0 ? Errno.EADDRINUSE : Errno.EADDRNOTAVAIL;
        }
        connection.listener(this);
        connectSlot = slot;
        return Errno.OK;
    }

    @Override
    protected int startAccept(int slot) {
        if (listener == null) {
            return Errno.EINVAL;
        }
        pendingPops.add(slot);
        serviceAccepts();
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (ip != 0 || port != 0) {
            return connection != null ? Errno.EISCONN : Errno.ENOTCONN;
        }
        if (connection == null) {
            return listener != null || deathErrno == 0 ? Errno.ENOTCONN : deathErrno;
        }
        if (options.framing == Framing.LENGTH_PREFIXED && element.totalLength() > Framing.MAX_ELEMENT) {
            return Errno.EMSGSIZE;
        }
        if (deathErrno != 0 || engineClosed) {
            return pushErrno();
        }
        if (!pendingPushes.isEmpty()) {
            pendingPushes.add(slot);
            return Errno.OK;
        }
        int r = encoder.write(element, sink);
        if (r > 0) {
            completePush(slot);
        } else if (r == 0) {
            pendingPushes.add(slot);
        } else {
            encoder.reset();
            return pushErrno();
        }
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        if (connection == null) {
            return listener != null || deathErrno == 0 ? Errno.ENOTCONN : deathErrno;
        }
        pendingPops.add(slot);
        servicePops();
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        if (isClosed()) {
            return serviceClosing();
        }
        if (listener != null) {
            return serviceAccepts();
        }
        int work = serviceConnect();
        work += servicePushes();
        work += servicePops();
        return work;
    }

    private int serviceConnect() {
        if (connectSlot < 0) {
            return 0;
        }
        if (established) {
            ops.complete(connectSlot);
        } else if (engineClosed) {
            ops.fail(connectSlot, deathErrno != 0 ? deathErrno : Errno.ECONNABORTED);
        } else {
            return 0;
        }
        connectSlot = -1;
        return 1;
    }

    private int serviceAccepts() {
        int work = 0;
        while (!pendingPops.isEmpty()) {
            TcpConnection c = listener.accept();
            if (c == null) {
                break;
            }
            int slot = pendingPops.poll();
            StreamQueue child = accepted(os, c, options);
            int qd;
            try {
                qd = os.adopt(child);
            } catch (PdpixException e) {
                c.listener(null);
                c.abort();
                ops.fail(slot, e.errno());
                continue;
            }
            completeAccept(slot, qd, c.remoteIp(), c.remotePort());
            if (child.hasWork()) {
                child.wake();
            }
            work++;
        }
        return work;
    }

    private int servicePushes() {
        int work = 0;
        for (int slot = pendingPushes.peek(); slot >= 0; slot = pendingPushes.peek()) {
            int r = deathErrno != 0 || engineClosed ? -1 : encoder.write(ops.sga(slot), sink);
            if (r == 0) {
                break;
            }
            pendingPushes.poll();
            if (r > 0) {
                completePush(slot);
            } else {
                encoder.reset();
                failPush(slot, pushErrno());
            }
            work++;
        }
        return work;
    }

    private int servicePops() {
        int work = 0;
        boolean raw = options.framing == Framing.RAW_STREAM;
        while (!pendingPops.isEmpty()) {
            Sga element = raw ? nextRaw() : decoder.next(source);
            if (element != null) {
                completePop(pendingPops.poll(), element, 0, 0);
                work++;
                continue;
            }
            int err = raw ? rawError : decoder.error();
            if (err == Errno.EPROTOTYPE || err == Errno.EMSGSIZE) {
                protocolError(err);
            }
            if (err == Errno.ENOMEM) {
                wake(); // out of elements or buffers: try again next cycle
                break;
            }
            if (deathErrno != 0) {
                ops.fail(pendingPops.poll(), deathErrno);
                work++;
                continue;
            }
            if ((raw ? connection.eof() : decoder.atEof()) || engineClosed) {
                Sga empty = os.sgaPool().allocateEmpty();
                if (empty == null) {
                    wake();
                    break;
                }
                completePop(pendingPops.poll(), empty, 0, 0);
                work++;
                continue;
            }
            break;
        }
        return work;
    }

    /**
     * A RAW_STREAM pop: everything readable, up to the largest element the pool gives ({@code maxElement()}, 16
     * buffers), in one chained element; null when nothing is readable (or, with {@link #rawError} = ENOMEM, when
     * not even one buffer is free). Taking all that arrived rather than one buffer of it is what keeps the receive
     * window open: the stack ingests a burst of frames per duty cycle while an application with one pop outstanding
     * gets one pop completed per cycle, so one-buffer pops left the ring full and the window at one buffer
     * (RFC 9293 §3.8.6.2.2: the window offers the free space, and the application's reading is what frees it).
     * When the pool is short of buffers the element is what the free buffers hold.
     */
    private Sga nextRaw() {
        rawError = Errno.OK;
        int readable = connection.readableBytes();
        if (readable == 0) {
            return null;
        }
        // As much as the pool can give now (short of buffers, a smaller element rather than none).
        long room = (long) os.sgaPool().buffers().available() * rawBufferPayload;
        int want = (int) Math.min(readable, Math.min(rawPopLimit, room));
        Sga sga = want > 0 ? os.sgaPool().allocate(want) : null;
        if (sga == null) {
            rawError = Errno.ENOMEM; // out of buffers or Sga objects: the pop stays parked and is retried next cycle
            return null;
        }
        for (int i = 0; i < sga.segmentCount(); i++) {
            PacketBuffer b = sga.buffer(i);
            int n = connection.receive(b.segment(), b.start(), b.length());
            if (n != b.length()) {
                // cannot happen (the bytes were readable and only this queue reads): keep what was read
                b.trimBack(b.length() - Math.max(0, n));
            }
        }
        return sga;
    }

    /** A framing error from the peer: reset the connection (RST) and fail pops with {@code errno}. */
    private void protocolError(int errno) {
        if (deathErrno == 0) {
            deathErrno = errno;
        }
        if (!engineClosed) {
            connection.abort();
        }
    }

    private int pushErrno() {
        return deathErrno != 0 ? deathErrno : Errno.EPIPE;
    }

    // ------------------------------------------------------------------ connection events (engine thread = ours)

    @Override
    public void onEstablished(TcpConnection c) {
        established = true;
        wake();
    }

    @Override
    public void onReadable(TcpConnection c) {
        wake();
    }

    @Override
    public void onWritable(TcpConnection c) {
        wake();
    }

    @Override
    public void onClosed(TcpConnection c) {
        engineClosed = true;
        if (deathErrno == 0) {
            deathErrno = c.error();
        }
        wake();
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected int startClose(int slot) {
        if (connection == null || engineClosed || options.lingerSeconds == 0 || connection.readableBytes() > 0) {
            closeNow();
            ops.complete(slot);
            return Errno.OK;
        }
        failConnect(Errno.ECANCELED);
        connection.close(); // FIN after the queued data; serviced every cycle until CLOSED or TIME-WAIT
        releasePortAndDecoder();
        if (options.lingerSeconds > 0) {
            lingerDeadline = os.clock().nanoTime() + options.lingerSeconds * 1_000_000_000L;
            os.watchLinger(this);
        }
        return Errno.OK;
    }

    /** When a lingering asyncClose gives up, or MAX_VALUE. */
    long lingerDeadline() {
        return lingerDeadline;
    }

    private int serviceClosing() {
        int slot = pendingCloseSlot();
        if (slot < 0) {
            return 0;
        }
        MemorySegment discard = os.discardBuffer();
        while (connection.receive(discard, 0, (int) discard.byteSize()) > 0) {
            // the application gave up reading: let the peer's remaining data and FIN through
        }
        TcpState s = connection.state();
        if (s != TcpState.CLOSED && s != TcpState.TIME_WAIT) {
            if (os.clock().nanoTime() < lingerDeadline) {
                return 0;
            }
            connection.abort(); // SO_LINGER ran out before the peer acknowledged everything: reset, as BSD and Linux do
        }
        connection.listener(null);
        if (lingerDeadline != Long.MAX_VALUE) {
            os.unwatchLinger(this);
        }
        ops.complete(slot);
        return 1;
    }

    @Override
    protected void closeNow() {
        failConnect(Errno.ECANCELED);
        if (listener != null) {
            listener.onAcceptable(null);
            listener.close();
            listener = null;
        }
        if (connection != null) {
            connection.listener(null);
            if (!engineClosed) {
                // RFC 1122 §4.2.2.13: closing with received data unread SHOULD reset; SO_LINGER=0 aborts too.
                if (options.lingerSeconds == 0 || connection.readableBytes() > 0) {
                    connection.abort();
                } else {
                    connection.close();
                }
            }
        }
        releasePortAndDecoder();
    }

    private void failConnect(int errno) {
        if (connectSlot >= 0) {
            if (ops.isPending(connectSlot)) {
                ops.fail(connectSlot, errno);
            }
            connectSlot = -1;
        }
    }

    private void releasePortAndDecoder() {
        if (bound) {
            os.tcpPorts().release(boundPort, this);
            bound = false;
        }
        decoder.reset();
        encoder.reset();
    }

    private void applyFraming() {
        encoder.framing(options.framing);
        decoder.framing(options.framing);
    }

    @Override
    protected String describe() {
        if (listener != null) {
            return "TCP queue " + qd() + " (LISTEN port " + boundPort + ")";
        }
        if (connection != null) {
            return "TCP queue " + qd() + " (" + connection.state() + " " + new InetEndpoint(connection.remoteIp(),
                    connection.remotePort()) + ")";
        }
        return "TCP queue " + qd();
    }

    /** Writes into the connection's send buffer. */
    private final class ConnectionSink implements ByteSink {
        @Override
        public int write(MemorySegment src, long offset, int length) {
            int n = connection.send(src, offset, length);
            return n < 0 ? -Errno.EPIPE : n;
        }
    }

    /** Reads from the connection's receive buffer (-1 at end of stream). */
    private final class ConnectionSource implements ByteSource {
        @Override
        public int read(MemorySegment target, long offset, int length) {
            return connection.receive(target, offset, length);
        }
    }
}
