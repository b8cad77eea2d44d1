package org.margay.rdma;

import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;
import org.margay.rdma.verbs.VerbsException;

/**
 * A PDPIX DGRAM queue of the RDMA library OS: one {@link UdEndpoint}. An element is one datagram of at most the
 * path MTU ({@link RdmaLibOS#maxDatagram()}, 4096 bytes on the in-process device); a larger push fails with
 * {@link Errno#EMSGSIZE}. A popped datagram carries its sender. {@code connect} only sets the default destination
 * and completes at once; an unbound queue binds an ephemeral port on its first push, pop or connect.
 * {@code SO_RCVBUF} sets how many receives are kept posted (before the queue is bound).
 */
final class RdmaDatagramQueue extends IoQueue {
    private final RdmaLibOS rdma;
    private UdEndpoint endpoint;
    private int peerIp;
    private int peerPort;
    private boolean connected;
    private boolean reuseAddress;
    private int depth;

    RdmaDatagramQueue(RdmaLibOS rdma) {
        super(rdma, Domain.INET, SocketType.DGRAM);
        this.rdma = rdma;
        this.depth = rdma.settings().datagramReceives();
    }

    @Override
    protected void bind(InetEndpoint local) {
        if (endpoint != null) {
            throw new PdpixException(Errno.EINVAL, "bind: " + describe() + " is already bound");
        }
        try {
            open(local.address(), local.port());
        } catch (VerbsException e) {
            throw new PdpixException(e.errno(), "bind " + local + ": " + e.getMessage(), e);
        }
    }

    private void open(int ip, int port) {
        endpoint = UdEndpoint.open(rdma, ip, port, depth, reuseAddress);
        endpoint.attach(this);
    }

    /** Binds an ephemeral port when the queue is not bound yet; returns OK or the errno. */
    private int implicitBind() {
        if (endpoint != null) {
            return Errno.OK;
        }
        try {
            open(0, 0);
            return Errno.OK;
        } catch (VerbsException e) {
            return e.errno() == 0 ? Errno.EIO : e.errno();
        }
    }

    @Override
    protected InetEndpoint localEndpoint() {
        return endpoint == null ? InetEndpoint.ANY : endpoint.localEndpoint();
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (!connected) {
            throw new PdpixException(Errno.ENOTCONN, "getpeername: " + describe() + " is not connected");
        }
        return new InetEndpoint(peerIp, peerPort);
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.SO_RCVBUF) {
            if (endpoint != null) {
                throw new PdpixException(Errno.EISCONN, "SO_RCVBUF must be set before an RDMA datagram queue is bound");
            }
            long per = rdma.settings().messageSize();
            depth = (int) Math.max(1, Math.min(8192, ((Integer) value + per - 1) / per));
        } else if (option == SocketOption.SO_SNDBUF) {
            // Sends are bounded by rdma.send-depth; the value is accepted and reads back as that bound.
            return;
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuseAddress = (Boolean) value;
        } else {
            super.setOption(option, value);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T getOption(SocketOption<T> option) {
        if (option == SocketOption.SO_RCVBUF) {
            return (T) Integer.valueOf(depth * rdma.settings().messageSize());
        }
        if (option == SocketOption.SO_SNDBUF) {
            return (T) Integer.valueOf(rdma.settings().sendDepth() * rdma.maxDatagram());
        }
        if (option == SocketOption.SO_REUSEADDR) {
            return (T) Boolean.valueOf(reuseAddress);
        }
        return super.getOption(option);
    }

    @Override
    protected int startConnect(int slot, int ip, int port) {
        int err = implicitBind();
        if (err != Errno.OK) {
            return err;
        }
        peerIp = ip;
        peerPort = port;
        connected = true;
        ops.complete(slot);
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (ip == 0 && port == 0) {
            if (!connected) {
                return Errno.EDESTADDRREQ;
            }
            ops.peer(slot, peerIp, peerPort);
        }
        if (element.totalLength() > rdma.maxDatagram()) {
            return Errno.EMSGSIZE;      // one UD message is at most one path MTU
        }
        int err = implicitBind();
        if (err != Errno.OK) {
            return err;
        }
        pendingPushes.add(slot);
        endpoint.pump(rdma.nanoTimeNow());
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        int err = implicitBind();
        if (err != Errno.OK) {
            return err;
        }
        pendingPops.add(slot);
        tryPops();
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        return tryPops();
    }

    private int tryPops() {
        int work = 0;
        MessageRing arrived = endpoint.arrived();
        while (pendingPops.peek() >= 0 && !arrived.isEmpty()) {
            Sga sga = rdma.sgaPool().allocateEmpty();
            if (sga == null) {
                wake();
                break;
            }
            int slot = pendingPops.poll();
            int ip = arrived.headIp();
            int port = arrived.headPort();
            PacketBuffer b = arrived.take();
            sga.append(b);
            sga.address(ip, port);
            completePop(slot, sga, ip, port);
            endpoint.consumed();
            work++;
        }
        return work;
    }

    int nextPush() {
        return pendingPushes.peek();
    }

    Sga takePush(int slot) {
        pendingPushes.poll();
        return takePushedElement(slot);
    }

    void wakeUp() {
        wake();
    }

    @Override
    protected void closeNow() {
        if (endpoint != null) {
            endpoint.detach();
            endpoint = null;
        }
    }

    @Override
    protected String describe() {
        return "RDMA DGRAM queue " + qd() + (endpoint != null ? " (" + endpoint.localEndpoint() + ")" : "");
    }
}
