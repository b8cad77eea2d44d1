package org.margay.pdpix.kernel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.ElementDecoder;
import org.margay.pdpix.spi.ElementEncoder;

/**
 * A TCP queue over a kernel socket: unconnected, connecting, connected, listening, or broken.
 *
 * <h2>Channels</h2>
 * NIO splits what Linux keeps in one descriptor: {@link #socket} opens a {@link SocketChannel} (options and
 * {@code bind} act on it at once, so {@code bind} reports {@code EADDRINUSE} and {@code getsockname} the
 * ephemeral port); {@code listen} replaces it with a {@link ServerSocketChannel} bound to the same address;
 * NIO closes a channel whose connect failed, so a new one is opened (and bound again) for the next attempt.
 *
 * <h2>Data path</h2>
 * Pushes are written by PDPIX's {@link ElementEncoder} through a {@link SendStage}; a push completes once all of
 * its bytes are in the kernel's send buffer ({@code send(2)}'s meaning). Up to {@value #IN_FLIGHT} elements can
 * sit encoded in the stage at once, so pipelined pushes leave in one {@code write(2)}. Pops are cut by
 * {@link ElementDecoder} from a {@link ReceiveStage}. Pushes and pops made while connecting wait for the
 * connection and fail with its error. An encoded push cannot be withdrawn ({@link #cancel} says no, as for the
 * oldest parked push, whose bytes may be partly out): a timed-out blocking push then completes in the background.
 *
 * <h2>Errors</h2>
 * A reset from the peer fails parked pops and pushes with {@code ECONNRESET}; later pops fail with it too and
 * later pushes with {@code EPIPE}. A framing error (a length prefix of 0 or above this side's maximum, or end of
 * stream inside an element) resets the connection (SO_LINGER 0, so the kernel sends RST) and fails pops with
 * {@code EPROTOTYPE} ({@code EMSGSIZE} for a too large element) and pushes with {@code ECONNABORTED}. End of
 * stream completes every pop with an empty element. Single-threaded.
 */
final class StreamQueue extends KernelQueue {
    /** Most pushes encoded into the stage and waiting for it to drain. */
    static final int IN_FLIGHT = 64;

    private enum State { OPEN, CONNECTING, CONNECTED, LISTENING, BROKEN }

    private final StreamOptions options;
    private final ElementEncoder encoder = new ElementEncoder();
    private final ElementDecoder decoder;
    private final SendStage send;
    private final ReceiveStage receive;
    private final long[] inFlight = new long[IN_FLIGHT];
    private int inFlightHead;
    private int inFlightCount;

    private State state;
    private SocketChannel channel;
    private ServerSocketChannel server;
    private InetEndpoint bindRequest;
    private InetEndpoint local = InetEndpoint.ANY;
    private int peerIp;
    private int peerPort;
    private int connectSlot = -1;
    private long connectToken;
    private long connectDeadline = Long.MAX_VALUE;
    private boolean connectable;
    private int sendError;
    private int receiveError;
    private boolean wantRead;
    private boolean wantWrite;

    /** A new unconnected queue ({@code socket(INET, STREAM)}). */
    StreamQueue(KernelLibOS kernel) {
        this(kernel, new StreamOptions());
        this.state = State.OPEN;
        openChannel();
    }

    /** A connection accepted on a listener whose options were {@code inherited}. */
    StreamQueue(KernelLibOS kernel, SocketChannel accepted, StreamOptions inherited) throws IOException {
        this(kernel, inherited);
        accepted.configureBlocking(false);
        inherited.applyTo(accepted);
        this.channel = accepted;
        watch(accepted);
        becomeConnected();
    }

    private StreamQueue(KernelLibOS kernel, StreamOptions options) {
        super(kernel, Domain.INET, SocketType.STREAM);
        this.options = options;
        this.decoder = new ElementDecoder(kernel.sgaPool(), kernel.settings().maxFramedElement());
        this.send = new SendStage(kernel.views(), kernel.stages());
        this.receive = new ReceiveStage(kernel.views(), kernel.stages());
        this.encoder.framing(options.framing());
        this.decoder.framing(options.framing());
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint endpoint) {
        if (state != State.OPEN) {
            throw new PdpixException(Errno.EINVAL, describe() + ": bind on a queue that is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (bindRequest != null) {
            throw new PdpixException(Errno.EINVAL, describe() + ": already bound to " + local);
        }
        ensureChannel();
        try {
            channel.bind(Endpoints.socketAddress(endpoint));
            local = Endpoints.endpoint(channel.getLocalAddress());
            if (options.maxSegment() != 0) {
                TcpMaxSegment.set(channel, false, options.maxSegment()); // findable now that it is bound
            }
        } catch (PdpixException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot bind to " + endpoint + ": " + e.getMessage(), e);
        }
        bindRequest = endpoint;
    }

    @Override
    protected void listen(int backlog) {
        if (state == State.LISTENING) {
            return;     // Linux allows listen() again; NIO cannot change the backlog of a bound listener
        }
        if (state != State.OPEN) {
            throw new PdpixException(Errno.EINVAL, describe() + ": listen on a queue that is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        ServerSocketChannel s = null;
        try {
            InetSocketAddress at;
            if (bindRequest == null) {
                at = Endpoints.socketAddress(0, 0);
            } else if (channel != null) {
                at = (InetSocketAddress) channel.getLocalAddress();     // the port bind() actually got
            } else {
                at = Endpoints.socketAddress(bindRequest);
            }
            s = ServerSocketChannel.open(StandardProtocolFamily.INET);
            s.configureBlocking(false);
            options.applyTo(s);
            if (channel != null) {
                release(channel);       // frees the port for the listener
                channel = null;
            }
            s.bind(at, backlog);
            local = Endpoints.endpoint(s.getLocalAddress());
            if (options.maxSegment() != 0) {
                TcpMaxSegment.set(s, true, options.maxSegment()); // accepted connections inherit it (tcp(7))
            }
        } catch (PdpixException e) {
            closeQuietly(s);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot listen on " + local + ": " + e.getMessage(), e);
        }
        server = s;
        watch(s);
        state = State.LISTENING;
    }

    @Override
    protected InetEndpoint localEndpoint() {
        try {
            if (state == State.LISTENING) {
                return Endpoints.endpoint(server.getLocalAddress());
            }
            if (channel != null) {
                return Endpoints.endpoint(channel.getLocalAddress());
            }
        } catch (IOException e) {
            return local;
        }
        return local;
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (state != State.CONNECTED) {
            throw new PdpixException(Errno.ENOTCONN, describe() + " is not connected");
        }
        return new InetEndpoint(peerIp, peerPort);
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.FRAMING) {
            if (encoder.inProgress() || decoder.inProgress()) {
                throw new PdpixException(Errno.EBUSY, describe() + ": cannot change the framing in the middle of an element");
            }
            Framing f = (Framing) value;
            options.framing(f);
            encoder.framing(f);
            decoder.framing(f);
            return;
        }
        if (option == SocketOption.TCP_MAXSEG) {
            setMaxSegment((Integer) value);
            return;
        }
        java.net.SocketOption<?> std = StreamOptions.standard(option);
        try {
            if (state == State.OPEN) {
                ensureChannel();
            }
            NetworkChannel target = state == State.LISTENING ? server : channel;
            if (target != null && target.supportedOptions().contains(std)) {
                StreamOptions.set(target, std, value);
            }
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot set " + option + " to " + value + ": " + e.getMessage(), e);
        }
        options.record(std, value);
    }

    @Override
    protected <T> T getOption(SocketOption<T> option) {
        if (option == SocketOption.FRAMING) {
            return option.cast(options.framing());
        }
        if (option == SocketOption.TCP_MAXSEG) {
            return option.cast(maxSegment());
        }
        java.net.SocketOption<?> std = StreamOptions.standard(option);
        NetworkChannel target = state == State.LISTENING ? server : channel;
        try {
            if (target != null && target.isOpen() && target.supportedOptions().contains(std)) {
                return option.cast(target.getOption(std));
            }
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot read " + option + ": " + e.getMessage(), e);
        }
        Object v = options.recorded(std);
        return option.cast(v != null ? v : kernel.streamDefault(std));
    }

    /**
     * TCP_MAXSEG (tcp(7)): checked as the kernel checks it, recorded, and given to the socket now when it can be
     * found (bound, listening or connected), else when it binds for connect or listen, before the SYN.
     */
    private void setMaxSegment(int mss) {
        if (mss < TcpMaxSegment.MIN || mss > TcpMaxSegment.MAX) {
            throw new PdpixException(Errno.EINVAL, "TCP_MAXSEG must be in " + TcpMaxSegment.MIN + ".."
                    + TcpMaxSegment.MAX + " (the kernel's bounds): " + mss);
        }
        if (state == State.LISTENING) {
            TcpMaxSegment.set(server, true, mss);
        } else if (state == State.CONNECTED || state == State.OPEN && bindRequest != null && channel != null) {
            TcpMaxSegment.set(channel, false, mss);
        }
        options.maxSegment(mss);
    }

    /** What the kernel reports for TCP_MAXSEG, or (socket not yet findable) the value set, or Linux's 536. */
    private int maxSegment() {
        if (state == State.LISTENING) {
            return TcpMaxSegment.get(server, true);
        }
        if (state == State.CONNECTED || state == State.OPEN && bindRequest != null && channel != null) {
            return TcpMaxSegment.get(channel, false);
        }
        return options.maxSegment() != 0 ? options.maxSegment() : TcpMaxSegment.DEFAULT_MSS;
    }

    /**
     * Before a connect: a TCP_MAXSEG given before the socket could be found is applied now. An unbound socket is
     * bound to an ephemeral port first (connect would do that anyway) so that its descriptor can be found.
     */
    private void applyMaxSegmentBeforeConnect() throws IOException {
        if (options.maxSegment() == 0) {
            return;
        }
        if (channel.getLocalAddress() == null) {
            channel.bind(Endpoints.socketAddress(0, 0));
        }
        TcpMaxSegment.set(channel, false, options.maxSegment());
    }

    // ------------------------------------------------------------------ connect and accept

    @Override
    protected int startConnect(int slot, int ip, int port) {
        switch (state) {
            case CONNECTING:
                return Errno.EALREADY;
            case CONNECTED, LISTENING, BROKEN:
                return Errno.EISCONN;
            default:
                break;
        }
        if (port == 0) {
            return Errno.ECONNREFUSED;      // as Linux answers a connect to port 0
        }
        boolean done;
        try {
            ensureChannel();
            applyMaxSegmentBeforeConnect();
            done = channel.connect(Endpoints.socketAddress(ip, port));
        } catch (PdpixException e) {
            return e.errno();
        } catch (IOException | RuntimeException e) {
            dropChannel();
            return NioErrno.of(e);
        }
        if (done) {
            becomeConnected();
            ops.complete(slot);
            updateInterest();
            return Errno.OK;
        }
        state = State.CONNECTING;
        connectSlot = slot;
        connectToken = ops.token(slot);
        connectable = false;
        long limit = kernel.settings().connectTimeoutNanos();
        if (limit > 0) {
            connectDeadline = kernel.now() + limit;
            kernel.watchConnect(this);
        }
        updateInterest();
        return Errno.OK;
    }

    @Override
    protected int startAccept(int slot) {
        if (state != State.LISTENING) {
            return Errno.EINVAL;
        }
        pendingPops.add(slot);      // a listener has no pops: its accepts wait on the pop list
        acceptWork();
        updateInterest();
        return Errno.OK;
    }

    /** When a connect in progress gives up ({@code kernel.connect-timeout}); {@link Long#MAX_VALUE} for never. */
    long connectDeadline() {
        return connectDeadline;
    }

    /** The connect ran out of time. */
    void connectTimedOut() {
        connectFailed(Errno.ETIMEDOUT);
        updateInterest();
    }

    private int progressConnect() {
        if (!connectable) {
            return 0;
        }
        connectable = false;
        boolean done;
        try {
            done = channel.finishConnect();
        } catch (IOException | RuntimeException e) {
            connectFailed(NioErrno.of(e));
            return 1;
        }
        if (!done) {
            return 0;
        }
        becomeConnected();
        if (connectSlot >= 0 && ops.isPending(connectSlot) && ops.token(connectSlot) == connectToken) {
            ops.complete(connectSlot);
        }
        connectSlot = -1;
        return 1 + pushWork() + popWork();
    }

    private void connectFailed(int errno) {
        kernel.unwatchConnect(this);
        connectDeadline = Long.MAX_VALUE;
        if (connectSlot >= 0 && ops.isPending(connectSlot) && ops.token(connectSlot) == connectToken) {
            ops.fail(connectSlot, errno);
        }
        connectSlot = -1;
        failAllPending(errno);
        dropChannel();
    }

    private void becomeConnected() {
        state = State.CONNECTED;
        kernel.unwatchConnect(this);
        connectDeadline = Long.MAX_VALUE;
        try {
            InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
            if (peer != null) {
                peerIp = Endpoints.ip(peer.getAddress());
                peerPort = peer.getPort();
            }
            local = Endpoints.endpoint(channel.getLocalAddress());
        } catch (IOException e) {
            // The names stay unknown (0); the data path does not need them.
        }
        send.attach(channel);
        receive.attach(channel);
    }

    private int acceptWork() {
        int done = 0;
        while (!pendingPops.isEmpty()) {
            SocketChannel accepted;
            try {
                accepted = server.accept();
            } catch (IOException | RuntimeException e) {
                ops.fail(pendingPops.poll(), NioErrno.of(e));
                done++;
                continue;
            }
            if (accepted == null) {
                break;
            }
            int slot = pendingPops.poll();
            try {
                StreamQueue q = kernel.adoptAccepted(accepted, options);
                completeAccept(slot, q.qd(), q.peerIp, q.peerPort);
            } catch (PdpixException e) {
                ops.fail(slot, e.errno());
            }
            done++;
        }
        return done;
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if ((ip | port) != 0) {
            return state == State.CONNECTED ? Errno.EISCONN : Errno.ENOTCONN;
        }
        if (options.framing() == Framing.LENGTH_PREFIXED && element.totalLength() > Framing.MAX_ELEMENT) {
            return Errno.EMSGSIZE;
        }
        switch (state) {
            case OPEN, LISTENING:
                return Errno.ENOTCONN;
            case BROKEN:
                return sendError != 0 ? sendError : Errno.EPIPE;
            case CONNECTING:
                pendingPushes.add(slot);
                return Errno.OK;
            default:
                break;
        }
        if (sendError != 0) {
            return sendError;
        }
        pendingPushes.add(slot);
        if (pendingPushes.size() == 1 && inFlightCount == 0 && send.staged() == 0) {
            pushWork();
            updateInterest();
        }
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        switch (state) {
            case OPEN, LISTENING:
                return Errno.ENOTCONN;
            case BROKEN:
                return receiveError != 0 ? receiveError : Errno.ENOTCONN;
            case CONNECTING:
                pendingPops.add(slot);
                return Errno.OK;
            default:
                break;
        }
        if (receiveError != 0) {
            return receiveError;
        }
        pendingPops.add(slot);
        if (pendingPops.size() == 1) {
            popWork();
            updateInterest();
        }
        return Errno.OK;
    }

    /**
     * Moves pushes into the kernel: drain the stage, complete the pushes whose bytes it held, encode the next
     * ones, until there is nothing left or the kernel has no room. Returns the pushes completed or failed.
     */
    private int pushWork() {
        int done = 0;
        while (true) {
            if (send.staged() > 0) {
                int r = send.flush();
                if (r < 0) {
                    return done + sendFailed(-r);
                }
                if (send.staged() > 0) {
                    wantWrite = true;
                    return done;
                }
            }
            done += completeInFlight();
            if (pendingPushes.isEmpty()) {
                wantWrite = false;
                return done;
            }
            while (inFlightCount < IN_FLIGHT && !pendingPushes.isEmpty()) {
                // The oldest push is never withdrawn (IoQueue.cancel), so the encoder's element stays valid.
                int slot = pendingPushes.peek();
                int r = encoder.write(ops.sga(slot), send);
                if (r < 0) {
                    return done + sendFailed(-r);
                }
                if (r == 0) {
                    wantWrite = true;
                    return done;
                }
                pendingPushes.poll();
                inFlight[(inFlightHead + inFlightCount) % IN_FLIGHT] = ops.token(slot);
                inFlightCount++;
            }
        }
    }

    /** Completes the encoded pushes (the stage is empty: their bytes are in the kernel). */
    private int completeInFlight() {
        int n = 0;
        while (inFlightCount > 0) {
            long token = inFlight[inFlightHead];
            inFlightHead = (inFlightHead + 1) % IN_FLIGHT;
            inFlightCount--;
            int slot = QTokens.slot(token);
            if (ops.isPending(slot) && ops.token(slot) == token) {
                completePush(slot);
                n++;
            }
        }
        return n;
    }

    private int failInFlight(int errno) {
        int n = 0;
        while (inFlightCount > 0) {
            long token = inFlight[inFlightHead];
            inFlightHead = (inFlightHead + 1) % IN_FLIGHT;
            inFlightCount--;
            int slot = QTokens.slot(token);
            if (ops.isPending(slot) && ops.token(slot) == token) {
                failPush(slot, errno);
                n++;
            }
        }
        return n;
    }

    private int failPushes(int errno) {
        int n = failInFlight(errno);
        for (int s = pendingPushes.poll(); s >= 0; s = pendingPushes.poll()) {
            failPush(s, errno);
            n++;
        }
        encoder.reset();
        wantWrite = false;
        return n;
    }

    private int failPops(int errno) {
        int n = 0;
        for (int s = pendingPops.poll(); s >= 0; s = pendingPops.poll()) {
            ops.fail(s, errno);
            n++;
        }
        wantRead = false;
        return n;
    }

    /** Writing failed ({@code EPIPE}, {@code ECONNRESET}): fail the pushes; the receiving side carries on. */
    private int sendFailed(int errno) {
        int n = failPushes(errno);
        sendError = Errno.EPIPE;
        return n;
    }

    /** Cuts popped elements from the receive stage. Returns the pops completed or failed. */
    private int popWork() {
        int done = 0;
        while (!pendingPops.isEmpty()) {
            Sga element = decoder.next(receive);
            if (element != null) {
                completePop(pendingPops.poll(), element, 0, 0);
                done++;
                continue;
            }
            if (receive.failure() != 0) {
                return done + broken(receive.failure());
            }
            int err = decoder.error();
            if (err == Errno.EPROTOTYPE || err == Errno.EMSGSIZE) {
                return done + abort(err, Errno.ECONNABORTED);
            }
            if (err == Errno.ENOMEM) {
                return done + retryLater();
            }
            if (decoder.atEof()) {
                Sga empty = kernel.sgaPool().allocateEmpty();
                if (empty == null) {
                    return done + retryLater();
                }
                completePop(pendingPops.poll(), empty, 0, 0);     // end of stream: an empty element
                done++;
                continue;
            }
            wantRead = true;
            return done;
        }
        wantRead = false;
        return done;
    }

    private int retryLater() {
        wantRead = false;
        kernel.retrySoon();
        wake();
        return 0;
    }

    /** The peer reset the connection (or reading failed otherwise). */
    private int broken(int errno) {
        receiveError = errno;
        sendError = Errno.EPIPE;
        int n = failPops(errno) + failPushes(errno);
        teardown();
        return n;
    }

    /** This side resets the connection: a framing error. */
    private int abort(int popErrno, int pushErrno) {
        if (channel != null) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);     // close sends RST
            } catch (IOException | RuntimeException e) {
                // The close below still ends the connection, with FIN instead of RST.
            }
        }
        receiveError = popErrno;
        sendError = Errno.EPIPE;
        int n = failPops(popErrno) + failPushes(pushErrno);
        teardown();
        return n;
    }

    private void teardown() {
        state = State.BROKEN;
        encoder.reset();
        decoder.reset();
        send.release();
        receive.release();
        if (channel != null) {
            release(channel);
            channel = null;
        }
    }

    // ------------------------------------------------------------------ readiness

    @Override
    protected int service(long nowNanos) {
        int work = switch (state) {
            case CONNECTING -> progressConnect();
            case LISTENING -> acceptWork();
            case CONNECTED -> {
                int w = pushWork();
                yield state == State.CONNECTED ? w + popWork() : w;
            }
            default -> 0;
        };
        updateInterest();
        return work;
    }

    @Override
    void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            receive.readable();
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            send.writable();
        }
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            connectable = true;
        }
        wake();
    }

    private void updateInterest() {
        int ops = switch (state) {
            case CONNECTING -> SelectionKey.OP_CONNECT;
            case LISTENING -> pendingPops.isEmpty() ? 0 : SelectionKey.OP_ACCEPT;
            case CONNECTED -> (wantRead && !pendingPops.isEmpty() ? SelectionKey.OP_READ : 0)
                    | (wantWrite ? SelectionKey.OP_WRITE : 0);
            default -> 0;
        };
        interest(ops);
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected void closeNow() {
        kernel.unwatchConnect(this);
        if (connectSlot >= 0 && ops.isPending(connectSlot) && ops.token(connectSlot) == connectToken) {
            ops.fail(connectSlot, Errno.ECANCELED);
        }
        connectSlot = -1;
        failInFlight(Errno.ECANCELED);
        encoder.reset();
        decoder.reset();
        send.release();
        receive.release();
        // Deregistered first, the channel closes at once: the kernel then honours SO_LINGER (FIN after the
        // pending data when off, RST when 0, a close that waits up to that long when positive).
        if (channel != null) {
            release(channel);
            channel = null;
        }
        if (server != null) {
            release(server);
            server = null;
        }
        state = State.BROKEN;
    }

    @Override
    protected String describe() {
        return "TCP queue " + qd() + " (" + (state == null ? "new" : state.name()) + " " + local + ")";
    }

    // ------------------------------------------------------------------ channels

    private void ensureChannel() {
        if (channel == null) {
            openChannel();
        }
    }

    private void openChannel() {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            options.applyTo(ch);
            if (bindRequest != null) {
                ch.bind(Endpoints.socketAddress(bindRequest));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new PdpixException(NioErrno.of(e), "cannot open a TCP socket: " + e.getMessage(), e);
        }
        channel = ch;
        watch(ch);
    }

    /** A failed connect: NIO has closed the channel; a new one is opened for the next attempt. */
    private void dropChannel() {
        if (channel != null) {
            release(channel);
            channel = null;
        }
        state = State.OPEN;
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
