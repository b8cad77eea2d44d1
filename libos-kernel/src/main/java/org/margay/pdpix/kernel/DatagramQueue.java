package org.margay.pdpix.kernel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A UDP queue over a kernel {@link DatagramChannel}: one element is one datagram.
 *
 * <h2>Data path</h2>
 * A one-segment element is sent straight from its memory (a cached view); a multi-segment one is gathered
 * into the library OS's datagram stage first (NIO's gathering writes allocate, and work only when connected).
 * A pop receives straight into a pool buffer when a whole datagram fits in one (the default 64 KiB buffers),
 * otherwise into the datagram stage and then into an element of exactly its size. The sender comes back in
 * the result's {@code peerIp}/{@code peerPort} and in the element's address; the JDK reuses its sender object
 * while the sender stays the same, and so does this queue's conversion of it, so a steady exchange allocates
 * nothing.
 *
 * <h2>Errors</h2>
 * On a connected queue, an ICMP port unreachable from the peer fails the next pop (or push) with
 * {@code ECONNREFUSED}, as {@code recv(2)} reports it; the queue stays usable. A push without a destination on
 * an unconnected queue is {@code EDESTADDRREQ}; a {@code pushTo} elsewhere than the connected peer is
 * {@code EISCONN}, to port 0 {@code EINVAL}; above {@value #MAX_DATAGRAM} bytes, {@code EMSGSIZE}.
 * Single-threaded.
 */
final class DatagramQueue extends KernelQueue {
    /** The largest UDP payload over IPv4: 65,535 minus the IPv4 (20) and UDP (8) headers (RFC 768, RFC 791). */
    static final int MAX_DATAGRAM = 65_507;

    private final DatagramChannel channel;
    private final boolean receiveDirect;
    private boolean connected;
    private int peerIp;
    private int peerPort;
    private boolean readable = true;
    private boolean writable = true;
    private boolean wantRead;
    private boolean wantWrite;
    private SocketAddress lastSender;
    private int lastSenderIp;
    private int lastSenderPort;

    /** A new unbound UDP queue ({@code socket(INET, DGRAM)}). */
    DatagramQueue(KernelLibOS kernel) {
        super(kernel, Domain.INET, SocketType.DGRAM);
        this.receiveDirect = kernel.buffers().bufferSize() - kernel.buffers().defaultHeadroom() >= MAX_DATAGRAM;
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Nothing more to release.
                }
            }
            throw new PdpixException(NioErrno.of(e), "cannot open a UDP socket: " + e.getMessage(), e);
        }
        this.channel = ch;
        watch(ch);
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint local) {
        try {
            channel.bind(Endpoints.socketAddress(local));
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot bind to " + local + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected InetEndpoint localEndpoint() {
        try {
            return Endpoints.endpoint(channel.getLocalAddress());
        } catch (IOException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (!connected) {
            throw new PdpixException(Errno.ENOTCONN, describe() + " is not connected");
        }
        return new InetEndpoint(peerIp, peerPort);
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        java.net.SocketOption<?> std = datagramOption(option);
        try {
            StreamOptions.set(channel, std, value);
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot set " + option + " to " + value + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected <T> T getOption(SocketOption<T> option) {
        java.net.SocketOption<?> std = datagramOption(option);
        try {
            return option.cast(channel.getOption(std));
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), describe() + ": cannot read " + option + ": " + e.getMessage(), e);
        }
    }

    private java.net.SocketOption<?> datagramOption(SocketOption<?> option) {
        if (option == SocketOption.SO_RCVBUF || option == SocketOption.SO_SNDBUF || option == SocketOption.SO_REUSEADDR) {
            return StreamOptions.standard(option);
        }
        throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + describe());
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startConnect(int slot, int ip, int port) {
        try {
            if (channel.isConnected()) {
                channel.disconnect();
            }
            connected = false;
            channel.connect(Endpoints.socketAddress(ip, port));
        } catch (IOException | RuntimeException e) {
            return NioErrno.of(e);
        }
        connected = true;
        peerIp = ip;
        peerPort = port;
        ops.complete(slot);
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        boolean to = (ip | port) != 0;
        if (!to && !connected) {
            return Errno.EDESTADDRREQ;
        }
        if (to && connected && (ip != peerIp || port != peerPort)) {
            return Errno.EISCONN;
        }
        if (to && port == 0) {
            return Errno.EINVAL;
        }
        if (element.totalLength() > MAX_DATAGRAM) {
            return Errno.EMSGSIZE;
        }
        pendingPushes.add(slot);
        if (pendingPushes.size() == 1) {
            pushWork();
            updateInterest();
        }
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        pendingPops.add(slot);
        if (pendingPops.size() == 1) {
            popWork();
            updateInterest();
        }
        return Errno.OK;
    }

    /** Any parked push or pop can be withdrawn: a datagram is never partly sent. */
    @Override
    protected boolean cancel(int slot) {
        return pendingPops.remove(slot) || pendingPushes.remove(slot);
    }

    private int pushWork() {
        int done = 0;
        while (!pendingPushes.isEmpty()) {
            if (!writable) {
                wantWrite = true;
                return done;
            }
            int slot = pendingPushes.peek();
            Sga element = ops.sga(slot);
            ByteBuffer source;
            if (element.segmentCount() == 1) {
                PacketBuffer b = element.buffer(0);
                source = kernel.views().view(b.segment(), b.start(), b.length());
            } else {
                source = kernel.gather(element);
            }
            int length = source.remaining();
            int n;
            try {
                n = connected ? channel.write(source)
                        : channel.send(source, kernel.destination(ops.peerIp(slot), ops.peerPort(slot)));
            } catch (IOException | RuntimeException e) {
                failPush(pendingPushes.poll(), NioErrno.of(e));
                done++;
                continue;
            }
            if (n == 0 && length > 0) {
                writable = false;       // the socket's send buffer is full: wait for the selector
                wantWrite = true;
                return done;
            }
            completePush(pendingPushes.poll());
            done++;
        }
        wantWrite = false;
        return done;
    }

    private int popWork() {
        int done = 0;
        SgaPool pool = kernel.sgaPool();
        while (!pendingPops.isEmpty()) {
            if (!readable) {
                wantRead = true;
                return done;
            }
            Sga element = pool.allocateEmpty();
            if (element == null) {
                return done + retryLater();
            }
            PacketBuffer buffer = null;
            ByteBuffer into;
            if (receiveDirect) {
                buffer = pool.buffers().allocate();
                if (buffer == null) {
                    pool.free(element);
                    return done + retryLater();
                }
                element.append(buffer);
                into = kernel.views().view(buffer.segment(), buffer.start(), buffer.tailroom());
            } else {
                into = kernel.datagramStage();
            }
            int start = into.position();
            SocketAddress from;
            try {
                from = channel.receive(into);
            } catch (IOException | RuntimeException e) {
                pool.free(element);
                ops.fail(pendingPops.poll(), NioErrno.of(e));   // PortUnreachableException: ECONNREFUSED
                done++;
                continue;
            }
            if (from == null) {
                pool.free(element);
                readable = false;
                wantRead = true;
                return done;
            }
            int n = into.position() - start;
            if (buffer != null) {
                buffer.append(n);
            } else {
                pool.free(element);
                element = copyFromStage(pool, n);
                if (element == null) {
                    kernel.datagramDropped();
                    return done + retryLater();
                }
            }
            if (from != lastSender) {
                InetSocketAddress isa = (InetSocketAddress) from;
                lastSenderIp = Endpoints.ip(isa.getAddress());
                lastSenderPort = isa.getPort();
                lastSender = from;
            }
            element.address(lastSenderIp, lastSenderPort);
            completePop(pendingPops.poll(), element, lastSenderIp, lastSenderPort);
            done++;
        }
        wantRead = false;
        return done;
    }

    private Sga copyFromStage(SgaPool pool, int length) {
        Sga element = pool.allocate(length);
        if (element == null) {
            return null;
        }
        MemorySegment stage = kernel.datagramStageMemory();
        long at = 0;
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            MemorySegment.copy(stage, at, b.segment(), b.start(), b.length());
            at += b.length();
        }
        return element;
    }

    private int retryLater() {
        wantRead = false;
        kernel.retrySoon();
        wake();
        return 0;
    }

    // ------------------------------------------------------------------ readiness and closing

    @Override
    protected int service(long nowNanos) {
        int work = pushWork() + popWork();
        updateInterest();
        return work;
    }

    @Override
    void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            readable = true;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writable = true;
        }
        wake();
    }

    private void updateInterest() {
        interest((wantRead && !pendingPops.isEmpty() ? SelectionKey.OP_READ : 0)
                | (wantWrite && !pendingPushes.isEmpty() ? SelectionKey.OP_WRITE : 0));
    }

    @Override
    protected void closeNow() {
        release(channel);
    }

    @Override
    protected String describe() {
        return "UDP queue " + qd() + (connected ? " (connected)" : "");
    }
}
