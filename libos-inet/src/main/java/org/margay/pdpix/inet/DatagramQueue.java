package org.margay.pdpix.inet;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;
import org.margay.stack.InetStack;
import org.margay.stack.UdpReadiness;

/**
 * A DGRAM queue of the inet library OS over one {@link UdpSocket}: one element is one datagram.
 *
 * <ul>
 *   <li>push/pushTo: the element's bytes leave as one datagram (the stack fragments it when it exceeds the MTU);
 *       more than {@value #MAX_PAYLOAD} bytes is {@link Errno#EMSGSIZE}. The push completes when the stack has
 *       built the frames (handed to the device, or to ARP while the neighbour resolves). A push without a
 *       destination on an unconnected queue fails with {@link Errno#EDESTADDRREQ}. An unbound queue is bound to an ephemeral port by its first push or
 *       connect, as Linux does.</li>
 *   <li>pop: one datagram, with its sender in the result's {@code peerIp}/{@code peerPort} and in the element's
 *       address. A datagram larger than {@code maxElement()} is cut to it.</li>
 *   <li>ICMP errors about this socket's datagrams (port unreachable → {@link Errno#ECONNREFUSED}, host or network
 *       unreachable, fragmentation needed → {@link Errno#EMSGSIZE}), and the stack's ARP giving up on the next hop
 *       ({@link Errno#EHOSTUNREACH}), fail the next pop or push of a
 *       <em>connected</em> queue, once per error, as Linux reports them; an unconnected queue ignores them.</li>
 * </ul>
 * Readiness: the queue registers a {@link UdpReadiness} callback on its socket, so the stack tells it when a
 * datagram or an error arrives and it is serviced in the next duty cycle only then (and only with pops parked);
 * no UDP socket is polled.
 */
final class DatagramQueue extends IoQueue {
    /** The largest UDP payload in one IPv4 datagram: 65535 − 20 (IPv4 header) − 8 (UDP header). */
    static final int MAX_PAYLOAD = 65_507;

    private final InetLibOS os;
    private final InetStack stack;
    private UdpSocket socket;
    private final UdpReadiness readiness = this::onReady;
    private boolean reuseAddress;
    private int sendBufferHint;

    DatagramQueue(InetLibOS os) {
        super(os, Domain.INET, SocketType.DGRAM);
        this.os = os;
        this.stack = os.stack();
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint local) {
        if (socket != null) {
            throw new PdpixException(Errno.EINVAL, describe() + " is already bound");
        }
        try {
            socket = stack.udp().bind(local.address(), local.port());
            stack.udp().readiness(socket, readiness);
        } catch (IllegalStateException e) {
            throw new PdpixException(Errno.EADDRINUSE, "UDP port " + local.port() + " is in use", e);
        } catch (IllegalArgumentException e) {
            throw new PdpixException(Errno.EADDRNOTAVAIL, local + " is not an address of this stack", e);
        }
    }

    @Override
    protected InetEndpoint localEndpoint() {
        return socket == null ? InetEndpoint.ANY : new InetEndpoint(socket.localIp(), socket.localPort());
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (socket == null || !socket.isConnected()) {
            throw new PdpixException(Errno.ENOTCONN, describe() + " is not connected");
        }
        return new InetEndpoint(socket.remoteIp(), socket.remotePort());
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.SO_REUSEADDR) {
            reuseAddress = (Boolean) value;
        } else if (option == SocketOption.SO_RCVBUF) {
            int v = (Integer) value;
            if (v <= 0) {
                throw new PdpixException(Errno.EINVAL, option + " must be positive: " + value);
            }
            if (v > stack.config().udpQueueBytes()) {
                throw new PdpixException(Errno.ENOPROTOOPT, option + "=" + v + " on " + describe() + ": every UDP queue of "
                        + "this stack holds " + stack.config().udpQueueBytes() + " bytes");
            }
        } else if (option == SocketOption.SO_SNDBUF) {
            int v = (Integer) value;
            if (v <= 0) {
                throw new PdpixException(Errno.EINVAL, option + " must be positive: " + value);
            }
            sendBufferHint = v; // UDP keeps no send buffer here: a datagram goes to the device at once, any size is met
        } else {
            super.setOption(option, value);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T getOption(SocketOption<T> option) {
        if (option == SocketOption.SO_REUSEADDR) {
            return (T) Boolean.valueOf(reuseAddress);
        }
        if (option == SocketOption.SO_RCVBUF) {
            return (T) Integer.valueOf(stack.config().udpQueueBytes());
        }
        if (option == SocketOption.SO_SNDBUF) {
            return (T) Integer.valueOf(Math.max(sendBufferHint, MAX_PAYLOAD));
        }
        return super.getOption(option);
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startConnect(int slot, int ip, int port) {
        int err = ensureBound();
        if (err != Errno.OK) {
            return err;
        }
        socket.connect(ip, port);
        socket.takeError(); // an error about earlier traffic is not this association's
        ops.complete(slot);
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        int toIp = ip;
        int toPort = port;
        if (toPort == 0) {
            if (socket == null || !socket.isConnected()) {
                return Errno.EDESTADDRREQ;
            }
            toIp = socket.remoteIp();
            toPort = socket.remotePort();
        }
        int err = ensureBound();
        if (err != Errno.OK) {
            return err;
        }
        long length = element.totalLength();
        if (length > MAX_PAYLOAD) {
            return Errno.EMSGSIZE;
        }
        err = takeError();
        if (err != Errno.OK) {
            return err;
        }
        MemorySegment data;
        long offset;
        if (element.segmentCount() == 1) {
            PacketBuffer b = element.buffer(0);
            data = b.segment();
            offset = b.start();
        } else {
            data = os.datagramScratch();
            element.copyTo(data, 0);
            offset = 0;
        }
        int r = stack.udp().sendTo(socket, toIp, toPort, data, offset, (int) length);
        if (r != UdpErrors.NONE) {
            return r;
        }
        completePush(slot);
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        pendingPops.add(slot);
        servicePops();
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        return servicePops();
    }

    private int servicePops() {
        int work = 0;
        while (!pendingPops.isEmpty() && socket != null) {
            int err = takeError();
            if (err != Errno.OK) {
                ops.fail(pendingPops.poll(), err);
                work++;
                continue;
            }
            int length = socket.peekLength();
            if (length < 0) {
                break;
            }
            int size = (int) Math.min(length, os.maxElement());
            Sga element = os.sgaPool().allocate(size);
            if (element == null) {
                wake(); // out of elements or buffers: try again next cycle
                break;
            }
            if (element.segmentCount() == 1) {
                PacketBuffer b = element.buffer(0);
                socket.receive(b.segment(), b.start(), size);
            } else {
                MemorySegment scratch = os.datagramScratch();
                socket.receive(scratch, 0, size);
                element.fill(scratch, 0, size);
            }
            int fromIp = socket.lastSourceIp();
            int fromPort = socket.lastSourcePort();
            element.address(fromIp, fromPort);
            completePop(pendingPops.poll(), element, fromIp, fromPort);
            work++;
        }
        return work;
    }

    /** The stack queued a datagram or recorded an error on the socket (called inside its poll). */
    private void onReady(UdpSocket s) {
        if (!pendingPops.isEmpty()) {
            wake();
        }
    }

    /** The error to report now (once), for a connected socket; OK otherwise (an unconnected one drops it). */
    private int takeError() {
        int err = socket.takeError();
        return socket.isConnected() ? err : Errno.OK;
    }

    private int ensureBound() {
        if (socket != null) {
            return Errno.OK;
        }
        try {
            socket = stack.udp().bind(0, 0);
            stack.udp().readiness(socket, readiness);
            return Errno.OK;
        } catch (IllegalStateException e) {
            return Errno.EADDRNOTAVAIL; // no ephemeral port left
        }
    }

    @Override
    protected void closeNow() {
        if (socket != null) {
            stack.udp().readiness(socket, null);
            socket.close();
        }
    }

    @Override
    protected String describe() {
        return "UDP queue " + qd() + (socket == null ? "" : " (port " + socket.localPort() + ")");
    }
}
