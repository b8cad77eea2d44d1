package org.margay.rdma;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.OperationTable;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;
import org.margay.rdma.verbs.WcStatus;

/**
 * The unreliable-datagram queue pair behind a DGRAM queue, bound to an IP address and port in the connection
 * manager's UDP port space (which it listens on, to answer senders' service-ID resolution).
 *
 * <h2>Wire format</h2>
 * One element is one UD SEND of at most the path MTU; its immediate data carries the sender's port, and the
 * receiver reads the sender's IPv4 address from the source GID of the Global Route Header the adapter puts in
 * front of every UD message (RoCE v2 GIDs are IPv4-mapped). The popped element is the receive buffer past the
 * header: no copy.
 *
 * <h2>Receives</h2>
 * {@code rdma.datagram-receives} buffers are kept posted; one is re-posted when a datagram is popped. Datagrams that
 * arrive while none is posted are dropped by the adapter, as UDP drops on a full socket buffer.
 *
 * <p>A push completes when its send completed locally (UD has no acknowledgement).
 */
final class UdEndpoint extends Endpoint {
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Offset of the IPv4 part of the source GID in the Global Route Header (8 + 12). */
    private static final int GRH_SOURCE_IPV4 = 20;

    private final CmId id;
    private final QueuePair qp;
    private RdmaDatagramQueue queue;
    private final ReceiveSlots posted;
    private final MessageRing arrived;
    private final SendRing ring;
    private final int depth;
    private final int maxSge;
    private final int localPort;
    private int deficit;
    private boolean closing;
    private boolean destroyed;
    private long dropped;

    private UdEndpoint(RdmaLibOS libos, CmId id, QueuePair qp, int depth, int sendDepth) {
        super(libos);
        this.id = id;
        this.qp = qp;
        this.depth = depth;
        this.posted = new ReceiveSlots(depth);
        this.arrived = new MessageRing(depth);
        this.ring = new SendRing(sendDepth);
        this.maxSge = Math.min(libos.verbs().device().maxSge(), SendRequest.MAX_SGE);
        this.localPort = id.localAddress().port();
        id.context(this);
    }

    /**
     * Binds a new UD endpoint to {@code ip:port} (0 = any / ephemeral) with {@code depth} receives posted.
     *
     * @throws VerbsException EADDRINUSE, EADDRNOTAVAIL, ENOBUFS (no receive buffers), ...
     */
    static UdEndpoint open(RdmaLibOS libos, int ip, int port, int depth, boolean reuse) {
        CmId id = libos.cm().createId(PortSpace.UDP);
        try {
            libos.cm().reuseAddress(id, reuse);
            libos.cm().bind(id, ip, port);
            int sendDepth = libos.settings().sendDepth();
            int sge = Math.min(libos.verbs().device().maxSge(), SendRequest.MAX_SGE);
            QueuePair qp = libos.cm().createQp(id, libos.pd(),
                    new QpInitAttributes(QpType.UD, libos.cq(), libos.cq(), sendDepth, depth, sge, 1, 0, false));
            if (qp.state() != QpState.RTS) {
                // librdmacm moves UD queue pairs to RTS itself; a binding that left it in INIT gets the rest here.
                libos.verbs().modifyQp(qp, new QpAttributes().state(QpState.RTR));
                libos.verbs().modifyQp(qp, new QpAttributes().state(QpState.RTS).sqPsn(0));
            }
            libos.cm().listen(id, 1024);
            UdEndpoint e = new UdEndpoint(libos, id, qp, depth, sendDepth);
            libos.addEndpoint(e);
            for (int i = 0; i < depth; i++) {
                if (!e.postReceive()) {
                    e.destroy();
                    throw new VerbsException(Errno.ENOBUFS, "no receive buffers left for a datagram queue");
                }
            }
            return e;
        } catch (VerbsException e) {
            try {
                libos.cm().destroyId(id);
            } catch (VerbsException ignored) {
                // already destroyed
            }
            throw e;
        }
    }

    void attach(RdmaDatagramQueue owner) {
        this.queue = owner;
    }

    InetEndpoint localEndpoint() {
        return id.localAddress();
    }

    MessageRing arrived() {
        return arrived;
    }

    /** A popped datagram's receive is re-posted. */
    void consumed() {
        if (!postReceive()) {
            deficit++;
            attention();
        }
    }

    /** Datagrams dropped on arrival (malformed). */
    long dropped() {
        return dropped;
    }

    // ------------------------------------------------------------------ events and completions

    @Override
    void onCmEvent(CmEvent e) {
        if (e.type() == CmEventType.CONNECT_REQUEST) {
            // A sender resolving this port: answer with our queue pair number and Q_Key (SIDR reply).
            CmId child = e.id();
            try {
                if (closing) {
                    libos.cm().reject(child, null);
                } else {
                    libos.cm().accept(child, qp, null, 0);
                }
            } catch (VerbsException ignored) {
                // the requester is gone
            }
            libos.cm().destroyId(child);
        }
    }

    @Override
    void onRecvCompletion(int entry, int status, int byteLen, int imm, int flags) {
        PacketBuffer b = posted.remove(entry);
        if (b == null) {
            return;
        }
        if (status != WcStatus.SUCCESS || queue == null || closing) {
            b.release();
            if (status == WcStatus.SUCCESS) {
                consumed();
            }
            return;
        }
        if ((flags & VerbsConstants.WC_GRH) == 0 || byteLen < VerbsConstants.GRH_BYTES) {
            b.release();
            dropped++;
            consumed();
            return;
        }
        b.append(byteLen);
        int sourceIp = b.segment().get(BE_INT, b.start() + GRH_SOURCE_IPV4);
        int sourcePort = (flags & VerbsConstants.WC_WITH_IMM) != 0 ? imm & 0xFFFF : 0;
        b.trimFront(VerbsConstants.GRH_BYTES);
        arrived.add(b, true, sourceIp, sourcePort);
        queue.wakeUp();
    }

    @Override
    void onSendCompletion(int entry, int status) {
        if (ring.isEmpty()) {
            return;
        }
        int slot = ring.headSlot();
        Sga element = ring.headElement();
        ring.pop();
        if (slot >= 0) {
            if (status == WcStatus.SUCCESS) {
                libos.operations().complete(slot);
            } else {
                libos.operations().fail(slot, status == WcStatus.LOC_LEN_ERR ? Errno.EMSGSIZE : CompletionErrors.errno(status));
            }
        }
        if (element != null) {
            libos.sgaPool().free(element);
        }
        attention();
    }

    // ------------------------------------------------------------------ sends

    @Override
    int pump(long now) {
        if (destroyed) {
            return 0;
        }
        int work = 0;
        while (deficit > 0 && !closing && postReceive()) {
            deficit--;
            work++;
        }
        if (deficit > 0 && !closing) {
            attention();
        }
        while (queue != null && !closing && !ring.isFull()) {
            int slot = queue.nextPush();
            if (slot < 0) {
                break;
            }
            OperationTable ops = libos.operations();
            Destination d = libos.destination(ops.peerIp(slot), ops.peerPort(slot));
            if (d.state == Destination.State.RESOLVING) {
                break;      // head of line: datagrams leave in push order
            }
            Sga element = queue.takePush(slot);
            if (d.state == Destination.State.FAILED) {
                ops.fail(slot, d.errno);
                libos.sgaPool().free(element);
                work++;
                continue;
            }
            element = element.segmentCount() > maxSge ? libos.linearized(element) : libos.registered(element);
            if (element == null) {
                ops.fail(slot, Errno.ENOMEM);
                continue;
            }
            SendRequest sr = libos.sendRequest().clear();
            for (int s = 0; s < element.segmentCount(); s++) {
                PacketBuffer b = element.buffer(s);
                sr.addSge(b.segment().address() + b.start(), b.length(), (int) libos.memory().lkeyOf(b, b.start(), b.length()));
            }
            sr.set(wrId(WorkIds.SEND, ring.nextEntry()), VerbsConstants.WR_SEND_WITH_IMM, VerbsConstants.SEND_SIGNALED)
                    .imm(localPort).ud(d.ah, d.qpn, d.qkey);
            int rc = libos.verbs().postSend(qp, sr);
            if (rc != Errno.OK) {
                ops.fail(slot, rc == Errno.ENOMEM ? Errno.ENOBUFS : Errno.EIO);
                libos.sgaPool().free(element);
                continue;
            }
            ring.push(slot, element, false);
            work++;
        }
        if (closing && !destroyed && ring.isEmpty() && posted.count() == 0) {
            release();
            work++;
        }
        return work;
    }

    private boolean postReceive() {
        if (posted.isFull()) {
            return true;
        }
        PacketBuffer b = libos.memory().receivePool().allocate();
        if (b == null) {
            return false;
        }
        int entry = posted.add(b);
        int rc = libos.verbs().postRecv(qp, wrId(WorkIds.RECV, entry), b.segment().address() + b.start(), b.tailroom(),
                libos.memory().receivePool().lkey());
        if (rc != Errno.OK) {
            posted.cancel(entry);
            b.release();
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ closing

    /** The DGRAM queue is closed: in-flight pushes complete ECANCELED; the queue pair is flushed and released. */
    void detach() {
        queue = null;
        closing = true;
        OperationTable ops = libos.operations();
        ring.forEachSlot(slot -> ops.fail(slot, Errno.ECANCELED));
        arrived.releaseAll();
        try {
            libos.verbs().modifyQp(qp, new QpAttributes().state(QpState.ERR));
        } catch (VerbsException ignored) {
            // gone with the device
        }
        attention();
    }

    private void release() {
        destroyed = true;
        libos.removeEndpoint(this);
        try {
            libos.cm().destroyId(id);
        } catch (VerbsException ignored) {
            // gone with the device
        }
        posted.releaseAll();
        arrived.releaseAll();
        while (!ring.isEmpty()) {
            Sga e = ring.headElement();
            if (e != null) {
                libos.sgaPool().free(e);
            }
            ring.pop();
        }
    }

    @Override
    boolean finished() {
        return destroyed;
    }

    @Override
    void destroy() {
        if (destroyed) {
            return;
        }
        OperationTable ops = libos.operations();
        ring.forEachSlot(slot -> {
            if (ops.isPending(slot)) {
                ops.fail(slot, Errno.ECANCELED);
            }
        });
        queue = null;
        closing = true;
        release();
    }

    @Override
    public String toString() {
        return "UD " + id.localAddress() + (closing ? " closing" : "");
    }
}
