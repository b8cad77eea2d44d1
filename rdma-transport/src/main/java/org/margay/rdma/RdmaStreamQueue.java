package org.margay.rdma;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.ByteSource;
import org.margay.pdpix.spi.ElementDecoder;
import org.margay.pdpix.spi.IoQueue;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.VerbsException;

/**
 * A PDPIX STREAM queue of the RDMA library OS: unbound, then a listener ({@link Listener}) or one RC connection
 * ({@link RcConnection}). Elements travel as described on {@link RcConnection}; this class turns received messages
 * back into elements for pops.
 *
 * <h2>Pops</h2>
 * With {@link Framing#LENGTH_PREFIXED} (the default), a message that holds exactly one whole element (its prefix
 * says the rest of the message) is popped as it is, in its receive buffer: no copy. Anything else (an element
 * chunked over several messages, the stream of a raw peer) goes through PDPIX's {@link ElementDecoder}, which copies
 * into an element of the announced size. A prefix of 0 or beyond {@link Framing#MAX_ELEMENT} is a protocol error:
 * the connection is reset and pops fail with {@link Errno#EPROTOTYPE}. With {@link Framing#RAW_STREAM} a pop takes
 * whatever the oldest message holds. Once the peer's FIN has been reached, pops complete with an empty element.
 *
 * <h2>Options</h2>
 * {@code SO_RCVBUF} sets the receive window (receives posted × message size, at least 4 receives),
 * {@code SO_SNDBUF} the sends in flight, {@code TCP_MAXSEG} the largest message this side sends (so elements above
 * it are chunked), {@code SO_LINGER} 0 an abortive close, {@code SO_REUSEADDR} the connection manager's address
 * reuse. {@code TCP_NODELAY} is always on (every push is sent at once; {@code false} is refused), and
 * {@code SO_KEEPALIVE} always off (an RC queue pair has no idle probes; {@code true} is refused).
 */
final class RdmaStreamQueue extends IoQueue {
    private static final ValueLayout.OfInt PREFIX = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** What {@link #nextElement} leaves in {@link #popError} at the end of the stream. */
    private static final int END_OF_STREAM = -1;

    private final RdmaLibOS rdma;
    private CmId id;
    private Listener listener;
    private RcConnection connection;
    private Framing framing = Framing.LENGTH_PREFIXED;
    private int linger = -1;
    private boolean reuseAddress;
    private int window;
    private int sendDepth;
    private int maxSegment;
    private final ElementDecoder decoder;
    private final ByteSource source = this::readArrived;
    private int popError;
    private boolean detached;

    RdmaStreamQueue(RdmaLibOS rdma) {
        super(rdma, Domain.INET, SocketType.STREAM);
        this.rdma = rdma;
        this.window = rdma.settings().receiveWindow();
        this.sendDepth = rdma.settings().sendDepth();
        this.decoder = new ElementDecoder(rdma.sgaPool(), (int) Math.min(Integer.MAX_VALUE, rdma.maxElement()));
    }

    /** A queue for a connection accepted by {@code parent}'s listener, inheriting its options. */
    RdmaStreamQueue accepted(RcConnection accepted) {
        RdmaStreamQueue q = new RdmaStreamQueue(rdma);
        q.framing = framing;
        q.decoder.framing(framing);
        q.linger = linger;
        q.window = window;
        q.sendDepth = sendDepth;
        q.maxSegment = maxSegment;
        q.connection = accepted;
        if (maxSegment > 0) {
            accepted.chunkLimit(maxSegment);
        }
        accepted.attach(q);
        return q;
    }

    int window() {
        return window;
    }

    int sendDepth() {
        return sendDepth;
    }

    Framing framing() {
        return framing;
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint local) {
        if (id != null || connection != null) {
            throw new PdpixException(Errno.EINVAL, "bind: " + describe() + " is already bound");
        }
        CmId fresh = rdma.cm().createId(PortSpace.TCP);
        try {
            rdma.cm().reuseAddress(fresh, reuseAddress);
            rdma.cm().bind(fresh, local.address(), local.port());
        } catch (VerbsException e) {
            rdma.cm().destroyId(fresh);
            throw new PdpixException(e.errno(), "bind " + local + ": " + e.getMessage(), e);
        }
        id = fresh;
    }

    @Override
    protected void listen(int backlog) {
        if (connection != null) {
            throw new PdpixException(Errno.EISCONN, "listen: " + describe() + " is connected");
        }
        if (listener != null) {
            return;
        }
        if (id == null) {
            bind(InetEndpoint.ANY);
        }
        try {
            rdma.cm().listen(id, backlog);
        } catch (VerbsException e) {
            throw new PdpixException(e.errno(), "listen: " + e.getMessage(), e);
        }
        listener = new Listener(rdma, this, id, backlog);
    }

    @Override
    protected InetEndpoint localEndpoint() {
        if (connection != null) {
            return connection.localEndpoint();
        }
        return id == null ? InetEndpoint.ANY : id.localAddress();
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (connection == null || !connection.wasEstablished()) {
            throw new PdpixException(Errno.ENOTCONN, "getpeername: " + describe() + " is not connected");
        }
        return connection.peerEndpoint();
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.FRAMING) {
            framing = (Framing) value;
            decoder.framing(framing);
        } else if (option == SocketOption.SO_LINGER) {
            linger = (Integer) value < 0 ? -1 : (Integer) value;
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuseAddress = (Boolean) value;
            if (id != null) {
                rdma.cm().reuseAddress(id, reuseAddress);
            }
        } else if (option == SocketOption.TCP_NODELAY) {
            if (!(Boolean) value) {
                throw new PdpixException(Errno.ENOPROTOOPT, "TCP_NODELAY=false: an RDMA queue sends every push at once (no Nagle)");
            }
        } else if (option == SocketOption.SO_KEEPALIVE) {
            if ((Boolean) value) {
                throw new PdpixException(Errno.ENOPROTOOPT, "SO_KEEPALIVE=true: an RC queue pair has no idle probes"
                        + " (a dead peer shows when a send exhausts its transport retries)");
            }
        } else if (option == SocketOption.SO_RCVBUF) {
            requireUnconnected(option);
            int messages = (int) Math.min(4096, ceilDiv((Integer) value, rdma.settings().messageSize()));
            window = Math.max(CreditWindow.MIN_WINDOW, messages);
        } else if (option == SocketOption.SO_SNDBUF) {
            requireUnconnected(option);
            int messages = (int) Math.min(rdma.settings().messageSize() / 8, ceilDiv((Integer) value, rdma.settings().messageSize()));
            sendDepth = Math.max(4, messages);
        } else if (option == SocketOption.TCP_MAXSEG) {
            int bytes = (Integer) value;
            if (bytes < 64) {
                throw new PdpixException(Errno.EINVAL, "TCP_MAXSEG must be at least 64 bytes on an RDMA queue: " + bytes);
            }
            maxSegment = bytes;
            if (connection != null) {
                connection.chunkLimit(bytes);
            }
        } else {
            super.setOption(option, value);
        }
    }

    private static long ceilDiv(long a, long b) {
        return Math.max(1, (a + b - 1) / b);
    }

    private void requireUnconnected(SocketOption<?> option) {
        if (connection != null) {
            throw new PdpixException(Errno.EISCONN, option + " must be set before connect or listen on an RDMA queue");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T getOption(SocketOption<T> option) {
        Object v;
        if (option == SocketOption.FRAMING) {
            v = framing;
        } else if (option == SocketOption.SO_LINGER) {
            v = linger;
        } else if (option == SocketOption.SO_REUSEADDR) {
            v = reuseAddress;
        } else if (option == SocketOption.TCP_NODELAY) {
            v = Boolean.TRUE;
        } else if (option == SocketOption.SO_KEEPALIVE) {
            v = Boolean.FALSE;
        } else if (option == SocketOption.SO_RCVBUF) {
            v = window * rdma.settings().messageSize();
        } else if (option == SocketOption.SO_SNDBUF) {
            v = sendDepth * rdma.settings().messageSize();
        } else if (option == SocketOption.TCP_MAXSEG) {
            v = connection != null ? connection.chunkLimit() : maxSegment > 0 ? Math.min(maxSegment, rdma.settings().messageSize())
                    : rdma.settings().messageSize();
        } else {
            return super.getOption(option);
        }
        return (T) v;
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startConnect(int slot, int ip, int port) {
        if (listener != null) {
            return Errno.EOPNOTSUPP;
        }
        if (connection != null) {
            return connection.isEstablished() ? Errno.EISCONN : Errno.EALREADY;
        }
        if (id == null) {
            id = rdma.cm().createId(PortSpace.TCP);
            rdma.cm().reuseAddress(id, reuseAddress);
        }
        RcConnection c = new RcConnection(rdma, id, true, window, sendDepth);
        rdma.addEndpoint(c);
        c.attach(this);
        if (maxSegment > 0) {
            c.chunkLimit(maxSegment);
        }
        connection = c;
        return c.startConnect(slot, ip, port);
    }

    @Override
    protected int startAccept(int slot) {
        if (listener == null) {
            return Errno.EINVAL;
        }
        return listener.accept(slot);
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (connection == null || !connection.wasEstablished()) {
            return connection != null && connection.failure() != 0 ? connection.failure() : Errno.ENOTCONN;
        }
        int refusal = connection.sendRefusal();
        if (refusal != Errno.OK) {
            return refusal;
        }
        if (framing == Framing.LENGTH_PREFIXED && element.totalLength() > rdma.maxElement()) {
            // The peer reassembles a chunked element into one element of its pool: larger ones could never pop there.
            return Errno.EMSGSIZE;
        }
        pendingPushes.add(slot);
        connection.pump(rdma.nanoTimeNow());     // post at once when credits allow: no wait for the next duty cycle
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        if (connection == null) {
            return listener != null ? Errno.EINVAL : Errno.ENOTCONN;
        }
        pendingPops.add(slot);
        tryPops();
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        return tryPops();
    }

    /** The oldest pending push, or -1. */
    int nextPush() {
        return pendingPushes.peek();
    }

    /** Takes the oldest pending push over: its element is the connection's from now on. */
    Sga takePush(int slot) {
        pendingPushes.poll();
        return takePushedElement(slot);
    }

    /** Fails every push not yet taken over. */
    void failPendingPushes(int errno) {
        for (int s = pendingPushes.poll(); s >= 0; s = pendingPushes.poll()) {
            failPush(s, errno);
        }
    }

    /** Completes an accept with a new queue. */
    void completeAccepted(int slot, int newQd, InetEndpoint peer) {
        completeAccept(slot, newQd, peer.address(), peer.port());
    }

    /** Fails an accept. */
    void failAccept(int slot, int errno) {
        ops.fail(slot, errno);
    }

    /** Something arrived or changed: pops may progress. */
    void wakeUp() {
        wake();
    }

    private int tryPops() {
        int work = 0;
        while (pendingPops.peek() >= 0 && connection != null) {
            int slot = pendingPops.peek();
            popError = Errno.OK;
            Sga element = nextElement();
            if (element != null) {
                pendingPops.poll();
                completePop(slot, element, 0, 0);
                work++;
                continue;
            }
            if (popError == END_OF_STREAM) {
                Sga empty = rdma.sgaPool().allocateEmpty();
                if (empty == null) {
                    break;
                }
                pendingPops.poll();
                completePop(slot, empty, 0, 0);
                work++;
                continue;
            }
            if (popError != Errno.OK) {
                pendingPops.poll();
                ops.fail(slot, popError);
                work++;
                continue;
            }
            break;
        }
        return work;
    }

    /** The next whole element, or null with {@link #popError} saying why (OK: not yet). */
    private Sga nextElement() {
        MessageRing arrived = connection.arrived();
        if (framing == Framing.RAW_STREAM) {
            if (!arrived.isEmpty()) {
                Sga sga = rdma.sgaPool().allocateEmpty();
                if (sga == null) {
                    return null;
                }
                int offset = arrived.headOffset();
                PacketBuffer b = arrived.take();
                if (offset > 0) {
                    b.trimFront(offset);
                }
                sga.append(b);
                connection.messageConsumed();
                return sga;
            }
            popError = endOrFailure();
            return null;
        }
        if (!decoder.inProgress() && !arrived.isEmpty() && arrived.headOffset() == 0 && arrived.headEnds()) {
            PacketBuffer b = arrived.headBuffer();
            int length = b.length();
            if (length > Framing.PREFIX_BYTES) {
                long announced = b.segment().get(PREFIX, b.start()) & 0xFFFF_FFFFL;
                if (announced == length - Framing.PREFIX_BYTES) {
                    // One whole element in its receive buffer: popped where it landed, no copy.
                    Sga sga = rdma.sgaPool().allocateEmpty();
                    if (sga == null) {
                        return null;
                    }
                    arrived.take();
                    b.trimFront(Framing.PREFIX_BYTES);
                    sga.append(b);
                    connection.messageConsumed();
                    return sga;
                }
            }
        }
        Sga sga = decoder.next(source);
        if (sga != null) {
            return sga;
        }
        int err = decoder.error();
        if (err == Errno.EPROTOTYPE || err == Errno.EMSGSIZE) {
            if (!decoder.atEof()) {
                connection.protocolError(err);
            }
            popError = err;
            return null;
        }
        if (err == Errno.ENOMEM) {
            wake();     // the element pool ran dry: try again in the next duty cycle
            return null;
        }
        if (arrived.isEmpty() && !decoder.atEof()) {
            int failure = connection.failure();
            popError = failure;
        } else if (decoder.atEof()) {
            popError = END_OF_STREAM;
        }
        return null;
    }

    private int endOrFailure() {
        if (!connection.arrived().isEmpty()) {
            return Errno.OK;
        }
        if (connection.finReceived()) {
            return END_OF_STREAM;
        }
        return connection.failure();
    }

    /** The decoder's byte source: the received messages, oldest first; -1 once the peer's FIN is reached. */
    private int readArrived(MemorySegment target, long offset, int length) {
        MessageRing arrived = connection.arrived();
        if (arrived.isEmpty()) {
            return connection.finReceived() ? -1 : 0;
        }
        PacketBuffer b = arrived.headBuffer();
        int at = arrived.headOffset();
        int n = Math.min(b.length() - at, length);
        MemorySegment.copy(b.segment(), b.start() + at, target, offset, n);
        at += n;
        if (at == b.length()) {
            arrived.take().release();
            connection.messageConsumed();
        } else {
            arrived.headOffset(at);
        }
        return n;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A connected queue completes the close when its connection is released: after the two-way FIN exchange
     * ({@link RcConnection}), so the queue pair is destroyed by then. {@link org.margay.pdpix.Opcode#CLOSE} means
     * every element pushed before the close reached the peer; FAILED carries why not ({@link Errno#ETIMEDOUT} when FIN
     * could not be delivered within {@code rdma.close-timeout}, {@link Errno#ECONNRESET} when the peer reset first).
     * An abortive close ({@code SO_LINGER} 0) or one with received data unread resets the connection and completes
     * once the queue pair is flushed.
     */
    @Override
    protected int startClose(int slot) {
        if (connection == null || listener != null) {
            closeNow();
            ops.complete(slot);
            return Errno.OK;
        }
        detach(slot);
        return Errno.OK;
    }

    @Override
    protected void closeNow() {
        if (detached) {
            connection.forgetClose();       // the library OS is closing and completes the asyncClose itself
            return;
        }
        if (listener != null) {
            listener.close();
            listener = null;
        } else if (connection != null) {
            detach(-1);
            return;
        } else if (id != null) {
            rdma.cm().destroyId(id);
        }
        decoder.reset();
        id = null;
    }

    private void detach(int asyncCloseSlot) {
        boolean partial = decoder.inProgress();     // part of an element received and never popped: unread data
        decoder.reset();
        detached = true;
        id = null;
        connection.detach(linger == 0 || partial, asyncCloseSlot);
    }

    @Override
    protected String describe() {
        return "RDMA STREAM queue " + qd() + (connection != null ? " (" + connection + ")" : listener != null ? " (listening)" : "");
    }
}
