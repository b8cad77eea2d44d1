package org.margay.rdma.verbs.inproc;

import static org.margay.rdma.verbs.VerbsConstants.ACCESS_LOCAL_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.ACCESS_REMOTE_READ;
import static org.margay.rdma.verbs.VerbsConstants.ACCESS_REMOTE_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.GRH_BYTES;
import static org.margay.rdma.verbs.VerbsConstants.SEND_INLINE;
import static org.margay.rdma.verbs.VerbsConstants.SEND_SIGNALED;
import static org.margay.rdma.verbs.VerbsConstants.WC_GRH;
import static org.margay.rdma.verbs.VerbsConstants.WC_RDMA_READ;
import static org.margay.rdma.verbs.VerbsConstants.WC_RDMA_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.WC_RECV;
import static org.margay.rdma.verbs.VerbsConstants.WC_RECV_RDMA_WITH_IMM;
import static org.margay.rdma.verbs.VerbsConstants.WC_SEND;
import static org.margay.rdma.verbs.VerbsConstants.WC_WITH_IMM;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_READ;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_WRITE_WITH_IMM;
import static org.margay.rdma.verbs.VerbsConstants.WR_SEND;
import static org.margay.rdma.verbs.VerbsConstants.WR_SEND_WITH_IMM;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.WcStatus;

/**
 * A queue pair of the in-process device, executing its work requests the way an RC or UD transport does, with
 * the checks hardware makes.
 *
 * <h2>Execution</h2>
 * Posted sends execute at once, in order, synchronously into the peer's memory and completion queues. The head of
 * an RC send queue that finds no receive posted at the responder (a SEND, a WRITE with immediate) gets a
 * receiver-not-ready NAK: it stays at the head, and every later request waits behind it (RC is ordered). It is
 * retried at each device tick ({@link InProcessVerbs#pollCq}); after {@code rnr_retry} failed retries (7 means
 * without limit) it completes with {@link WcStatus#RNR_RETRY_EXC_ERR}.
 *
 * <h2>Errors (IBA vol. 1 §10.8.3, §11.6.2)</h2>
 * A scatter-gather entry outside a region of the queue pair's domain is a local protection error; a bad remote
 * key, missing remote access right or out-of-bounds remote range is a remote access error, which also puts the
 * responder in error; a message longer than the receive buffer is a local length error at the responder and an
 * invalid request at the requester; a peer that cannot receive (gone, not in RTR/RTS) exhausts the transport
 * retries. Each fatal error moves the queue pair to {@link QpState#ERR}: the failed request completes with its
 * status and every other queued request with {@link WcStatus#WR_FLUSH_ERR}; requests posted in ERR are flushed
 * at once. UD sends to nobody, with a wrong Q_Key or to a queue with no receive posted are dropped silently.
 *
 * <p>Allocation-free after creation: the queues are preallocated rings. Single-threaded.
 */
final class SimQueuePair implements QueuePair {
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** RNR retry count meaning "retry without limit". */
    static final int RNR_INFINITE = 7;
    /** Result of one execution attempt: the responder had no receive posted. */
    private static final int RNR = -1;

    final InProcessVerbs device;
    final SimProtectionDomain pd;
    final QpType type;
    final int qpn;
    final SimCompletionQueue sendCq;
    final SimCompletionQueue recvCq;
    final int maxSendWr;
    final int maxRecvWr;
    final int maxSendSge;
    final int maxInline;
    final boolean signalAll;
    QpState state = QpState.RESET;
    boolean destroyed;

    // attributes
    int portNum;
    int qkey;
    int accessFlags;
    int pathMtu;
    int destQpn;
    int destIp;
    int rnrRetry;
    int retryCount;

    // send queue ring
    private final long[] sqWrId;
    private final int[] sqOpcode;
    private final int[] sqFlags;
    private final int[] sqImm;
    private final int[] sqNumSge;
    private final long[][] sqAddr;
    private final int[][] sqLen;
    private final int[][] sqLkey;
    private final long[] sqRemoteAddr;
    private final int[] sqRkey;
    private final SimAddressHandle[] sqAh;
    private final int[] sqRemoteQpn;
    private final int[] sqRemoteQkey;
    private final MemorySegment inline;
    private int sqHead;
    private int sqCount;
    private int rnrAttempts;
    private boolean waitingRnr;

    // receive queue ring
    private final long[] rqWrId;
    private final long[] rqAddr;
    private final int[] rqLen;
    private final int[] rqLkey;
    private int rqHead;
    private int rqCount;
    /** Receives hidden by fault injection ({@link #discardReceives}): never filled, but flushed on ERR. */
    private long[] hiddenWrIds = new long[0];
    private int hiddenCount;

    SimQueuePair(InProcessVerbs device, SimProtectionDomain pd, QpInitAttributes init, int qpn) {
        this.device = device;
        this.pd = pd;
        this.type = init.type();
        this.qpn = qpn;
        this.sendCq = (SimCompletionQueue) init.sendCq();
        this.recvCq = (SimCompletionQueue) init.recvCq();
        this.maxSendWr = init.maxSendWr();
        this.maxRecvWr = init.maxRecvWr();
        this.maxSendSge = init.maxSendSge();
        this.maxInline = init.maxInlineData();
        this.signalAll = init.signalAll();
        sqWrId = new long[maxSendWr];
        sqOpcode = new int[maxSendWr];
        sqFlags = new int[maxSendWr];
        sqImm = new int[maxSendWr];
        sqNumSge = new int[maxSendWr];
        sqAddr = new long[maxSendWr][maxSendSge];
        sqLen = new int[maxSendWr][maxSendSge];
        sqLkey = new int[maxSendWr][maxSendSge];
        sqRemoteAddr = new long[maxSendWr];
        sqRkey = new int[maxSendWr];
        sqAh = new SimAddressHandle[maxSendWr];
        sqRemoteQpn = new int[maxSendWr];
        sqRemoteQkey = new int[maxSendWr];
        inline = maxInline > 0 ? Arena.ofAuto().allocate((long) maxInline * maxSendWr) : MemorySegment.NULL;
        rqWrId = new long[maxRecvWr];
        rqAddr = new long[maxRecvWr];
        rqLen = new int[maxRecvWr];
        rqLkey = new int[maxRecvWr];
    }

    @Override
    public int qpNum() {
        return qpn;
    }

    @Override
    public QpType type() {
        return type;
    }

    @Override
    public QpState state() {
        return state;
    }

    /** Requests waiting in the send queue (an RNR-blocked head among them). */
    int sendQueued() {
        return sqCount;
    }

    /** Receives posted and not yet consumed. */
    int receivesPosted() {
        return rqCount;
    }

    // ------------------------------------------------------------------ posting

    int postSend(SendRequest wr) {
        if (destroyed) {
            return Errno.EINVAL;
        }
        if (state != QpState.RTS && state != QpState.ERR) {
            return Errno.EINVAL;    // sends need RTS (ibv_post_send(3): EINVAL for a QP in a wrong state)
        }
        int n = wr.numSge();
        if (n > maxSendSge) {
            return Errno.EINVAL;
        }
        boolean isInline = (wr.flags() & SEND_INLINE) != 0;
        if (isInline && wr.totalLength() > maxInline) {
            return Errno.EINVAL;
        }
        if (sqCount == maxSendWr) {
            return Errno.ENOMEM;
        }
        int i = (sqHead + sqCount) % maxSendWr;
        sqWrId[i] = wr.wrId();
        sqOpcode[i] = wr.opcode();
        sqFlags[i] = wr.flags();
        sqImm[i] = wr.imm();
        sqNumSge[i] = n;
        sqRemoteAddr[i] = wr.remoteAddress();
        sqRkey[i] = wr.rkey();
        sqAh[i] = (SimAddressHandle) wr.ah();
        sqRemoteQpn[i] = wr.remoteQpn();
        sqRemoteQkey[i] = wr.remoteQkey();
        if (isInline && state != QpState.ERR) {
            // The data is copied at post time: the application may reuse its buffer at once (ibv_post_send(3)).
            long at = (long) i * maxInline;
            int copied = 0;
            for (int s = 0; s < n; s++) {
                SimMemoryRegion mr = device.regionFor(wr.sgeLkey(s), wr.sgeAddress(s), wr.sgeLength(s));
                if (mr == null) {
                    return Errno.EINVAL;
                }
                MemorySegment.copy(mr.segment, mr.offsetOf(wr.sgeAddress(s)), inline, at + copied, wr.sgeLength(s));
                copied += wr.sgeLength(s);
            }
            sqNumSge[i] = 1;
            sqAddr[i][0] = -1;      // marks inline data
            sqLen[i][0] = copied;
        } else {
            for (int s = 0; s < n; s++) {
                sqAddr[i][s] = wr.sgeAddress(s);
                sqLen[i][s] = wr.sgeLength(s);
                sqLkey[i][s] = wr.sgeLkey(s);
            }
        }
        sqCount++;
        if (!waitingRnr) {
            progress();     // behind an RNR-blocked head a request waits for the head's retry
        }
        return Errno.OK;
    }

    int postRecv(long wrId, long address, int length, int lkey) {
        if (destroyed || state == QpState.RESET) {
            return Errno.EINVAL;
        }
        if (rqCount == maxRecvWr) {
            return Errno.ENOMEM;
        }
        if (state == QpState.ERR) {
            recvCq.add(wrId, WcStatus.WR_FLUSH_ERR, WC_RECV, 0, 0, 0, qpn, 0);
            return Errno.OK;
        }
        int i = (rqHead + rqCount) % maxRecvWr;
        rqWrId[i] = wrId;
        rqAddr[i] = address;
        rqLen[i] = length;
        rqLkey[i] = lkey;
        rqCount++;
        return Errno.OK;
    }

    // ------------------------------------------------------------------ execution

    /** Executes queued sends from the head until the queue is empty or the head is receiver-not-ready. */
    void progress() {
        while (sqCount > 0) {
            if (state == QpState.ERR) {
                flush();
                return;
            }
            int i = sqHead;
            int status = type == QpType.RC ? executeRc(i) : executeUd(i);
            if (status == RNR) {
                device.fabric().countRnr();
                if (rnrRetry != RNR_INFINITE && rnrAttempts >= rnrRetry) {
                    completeHead(WcStatus.RNR_RETRY_EXC_ERR, 0);
                    enterError();
                    continue;
                }
                rnrAttempts++;
                waitingRnr = true;
                return;     // retried at the next tick
            }
            rnrAttempts = 0;
            completeHead(status, requestLength(i));
            if (status != WcStatus.SUCCESS) {
                enterError();
            }
        }
    }

    /** One device tick: retries a receiver-not-ready head. */
    void tick() {
        if (waitingRnr && sqCount > 0 && state == QpState.RTS) {
            waitingRnr = false;
            progress();
        }
    }

    private void completeHead(int status, int length) {
        int i = sqHead;
        boolean signaled = signalAll || (sqFlags[i] & SEND_SIGNALED) != 0;
        if (status != WcStatus.SUCCESS || signaled) {
            // Errors are always reported, whether the request was signalled or not.
            sendCq.add(sqWrId[i], status, wcOpcode(sqOpcode[i]), length, 0, 0, qpn, 0);
        }
        sqAh[i] = null;
        sqHead = (sqHead + 1) % maxSendWr;
        sqCount--;
    }

    private static int wcOpcode(int wrOpcode) {
        return switch (wrOpcode) {
            case WR_RDMA_WRITE, WR_RDMA_WRITE_WITH_IMM -> WC_RDMA_WRITE;
            case WR_RDMA_READ -> WC_RDMA_READ;
            default -> WC_SEND;
        };
    }

    private int requestLength(int i) {
        int total = 0;
        for (int s = 0; s < sqNumSge[i]; s++) {
            total += sqLen[i][s];
        }
        return total;
    }

    private boolean isInline(int i) {
        return sqNumSge[i] == 1 && sqAddr[i][0] == -1;
    }

    /** Whether every gather entry of request {@code i} lies in a region of this queue pair's domain. */
    private boolean localEntriesValid(int i, boolean needWrite) {
        if (isInline(i)) {
            return !needWrite;
        }
        for (int s = 0; s < sqNumSge[i]; s++) {
            SimMemoryRegion mr = device.regionFor(sqLkey[i][s], sqAddr[i][s], sqLen[i][s]);
            if (mr == null || mr.pd != pd || (needWrite && (mr.access & ACCESS_LOCAL_WRITE) == 0)) {
                return false;
            }
        }
        return true;
    }

    /** Copies request {@code i}'s gather list into {@code target} at {@code offset}. */
    private void gather(int i, MemorySegment target, long offset) {
        if (isInline(i)) {
            MemorySegment.copy(inline, (long) i * maxInline, target, offset, sqLen[i][0]);
            return;
        }
        long at = offset;
        for (int s = 0; s < sqNumSge[i]; s++) {
            SimMemoryRegion mr = device.regionFor(sqLkey[i][s], sqAddr[i][s], sqLen[i][s]);
            MemorySegment.copy(mr.segment, mr.offsetOf(sqAddr[i][s]), target, at, sqLen[i][s]);
            at += sqLen[i][s];
        }
    }

    private int executeRc(int i) {
        int injected = device.takeInjectedSendFailure();
        if (injected != WcStatus.SUCCESS) {
            return injected;        // fault injection (InProcessFabric.failNextSends)
        }
        int op = sqOpcode[i];
        boolean read = op == WR_RDMA_READ;
        if (!localEntriesValid(i, read)) {
            return WcStatus.LOC_PROT_ERR;
        }
        SimQueuePair peer = device.fabric().queuePair(destIp, destQpn);
        if (peer == null || peer.type != QpType.RC || peer.destQpn != qpn
                || (peer.state != QpState.RTR && peer.state != QpState.RTS)) {
            // Nobody answers: the requester retries retry_cnt times and gives up (IBA §9.7.5.1.3).
            return WcStatus.RETRY_EXC_ERR;
        }
        int length = requestLength(i);
        switch (op) {
            case WR_SEND, WR_SEND_WITH_IMM -> {
                if (peer.rqCount == 0) {
                    return RNR;
                }
                int r = peer.rqHead;
                SimMemoryRegion target = peer.device.regionFor(peer.rqLkey[r], peer.rqAddr[r], peer.rqLen[r]);
                if (target == null || target.pd != peer.pd || (target.access & ACCESS_LOCAL_WRITE) == 0) {
                    peer.completeReceive(WcStatus.LOC_PROT_ERR, WC_RECV, 0, 0, 0);
                    peer.enterError();
                    return WcStatus.REM_OP_ERR;
                }
                if (length > peer.rqLen[r]) {
                    peer.completeReceive(WcStatus.LOC_LEN_ERR, WC_RECV, 0, 0, 0);
                    peer.enterError();
                    return WcStatus.REM_INV_REQ_ERR;
                }
                gather(i, target.segment, target.offsetOf(peer.rqAddr[r]));
                boolean imm = op == WR_SEND_WITH_IMM;
                peer.completeReceive(WcStatus.SUCCESS, WC_RECV, length, imm ? sqImm[i] : 0, imm ? WC_WITH_IMM : 0);
                return WcStatus.SUCCESS;
            }
            case WR_RDMA_WRITE, WR_RDMA_WRITE_WITH_IMM -> {
                boolean imm = op == WR_RDMA_WRITE_WITH_IMM;
                if (imm && peer.rqCount == 0) {
                    return RNR;
                }
                SimMemoryRegion remote = peer.remoteRegion(sqRkey[i], sqRemoteAddr[i], length, ACCESS_REMOTE_WRITE);
                if (remote == null) {
                    peer.enterError();
                    return WcStatus.REM_ACCESS_ERR;
                }
                gather(i, remote.segment, remote.offsetOf(sqRemoteAddr[i]));
                if (imm) {
                    peer.completeReceive(WcStatus.SUCCESS, WC_RECV_RDMA_WITH_IMM, length, sqImm[i], WC_WITH_IMM);
                }
                return WcStatus.SUCCESS;
            }
            case WR_RDMA_READ -> {
                SimMemoryRegion remote = peer.remoteRegion(sqRkey[i], sqRemoteAddr[i], length, ACCESS_REMOTE_READ);
                if (remote == null) {
                    peer.enterError();
                    return WcStatus.REM_ACCESS_ERR;
                }
                long from = remote.offsetOf(sqRemoteAddr[i]);
                for (int s = 0; s < sqNumSge[i]; s++) {
                    SimMemoryRegion mr = device.regionFor(sqLkey[i][s], sqAddr[i][s], sqLen[i][s]);
                    MemorySegment.copy(remote.segment, from, mr.segment, mr.offsetOf(sqAddr[i][s]), sqLen[i][s]);
                    from += sqLen[i][s];
                }
                return WcStatus.SUCCESS;
            }
            default -> {
                return WcStatus.LOC_QP_OP_ERR;
            }
        }
    }

    private int executeUd(int i) {
        int op = sqOpcode[i];
        if (op != WR_SEND && op != WR_SEND_WITH_IMM) {
            return WcStatus.LOC_QP_OP_ERR;      // UD carries SENDs only
        }
        if (!localEntriesValid(i, false)) {
            return WcStatus.LOC_PROT_ERR;
        }
        int length = requestLength(i);
        if (length > device.mtuBytes()) {
            return WcStatus.LOC_LEN_ERR;        // a UD message is at most one path MTU (IBA §9.8.1)
        }
        SimAddressHandle ah = sqAh[i];
        if (ah == null || ah.destroyed || ah.pd != pd) {
            return WcStatus.LOC_QP_OP_ERR;
        }
        SimQueuePair target = device.fabric().queuePair(ah.destinationIp, sqRemoteQpn[i]);
        if (target == null || target.type != QpType.UD || (target.state != QpState.RTR && target.state != QpState.RTS)
                || target.qkey != sqRemoteQkey[i] || target.rqCount == 0) {
            device.fabric().countUdDrop();      // unreliable: lost without a trace at the sender
            return WcStatus.SUCCESS;
        }
        int r = target.rqHead;
        SimMemoryRegion buffer = target.device.regionFor(target.rqLkey[r], target.rqAddr[r], target.rqLen[r]);
        if (buffer == null || buffer.pd != target.pd || (buffer.access & ACCESS_LOCAL_WRITE) == 0) {
            target.completeReceive(WcStatus.LOC_PROT_ERR, WC_RECV, 0, 0, 0);
            target.enterError();
            return WcStatus.SUCCESS;
        }
        if (GRH_BYTES + length > target.rqLen[r]) {
            target.completeReceive(WcStatus.LOC_LEN_ERR, WC_RECV, 0, 0, 0);
            return WcStatus.SUCCESS;
        }
        long at = buffer.offsetOf(target.rqAddr[r]);
        writeGrh(buffer.segment, at, length, device.ipv4(), target.device.ipv4());
        gather(i, buffer.segment, at + GRH_BYTES);
        boolean imm = op == WR_SEND_WITH_IMM;
        target.completeReceive(WcStatus.SUCCESS, WC_RECV, GRH_BYTES + length, imm ? sqImm[i] : 0,
                WC_GRH | (imm ? WC_WITH_IMM : 0), qpn);
        return WcStatus.SUCCESS;
    }

    /** The 40-byte Global Route Header in front of a UD message (IBA §8.3.1): IPv6-shaped, GIDs IPv4-mapped. */
    private static void writeGrh(MemorySegment s, long at, int payload, int sourceIp, int destinationIp) {
        s.set(BE_INT, at, 0x6000_0000);                 // IP version 6, traffic class 0, flow label 0
        s.set(BE_SHORT, at + 4, (short) payload);
        s.set(ValueLayout.JAVA_BYTE, at + 6, (byte) 0x1B); // next header: IBA BTH
        s.set(ValueLayout.JAVA_BYTE, at + 7, (byte) 64);   // hop limit
        writeMappedGid(s, at + 8, sourceIp);
        writeMappedGid(s, at + 24, destinationIp);
    }

    private static void writeMappedGid(MemorySegment s, long at, int ip) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0L);     // no slice: the device allocates nothing per message
        s.set(BE_SHORT, at + 8, (short) 0);
        s.set(BE_SHORT, at + 10, (short) 0xFFFF);
        s.set(BE_INT, at + 12, ip);
    }

    /** The region behind a remote key, if it grants {@code right} over the range and this queue pair allows it. */
    private SimMemoryRegion remoteRegion(int rkey, long address, int length, int right) {
        SimMemoryRegion mr = device.regionFor(rkey, address, length);
        if (mr == null || mr.pd != pd || (mr.access & right) == 0 || (accessFlags & right) == 0) {
            return null;
        }
        return mr;
    }

    private void completeReceive(int status, int opcode, int length, int imm, int flags) {
        completeReceive(status, opcode, length, imm, flags, destQpn);
    }

    private void completeReceive(int status, int opcode, int length, int imm, int flags, int source) {
        int r = rqHead;
        recvCq.add(rqWrId[r], status, opcode, length, imm, flags, qpn, source);
        rqHead = (rqHead + 1) % maxRecvWr;
        rqCount--;
    }

    // ------------------------------------------------------------------ states

    /** Moves to ERR and flushes both queues. */
    void enterError() {
        state = QpState.ERR;
        rnrAttempts = 0;
        waitingRnr = false;
        flush();
    }

    private void flush() {
        while (sqCount > 0) {
            completeHead(WcStatus.WR_FLUSH_ERR, 0);
        }
        while (rqCount > 0) {
            completeReceive(WcStatus.WR_FLUSH_ERR, WC_RECV, 0, 0, 0);
        }
        for (int i = 0; i < hiddenCount; i++) {
            recvCq.add(hiddenWrIds[i], WcStatus.WR_FLUSH_ERR, WC_RECV, 0, 0, 0, qpn, 0);
        }
        hiddenCount = 0;
    }

    /**
     * Hides every posted receive from incoming messages (fault injection), so the next SEND meets a receiver-not-ready
     * NAK; they still belong to the queue pair and complete flushed when it goes to ERR. Returns how many.
     */
    int discardReceives() {
        int n = rqCount;
        if (hiddenCount + n > hiddenWrIds.length) {
            hiddenWrIds = java.util.Arrays.copyOf(hiddenWrIds, hiddenCount + n);
        }
        for (int k = 0; k < n; k++) {
            hiddenWrIds[hiddenCount++] = rqWrId[(rqHead + k) % maxRecvWr];
        }
        rqHead = 0;
        rqCount = 0;
        return n;
    }

    /** RESET discards every queued request without completions (ibv_modify_qp(3)). */
    void reset() {
        state = QpState.RESET;
        for (int i = 0; i < maxSendWr; i++) {
            sqAh[i] = null;
        }
        sqHead = 0;
        sqCount = 0;
        rqHead = 0;
        rqCount = 0;
        hiddenCount = 0;
        rnrAttempts = 0;
        waitingRnr = false;
        destQpn = 0;
        destIp = 0;
    }

    @Override
    public String toString() {
        return type + " qp 0x" + Integer.toHexString(qpn) + " " + state;
    }
}
