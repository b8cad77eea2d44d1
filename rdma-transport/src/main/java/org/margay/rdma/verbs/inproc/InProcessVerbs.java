package org.margay.rdma.verbs.inproc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.AddressHandle;
import org.margay.rdma.verbs.AhAttributes;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.CompletionQueue;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.DeviceInfo;
import org.margay.rdma.verbs.Gid;
import org.margay.rdma.verbs.MemoryRegion;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.Verbs;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;
import org.margay.rdma.verbs.WcStatus;

/**
 * The in-process verbs device of one host on an {@link InProcessFabric}: protection domains, memory regions with
 * keys and bounds checks, completion queues, RC and UD queue pairs with the state machine of IBA §10.3
 * (RESET → INIT → RTR → RTS, any → ERR, any → RESET, each transition checked for the attributes
 * {@code ibv_modify_qp(3)} requires), SEND/RECV with immediate data, RDMA WRITE (with immediate) and READ, RNR when
 * no receive is posted, and a connection manager ({@link InProcessCm}) with the port spaces of librdmacm.
 *
 * <p>What it does not model: timing (work executes when posted; an RNR-blocked request is retried at each
 * {@link #pollCq}, the device's clock tick), packet loss on RC (the fabric is lossless), atomics, shared receive
 * queues, memory windows and the send-queue-drain states. Single-threaded.
 */
public final class InProcessVerbs implements Verbs {
    /** The path MTU of the in-process ports: 4096 bytes, InfiniBand's largest. */
    public static final int MTU = VerbsConstants.MTU_4096;
    private static final int MAX_QP_WR = 16384;
    private static final int MAX_SGE = 32;
    private static final int MAX_CQE = 1 << 20;

    private final InProcessFabric fabric;
    private final int ip;
    private final DeviceInfo info;
    private final InProcessCm cm;
    private SimMemoryRegion[] regions = new SimMemoryRegion[16];
    private int regionGeneration;
    private final List<SimQueuePair> queuePairs = new ArrayList<>();
    private final List<SimCompletionQueue> completionQueues = new ArrayList<>();
    private int pdCount;
    private int livePds;
    private boolean closed;
    private String leftAtClose = "";
    private int injectedStatus;
    private int injectedCount;

    InProcessVerbs(InProcessFabric fabric, int ip) {
        this.fabric = fabric;
        this.ip = ip;
        this.info = new DeviceInfo("inproc:" + fabric.name() + "/" + Ipv4Address.format(ip), MAX_QP_WR, MAX_SGE, MAX_CQE,
                1L << 40, MTU, ip);
        this.cm = new InProcessCm(this);
    }

    /** The fabric this device is attached to. */
    public InProcessFabric fabric() {
        return fabric;
    }

    /** The host's IPv4 address (its GID is the IPv4-mapped form). */
    public int ipv4() {
        return ip;
    }

    int mtuBytes() {
        return VerbsConstants.mtuBytes(MTU);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public DeviceInfo device() {
        return info;
    }

    @Override
    public ProtectionDomain allocPd() {
        checkOpen();
        livePds++;
        return new SimProtectionDomain(this, ++pdCount);
    }

    @Override
    public MemoryRegion register(ProtectionDomain pd, MemorySegment region, int access) {
        checkOpen();
        SimProtectionDomain p = pd(pd);
        Objects.requireNonNull(region, "region");
        if (!region.isNative() || region.byteSize() == 0) {
            throw new VerbsException(Errno.EINVAL, "ibv_reg_mr: only native, non-empty memory can be registered");
        }
        if ((access & (VerbsConstants.ACCESS_REMOTE_WRITE)) != 0 && (access & VerbsConstants.ACCESS_LOCAL_WRITE) == 0) {
            // ibv_reg_mr(3): remote write access requires local write access.
            throw new VerbsException(Errno.EINVAL, "ibv_reg_mr: IBV_ACCESS_REMOTE_WRITE needs IBV_ACCESS_LOCAL_WRITE");
        }
        int index = 1;
        while (index < regions.length && regions[index] != null) {
            index++;
        }
        if (index >= (1 << 23)) {
            throw new VerbsException(Errno.ENOMEM, "ibv_reg_mr: out of memory keys");
        }
        if (index >= regions.length) {
            regions = java.util.Arrays.copyOf(regions, regions.length * 2);
        }
        regionGeneration = (regionGeneration + 1) & 0xFF;
        int key = index << 8 | regionGeneration;
        SimMemoryRegion mr = new SimMemoryRegion(p, region, key, access);
        regions[index] = mr;
        return mr;
    }

    /** The live region behind {@code key} that covers {@code [address, address + length)}, or null. Allocation-free. */
    SimMemoryRegion regionFor(int key, long address, int length) {
        int index = key >>> 8;
        if (index <= 0 || index >= regions.length) {
            return null;
        }
        SimMemoryRegion mr = regions[index];
        if (mr == null || mr.key != key || !mr.valid || length < 0) {
            return null;
        }
        return mr.contains(address, length) ? mr : null;
    }

    @Override
    public CompletionQueue createCq(int entries) {
        checkOpen();
        if (entries < 1 || entries > MAX_CQE) {
            throw new VerbsException(Errno.EINVAL, "ibv_create_cq: entries must be 1.." + MAX_CQE + ", got " + entries);
        }
        SimCompletionQueue cq = new SimCompletionQueue(entries);
        completionQueues.add(cq);
        return cq;
    }

    @Override
    public QueuePair createQp(ProtectionDomain pd, QpInitAttributes init) {
        checkOpen();
        SimProtectionDomain p = pd(pd);
        if (init.maxSendWr() > MAX_QP_WR || init.maxRecvWr() > MAX_QP_WR || init.maxSendSge() > MAX_SGE || init.maxRecvSge() > MAX_SGE) {
            throw new VerbsException(Errno.EINVAL, "ibv_create_qp: capacities above the device's (" + MAX_QP_WR + " requests, "
                    + MAX_SGE + " entries)");
        }
        if (!(init.sendCq() instanceof SimCompletionQueue s) || !(init.recvCq() instanceof SimCompletionQueue r)
                || s.destroyed || r.destroyed) {
            throw new VerbsException(Errno.EINVAL, "ibv_create_qp: completion queues of another device, or destroyed");
        }
        SimQueuePair qp = new SimQueuePair(this, p, init, fabric.nextQpn());
        fabric.bind(qp);
        ((SimCompletionQueue) init.sendCq()).users++;
        ((SimCompletionQueue) init.recvCq()).users++;
        queuePairs.add(qp);
        return qp;
    }

    @Override
    public void modifyQp(QueuePair queuePair, QpAttributes a) {
        checkOpen();
        SimQueuePair qp = qp(queuePair);
        QpTransitions.apply(qp, a);
    }

    @Override
    public AddressHandle createAh(ProtectionDomain pd, AhAttributes attributes) {
        checkOpen();
        SimProtectionDomain p = pd(pd);
        byte[] gid = attributes.dgid();
        if (!Gid.isIpv4(gid)) {
            throw new VerbsException(Errno.EINVAL, "ibv_create_ah: the in-process fabric routes IPv4-mapped GIDs only");
        }
        if (attributes.portNum() != 1) {
            throw new VerbsException(Errno.EINVAL, "ibv_create_ah: port " + attributes.portNum() + " does not exist (one port, 1)");
        }
        return new SimAddressHandle(p, Gid.ipv4(gid));
    }

    @Override
    public int postSend(QueuePair qp, SendRequest request) {
        if (closed || !(qp instanceof SimQueuePair q) || q.device != this) {
            return Errno.EINVAL;
        }
        return q.postSend(request);
    }

    @Override
    public int postRecv(QueuePair qp, long wrId, long address, int length, int lkey) {
        if (closed || !(qp instanceof SimQueuePair q) || q.device != this) {
            return Errno.EINVAL;
        }
        return q.postRecv(wrId, address, length, lkey);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each poll is also the device's clock tick: send queues whose head met a receiver-not-ready NAK retry it
     * first.
     */
    @Override
    public int pollCq(CompletionQueue cq, CompletionBatch out) {
        if (closed || !(cq instanceof SimCompletionQueue c)) {
            out.reset();
            return -Errno.EINVAL;
        }
        for (int i = 0; i < queuePairs.size(); i++) {
            queuePairs.get(i).tick();
        }
        return c.poll(out);
    }

    @Override
    public void destroyQp(QueuePair queuePair) {
        SimQueuePair qp = qp(queuePair);
        if (cm.ownsQp(qp)) {
            throw new VerbsException(Errno.EBUSY, "ibv_destroy_qp: the queue pair belongs to a connection manager id (destroyId)");
        }
        destroyQueuePair(qp);
    }

    void destroyQueuePair(SimQueuePair qp) {
        if (qp.destroyed) {
            return;
        }
        qp.reset();
        qp.destroyed = true;
        qp.sendCq.users--;
        qp.recvCq.users--;
        fabric.release(qp);
        queuePairs.remove(qp);
    }

    @Override
    public void destroyAh(AddressHandle ah) {
        if (ah instanceof SimAddressHandle h) {
            h.destroyed = true;
        }
    }

    @Override
    public void destroyCq(CompletionQueue cq) {
        if (!(cq instanceof SimCompletionQueue c)) {
            throw new VerbsException(Errno.EINVAL, "ibv_destroy_cq: not a completion queue of this device");
        }
        if (c.users > 0) {
            throw new VerbsException(Errno.EBUSY, "ibv_destroy_cq: " + c.users + " queue pairs still use it");
        }
        c.destroyed = true;
        completionQueues.remove(c);
    }

    @Override
    public void deregister(MemoryRegion mr) {
        if (!(mr instanceof SimMemoryRegion r) || r.pd.device != this) {
            throw new VerbsException(Errno.EINVAL, "ibv_dereg_mr: not a region of this device");
        }
        int index = r.key >>> 8;
        if (index < regions.length && regions[index] == r) {
            regions[index] = null;
        }
        r.valid = false;
    }

    @Override
    public void deallocPd(ProtectionDomain pd) {
        SimProtectionDomain p = pd(pd);
        for (SimMemoryRegion r : regions) {
            if (r != null && r.pd == p) {
                throw new VerbsException(Errno.EBUSY, "ibv_dealloc_pd: memory regions are still registered in it");
            }
        }
        for (SimQueuePair qp : queuePairs) {
            if (qp.pd == p) {
                throw new VerbsException(Errno.EBUSY, "ibv_dealloc_pd: queue pairs still use it");
            }
        }
        p.destroyed = true;
        livePds--;
    }

    @Override
    public ConnectionManager connectionManager() {
        return cm;
    }

    InProcessCm cm() {
        return cm;
    }

    /** Closes the device: its connection manager ids disconnect, its queue pairs and regions vanish. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        String left = inventory();
        leftAtClose = left.equals("nothing") ? "" : left;
        cm.closeAll();
        for (SimQueuePair qp : new ArrayList<>(queuePairs)) {
            destroyQueuePair(qp);
        }
        for (int i = 0; i < regions.length; i++) {
            if (regions[i] != null) {
                regions[i].valid = false;
                regions[i] = null;
            }
        }
        closed = true;
        fabric.detach(this);
    }

    void injectSendFailures(int status, int count) {
        if (status == WcStatus.SUCCESS || count < 0) {
            throw new IllegalArgumentException("inject an error status, a non-negative number of times");
        }
        injectedStatus = status;
        injectedCount = count;
    }

    /** The status an injected failure gives the next RC send, or {@link WcStatus#SUCCESS} (none). */
    int takeInjectedSendFailure() {
        if (injectedCount == 0) {
            return WcStatus.SUCCESS;
        }
        injectedCount--;
        return injectedStatus;
    }

    /** Queue pairs created and not yet destroyed. */
    public int liveQueuePairs() {
        return queuePairs.size();
    }

    /** Memory regions registered and not yet deregistered. */
    public int liveRegions() {
        int n = 0;
        for (SimMemoryRegion r : regions) {
            n += r != null ? 1 : 0;
        }
        return n;
    }

    /** Protection domains allocated and not yet deallocated. */
    public int liveProtectionDomains() {
        return livePds;
    }

    /** Connection-manager ids created and not yet destroyed. */
    public int liveCmIds() {
        return cm.liveIds();
    }

    /** What the device still holds, e.g. {@code "2 queue pairs, 1 memory region"}, or {@code "nothing"}. */
    public String inventory() {
        StringBuilder b = new StringBuilder();
        append(b, liveQueuePairs(), "queue pair");
        append(b, liveRegions(), "memory region");
        append(b, liveProtectionDomains(), "protection domain");
        append(b, completionQueues.size(), "completion queue");
        append(b, liveCmIds(), "connection-manager id");
        return b.isEmpty() ? "nothing" : b.toString();
    }

    private static void append(StringBuilder b, int n, String what) {
        if (n > 0) {
            b.append(b.isEmpty() ? "" : ", ").append(n).append(' ').append(what).append(n == 1 ? "" : "s");
        }
    }

    /**
     * What its user had not released when the device was closed (closing releases it all the same, as the kernel does
     * for a process that exits): empty when everything was released first. A library OS that leaks queue pairs or
     * regions shows here.
     */
    public String leftAtClose() {
        return leftAtClose;
    }

    /** Whether the device was closed. */
    public boolean closed() {
        return closed;
    }

    /** The live queue pairs of this device, for tests and diagnostics. */
    List<SimQueuePair> queuePairs() {
        return queuePairs;
    }

    private void checkOpen() {
        if (closed) {
            throw new VerbsException(Errno.ENODEV, "device " + info.name() + " is closed");
        }
    }

    private SimProtectionDomain pd(ProtectionDomain pd) {
        if (!(pd instanceof SimProtectionDomain p) || p.device != this || p.destroyed) {
            throw new VerbsException(Errno.EINVAL, "not a live protection domain of " + info.name());
        }
        return p;
    }

    SimQueuePair qp(QueuePair qp) {
        if (!(qp instanceof SimQueuePair q) || q.device != this || q.destroyed) {
            throw new VerbsException(Errno.EINVAL, "not a live queue pair of " + info.name());
        }
        return q;
    }

    /** Moves {@code qp} through INIT for the connection manager (port 1, pkey 0, RDMA_UDP_QKEY for UD). */
    void initForCm(SimQueuePair qp) {
        QpAttributes a = new QpAttributes().state(QpState.INIT).pkeyIndex(0).portNum(1);
        if (qp.type == QpType.UD) {
            a.qkey(VerbsConstants.RDMA_UDP_QKEY);
        } else {
            a.accessFlags(VerbsConstants.ACCESS_LOCAL_WRITE | VerbsConstants.ACCESS_REMOTE_READ | VerbsConstants.ACCESS_REMOTE_WRITE);
        }
        QpTransitions.apply(qp, a);
    }

    @Override
    public String toString() {
        return info.name();
    }
}
