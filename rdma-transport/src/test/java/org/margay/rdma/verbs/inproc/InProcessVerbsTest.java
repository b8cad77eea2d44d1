package org.margay.rdma.verbs.inproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.rdma.verbs.VerbsConstants.ACCESS_LOCAL_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.ACCESS_REMOTE_READ;
import static org.margay.rdma.verbs.VerbsConstants.ACCESS_REMOTE_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.SEND_INLINE;
import static org.margay.rdma.verbs.VerbsConstants.SEND_SIGNALED;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_READ;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_WRITE;
import static org.margay.rdma.verbs.VerbsConstants.WR_RDMA_WRITE_WITH_IMM;
import static org.margay.rdma.verbs.VerbsConstants.WR_SEND;
import static org.margay.rdma.verbs.VerbsConstants.WR_SEND_WITH_IMM;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.AddressHandle;
import org.margay.rdma.verbs.AhAttributes;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.CompletionQueue;
import org.margay.rdma.verbs.MemoryRegion;
import org.margay.rdma.verbs.ProtectionDomain;
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
 * The in-process verbs device behaves as rdma-core documents: the queue pair state machine and its required
 * attributes, memory keys and bounds, SEND/RECV with immediate data, RDMA WRITE and READ with their access rights,
 * receiver-not-ready NAKs and retries, length errors, flushing in ERR, UD with its Global Route Header, and
 * completion queue overflow.
 */
class InProcessVerbsTest {
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;

    private final Arena arena = Arena.ofShared();
    private final InProcessFabric fabric = new InProcessFabric("verbs-test");
    private final InProcessVerbs a = fabric.attach(A);
    private final InProcessVerbs b = fabric.attach(B);
    private final ProtectionDomain pdA = a.allocPd();
    private final ProtectionDomain pdB = b.allocPd();
    private final CompletionQueue cqA = a.createCq(64);
    private final CompletionQueue cqB = b.createCq(64);
    private final MemorySegment memA = arena.allocate(8192, 64);
    private final MemorySegment memB = arena.allocate(8192, 64);
    private final MemoryRegion mrA = a.register(pdA, memA, ACCESS_LOCAL_WRITE | ACCESS_REMOTE_READ | ACCESS_REMOTE_WRITE);
    private final MemoryRegion mrB = b.register(pdB, memB, ACCESS_LOCAL_WRITE | ACCESS_REMOTE_READ | ACCESS_REMOTE_WRITE);
    private final CompletionBatch wc = new CompletionBatch(16);
    private final SendRequest sr = new SendRequest();

    @AfterEach
    void close() {
        a.close();
        b.close();
        arena.close();
    }

    private QueuePair rc(InProcessVerbs dev, ProtectionDomain pd, CompletionQueue cq) {
        return dev.createQp(pd, new QpInitAttributes(QpType.RC, cq, cq, 16, 16, 4, 1, 64, false));
    }

    private static void toInit(InProcessVerbs dev, QueuePair qp, int access) {
        dev.modifyQp(qp, new QpAttributes().state(QpState.INIT).pkeyIndex(0).portNum(1).accessFlags(access));
    }

    private static void toRts(InProcessVerbs dev, QueuePair qp, int peerIp, int peerQpn, int rnrRetry) {
        dev.modifyQp(qp, new QpAttributes().state(QpState.RTR).path(AhAttributes.toIpv4(peerIp)).pathMtu(VerbsConstants.MTU_4096)
                .destQpNum(peerQpn).rqPsn(0).maxDestRdAtomic(1).minRnrTimer(12));
        dev.modifyQp(qp, new QpAttributes().state(QpState.RTS).sqPsn(0).timeout(14).retryCount(7).rnrRetry(rnrRetry).maxRdAtomic(1));
    }

    /** Two connected RC queue pairs (a → b) allowing every remote access. */
    private QueuePair[] connected(int rnrRetry) {
        int all = ACCESS_LOCAL_WRITE | ACCESS_REMOTE_READ | ACCESS_REMOTE_WRITE;
        QueuePair qa = rc(a, pdA, cqA);
        QueuePair qb = rc(b, pdB, cqB);
        toInit(a, qa, all);
        toInit(b, qb, all);
        toRts(a, qa, B, qb.qpNum(), rnrRetry);
        toRts(b, qb, A, qa.qpNum(), rnrRetry);
        return new QueuePair[] {qa, qb};
    }

    private int poll(InProcessVerbs dev, CompletionQueue cq) {
        int n = dev.pollCq(cq, wc);
        assertTrue(n >= 0, "poll returned " + n);
        return n;
    }

    private void send(InProcessVerbs dev, QueuePair qp, long id, int opcode, long addr, int length, int lkey) {
        sr.clear().set(id, opcode, SEND_SIGNALED);
        sr.addSge(addr, length, lkey);
        assertEquals(Errno.OK, dev.postSend(qp, sr));
    }

    // ------------------------------------------------------------------ state machine

    @Test
    void aQueuePairWalksResetInitRtrRts() {
        QueuePair qp = rc(a, pdA, cqA);
        assertEquals(QpState.RESET, qp.state());
        toInit(a, qp, ACCESS_LOCAL_WRITE);
        assertEquals(QpState.INIT, qp.state());
        toRts(a, qp, B, 0x999, 7);
        assertEquals(QpState.RTS, qp.state());
        a.modifyQp(qp, new QpAttributes().state(QpState.ERR));
        assertEquals(QpState.ERR, qp.state());
        a.modifyQp(qp, new QpAttributes().state(QpState.RESET));
        assertEquals(QpState.RESET, qp.state());
    }

    @Test
    void illegalTransitionsAndMissingAttributesAreRefused() {
        QueuePair qp = rc(a, pdA, cqA);
        VerbsException skip = assertThrows(VerbsException.class, () -> a.modifyQp(qp, new QpAttributes().state(QpState.RTS)));
        assertEquals(Errno.EINVAL, skip.errno());
        assertTrue(skip.getMessage().contains("RESET→RTS"), skip.getMessage());
        VerbsException missing = assertThrows(VerbsException.class, () -> a.modifyQp(qp, new QpAttributes().state(QpState.INIT).portNum(1)));
        assertTrue(missing.getMessage().contains("IBV_QP_PKEY_INDEX") && missing.getMessage().contains("IBV_QP_ACCESS_FLAGS"),
                missing.getMessage());
        toInit(a, qp, ACCESS_LOCAL_WRITE);
        VerbsException rtr = assertThrows(VerbsException.class,
                () -> a.modifyQp(qp, new QpAttributes().state(QpState.RTR).destQpNum(5)));
        assertTrue(rtr.getMessage().contains("IBV_QP_AV") && rtr.getMessage().contains("IBV_QP_MIN_RNR_TIMER"), rtr.getMessage());
        assertEquals(QpState.INIT, qp.state(), "a refused modify changes nothing");
        assertThrows(VerbsException.class, () -> a.modifyQp(qp, new QpAttributes().state(QpState.INIT).pkeyIndex(0).portNum(2)
                .accessFlags(0)), "port 2 does not exist");
    }

    @Test
    void sendsNeedRtsAndReceivesNeedInit() {
        QueuePair qp = rc(a, pdA, cqA);
        assertEquals(Errno.EINVAL, a.postRecv(qp, 1, mrA.address(), 64, mrA.lkey()), "RESET takes no receive");
        toInit(a, qp, ACCESS_LOCAL_WRITE);
        assertEquals(Errno.OK, a.postRecv(qp, 1, mrA.address(), 64, mrA.lkey()), "INIT takes receives");
        sr.clear().set(1, WR_SEND, SEND_SIGNALED);
        assertEquals(Errno.EINVAL, a.postSend(qp, sr), "INIT takes no send");
    }

    @Test
    void aFullQueueIsNoMemory() {
        QueuePair[] p = connected(7);
        for (int i = 0; i < 16; i++) {
            assertEquals(Errno.OK, b.postRecv(p[1], i, mrB.address(), 64, mrB.lkey()));
        }
        assertEquals(Errno.ENOMEM, b.postRecv(p[1], 99, mrB.address(), 64, mrB.lkey()));
    }

    // ------------------------------------------------------------------ SEND/RECV

    @Test
    void sendWithImmediateLandsInThePostedReceive() {
        QueuePair[] p = connected(7);
        memA.setString(0, "hello, verbs");
        assertEquals(Errno.OK, b.postRecv(p[1], 77, mrB.address() + 100, 200, mrB.lkey()));
        sr.clear().set(5, WR_SEND_WITH_IMM, SEND_SIGNALED).imm(0xCAFE);
        sr.addSge(mrA.address(), 6, mrA.lkey());
        sr.addSge(mrA.address() + 6, 7, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(p[0], sr));
        assertEquals(1, poll(a, cqA));
        assertEquals(5, wc.wrId(0));
        assertEquals(WcStatus.SUCCESS, wc.status(0));
        assertEquals(VerbsConstants.WC_SEND, wc.opcode(0));
        assertEquals(1, poll(b, cqB));
        assertEquals(77, wc.wrId(0));
        assertEquals(VerbsConstants.WC_RECV, wc.opcode(0));
        assertEquals(13, wc.byteLen(0));
        assertEquals(0xCAFE, wc.imm(0));
        assertTrue((wc.flags(0) & VerbsConstants.WC_WITH_IMM) != 0);
        assertEquals(p[0].qpNum(), wc.srcQp(0));
        assertEquals("hello, verbs", memB.getString(100));
    }

    @Test
    void unsignalledSendsCompleteSilentlyUnlessTheyFail() {
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 1, mrB.address(), 64, mrB.lkey());
        sr.clear().set(1, WR_SEND, 0);
        sr.addSge(mrA.address(), 8, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(p[0], sr));
        assertEquals(0, poll(a, cqA), "no completion for an unsignalled success");
    }

    @Test
    void inlineDataIsCopiedAtPostTime() {
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 1, mrB.address(), 64, mrB.lkey());
        b.postRecv(p[1], 2, mrB.address() + 64, 64, mrB.lkey());
        memA.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x1122334455667788L);
        sr.clear().set(1, WR_SEND, SEND_SIGNALED | SEND_INLINE);
        sr.addSge(mrA.address(), 8, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(p[0], sr));
        memA.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0);
        assertEquals(0x1122334455667788L, memB.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        sr.clear().set(2, WR_SEND, SEND_SIGNALED | SEND_INLINE);
        sr.addSge(mrA.address(), 100, mrA.lkey());
        assertEquals(Errno.EINVAL, a.postSend(p[0], sr), "more than max_inline_data");
    }

    @Test
    void aMessageLongerThanTheReceiveIsALengthError() {
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 9, mrB.address(), 16, mrB.lkey());
        b.postRecv(p[1], 10, mrB.address(), 16, mrB.lkey());
        send(a, p[0], 1, WR_SEND, mrA.address(), 32, mrA.lkey());
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.REM_INV_REQ_ERR, wc.status(0));
        assertEquals(QpState.ERR, p[0].state());
        assertEquals(2, poll(b, cqB));
        assertEquals(WcStatus.LOC_LEN_ERR, wc.status(0));
        assertEquals(WcStatus.WR_FLUSH_ERR, wc.status(1), "the responder's other receives are flushed");
        assertEquals(QpState.ERR, p[1].state());
    }

    // ------------------------------------------------------------------ memory protection

    @Test
    void anAddressOutsideTheRegionIsAProtectionError() {
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 1, mrB.address(), 64, mrB.lkey());
        send(a, p[0], 1, WR_SEND, mrA.address() + 8190, 16, mrA.lkey());
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.LOC_PROT_ERR, wc.status(0));
        assertEquals(QpState.ERR, p[0].state());
    }

    @Test
    void aKeyOfAnotherDomainOrDeregisteredIsAProtectionError() {
        ProtectionDomain other = a.allocPd();
        MemoryRegion foreign = a.register(other, arena.allocate(256, 64), ACCESS_LOCAL_WRITE);
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 1, mrB.address(), 64, mrB.lkey());
        send(a, p[0], 1, WR_SEND, foreign.address(), 8, foreign.lkey());
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.LOC_PROT_ERR, wc.status(0), "a region of another protection domain");

        QueuePair[] q = connected(7);
        MemoryRegion gone = a.register(pdA, arena.allocate(256, 64), ACCESS_LOCAL_WRITE);
        a.deregister(gone);
        b.postRecv(q[1], 1, mrB.address(), 64, mrB.lkey());
        send(a, q[0], 2, WR_SEND, gone.address(), 8, gone.lkey());
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.LOC_PROT_ERR, wc.status(0), "a stale key");
    }

    @Test
    void remoteWriteNeedsTheRightKeyRightsAndBounds() {
        QueuePair[] p = connected(7);
        memA.setString(0, "written remotely");
        sr.clear().set(1, WR_RDMA_WRITE, SEND_SIGNALED).remote(mrB.address() + 512, mrB.rkey());
        sr.addSge(mrA.address(), 17, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(p[0], sr));
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.SUCCESS, wc.status(0));
        assertEquals(VerbsConstants.WC_RDMA_WRITE, wc.opcode(0));
        assertEquals("written remotely", memB.getString(512));
        assertEquals(0, poll(b, cqB), "a plain WRITE consumes no receive and completes nothing at the responder");

        sr.clear().set(2, WR_RDMA_WRITE, SEND_SIGNALED).remote(mrB.address() + 8190, mrB.rkey());
        sr.addSge(mrA.address(), 17, mrA.lkey());
        a.postSend(p[0], sr);
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.REM_ACCESS_ERR, wc.status(0), "out of the remote region's bounds");
        assertEquals(QpState.ERR, p[0].state());
        assertEquals(QpState.ERR, p[1].state(), "a remote access error puts the responder in error too");
    }

    @Test
    void aRegionWithoutRemoteRightsRefusesWriteAndRead() {
        MemoryRegion local = b.register(pdB, arena.allocate(256, 64), ACCESS_LOCAL_WRITE);
        QueuePair[] p = connected(7);
        sr.clear().set(1, WR_RDMA_READ, SEND_SIGNALED).remote(local.address(), local.rkey());
        sr.addSge(mrA.address(), 16, mrA.lkey());
        a.postSend(p[0], sr);
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.REM_ACCESS_ERR, wc.status(0));
    }

    @Test
    void readCopiesRemoteMemoryIntoLocalEntries() {
        QueuePair[] p = connected(7);
        memB.setString(1000, "remote bytes!");
        sr.clear().set(3, WR_RDMA_READ, SEND_SIGNALED).remote(mrB.address() + 1000, mrB.rkey());
        sr.addSge(mrA.address() + 10, 7, mrA.lkey());
        sr.addSge(mrA.address() + 200, 7, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(p[0], sr));
        assertEquals(1, poll(a, cqA));
        assertEquals(VerbsConstants.WC_RDMA_READ, wc.opcode(0));
        byte[] first = memA.asSlice(10, 7).toArray(ValueLayout.JAVA_BYTE);
        byte[] second = memA.asSlice(200, 7).toArray(ValueLayout.JAVA_BYTE);
        assertEquals("remote ", new String(first));
        assertEquals("bytes!\0", new String(second));
    }

    @Test
    void writeWithImmediateConsumesAReceive() {
        QueuePair[] p = connected(7);
        b.postRecv(p[1], 41, mrB.address(), 16, mrB.lkey());
        memA.setString(0, "imm write");
        sr.clear().set(1, WR_RDMA_WRITE_WITH_IMM, SEND_SIGNALED).imm(7).remote(mrB.address() + 4000, mrB.rkey());
        sr.addSge(mrA.address(), 10, mrA.lkey());
        a.postSend(p[0], sr);
        assertEquals(1, poll(b, cqB));
        assertEquals(41, wc.wrId(0));
        assertEquals(VerbsConstants.WC_RECV_RDMA_WITH_IMM, wc.opcode(0));
        assertEquals(7, wc.imm(0));
        assertEquals(10, wc.byteLen(0));
        assertEquals("imm write", memB.getString(4000));
    }

    // ------------------------------------------------------------------ receiver not ready

    @Test
    void aSendWithNoReceivePostedRetriesThenFails() {
        QueuePair[] p = connected(2);
        send(a, p[0], 1, WR_SEND, mrA.address(), 8, mrA.lkey());
        send(a, p[0], 2, WR_SEND, mrA.address(), 8, mrA.lkey());
        assertEquals(1, fabric.rnrNaks());
        assertEquals(0, poll(a, cqA), "first retry (tick 1) meets another NAK");
        assertEquals(2, poll(a, cqA), "the second retry (tick 2) too: retries exhausted, the request behind it flushed");
        assertEquals(3, fabric.rnrNaks());
        assertEquals(WcStatus.RNR_RETRY_EXC_ERR, wc.status(0));
        assertEquals(1, wc.wrId(0));
        assertEquals(WcStatus.WR_FLUSH_ERR, wc.status(1));
        assertEquals(QpState.ERR, p[0].state());
    }

    @Test
    void aRetriedSendSucceedsOnceAReceiveIsPosted() {
        QueuePair[] p = connected(7);
        send(a, p[0], 1, WR_SEND, mrA.address(), 8, mrA.lkey());
        send(a, p[0], 2, WR_SEND, mrA.address(), 8, mrA.lkey());
        assertEquals(0, poll(a, cqA));
        b.postRecv(p[1], 1, mrB.address(), 64, mrB.lkey());
        b.postRecv(p[1], 2, mrB.address(), 64, mrB.lkey());
        assertEquals(2, poll(a, cqA), "retried at the next tick, in order");
        assertEquals(1, wc.wrId(0));
        assertEquals(2, wc.wrId(1));
        assertEquals(WcStatus.SUCCESS, wc.status(1));
    }

    @Test
    void aPeerThatCannotReceiveExhaustsTheTransportRetries() {
        QueuePair[] p = connected(7);
        b.modifyQp(p[1], new QpAttributes().state(QpState.ERR));
        poll(b, cqB);
        send(a, p[0], 1, WR_SEND, mrA.address(), 8, mrA.lkey());
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.RETRY_EXC_ERR, wc.status(0));
    }

    @Test
    void requestsPostedInErrorAreFlushed() {
        QueuePair[] p = connected(7);
        a.modifyQp(p[0], new QpAttributes().state(QpState.ERR));
        assertEquals(Errno.OK, a.postRecv(p[0], 5, mrA.address(), 8, mrA.lkey()));
        send(a, p[0], 6, WR_SEND, mrA.address(), 8, mrA.lkey());
        assertEquals(2, poll(a, cqA));
        assertEquals(WcStatus.WR_FLUSH_ERR, wc.status(0));
        assertEquals(WcStatus.WR_FLUSH_ERR, wc.status(1));
    }

    // ------------------------------------------------------------------ UD

    private QueuePair ud(InProcessVerbs dev, ProtectionDomain pd, CompletionQueue cq, int qkey) {
        QueuePair qp = dev.createQp(pd, new QpInitAttributes(QpType.UD, cq, cq, 16, 16, 4, 1, 0, false));
        dev.modifyQp(qp, new QpAttributes().state(QpState.INIT).pkeyIndex(0).portNum(1).qkey(qkey));
        dev.modifyQp(qp, new QpAttributes().state(QpState.RTR));
        dev.modifyQp(qp, new QpAttributes().state(QpState.RTS).sqPsn(0));
        return qp;
    }

    @Test
    void aDatagramArrivesBehindAGlobalRouteHeaderNamingItsSource() {
        QueuePair qa = ud(a, pdA, cqA, 0x11);
        QueuePair qb = ud(b, pdB, cqB, 0x11);
        AddressHandle toB = a.createAh(pdA, AhAttributes.toIpv4(B));
        b.postRecv(qb, 3, mrB.address(), 4096 + 40, mrB.lkey());
        memA.setString(0, "datagram");
        sr.clear().set(8, WR_SEND_WITH_IMM, SEND_SIGNALED).imm(4242).ud(toB, qb.qpNum(), 0x11);
        sr.addSge(mrA.address(), 9, mrA.lkey());
        assertEquals(Errno.OK, a.postSend(qa, sr));
        assertEquals(1, poll(b, cqB));
        assertEquals(40 + 9, wc.byteLen(0));
        assertTrue((wc.flags(0) & VerbsConstants.WC_GRH) != 0);
        assertEquals(qa.qpNum(), wc.srcQp(0));
        assertEquals(4242, wc.imm(0));
        assertEquals(A, memB.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 20),
                "the source GID's IPv4 part");
        assertEquals("datagram", memB.getString(40));
    }

    @Test
    void datagramsWithAWrongQkeyOrNoReceiveAreDroppedSilently() {
        QueuePair qa = ud(a, pdA, cqA, 0x11);
        QueuePair qb = ud(b, pdB, cqB, 0x22);
        AddressHandle toB = a.createAh(pdA, AhAttributes.toIpv4(B));
        b.postRecv(qb, 3, mrB.address(), 4096, mrB.lkey());
        sr.clear().set(1, WR_SEND, SEND_SIGNALED).ud(toB, qb.qpNum(), 0x11);
        sr.addSge(mrA.address(), 9, mrA.lkey());
        a.postSend(qa, sr);
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.SUCCESS, wc.status(0), "UD has no acknowledgement: the sender sees success");
        assertEquals(0, poll(b, cqB), "wrong Q_Key: dropped");
        assertEquals(1, fabric.udDrops());
        QueuePair qc = ud(b, pdB, cqB, 0x11);
        sr.clear().set(2, WR_SEND, SEND_SIGNALED).ud(toB, qc.qpNum(), 0x11);
        sr.addSge(mrA.address(), 9, mrA.lkey());
        a.postSend(qa, sr);
        assertEquals(2, fabric.udDrops(), "no receive posted: dropped");
    }

    @Test
    void aDatagramAboveTheMtuIsALengthError() {
        QueuePair qa = ud(a, pdA, cqA, 0x11);
        AddressHandle toB = a.createAh(pdA, AhAttributes.toIpv4(B));
        sr.clear().set(1, WR_SEND, SEND_SIGNALED).ud(toB, 0x123, 0x11);
        sr.addSge(mrA.address(), 4097, mrA.lkey());
        a.postSend(qa, sr);
        assertEquals(1, poll(a, cqA));
        assertEquals(WcStatus.LOC_LEN_ERR, wc.status(0));
    }

    // ------------------------------------------------------------------ completion queues

    @Test
    void aCompletionQueueThatOverflowsIsBroken() {
        CompletionQueue tiny = a.createCq(2);
        QueuePair qp = a.createQp(pdA, new QpInitAttributes(QpType.RC, tiny, tiny, 8, 8, 1, 1, 0, false));
        toInit(a, qp, ACCESS_LOCAL_WRITE);
        for (int i = 0; i < 3; i++) {
            a.postRecv(qp, i, mrA.address(), 8, mrA.lkey());
        }
        a.modifyQp(qp, new QpAttributes().state(QpState.ERR));
        assertTrue(a.pollCq(tiny, wc) < 0, "three flushes into a two-entry queue overflow it");
    }

    @Test
    void resourcesInUseCannotBeDestroyed() {
        QueuePair qp = rc(a, pdA, cqA);
        assertEquals(Errno.EBUSY, assertThrows(VerbsException.class, () -> a.destroyCq(cqA)).errno());
        assertEquals(Errno.EBUSY, assertThrows(VerbsException.class, () -> a.deallocPd(pdA)).errno());
        a.destroyQp(qp);
        a.destroyCq(cqA);
    }

    @Test
    void copiesReachTheRightBytes() {
        QueuePair[] p = connected(7);
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        MemorySegment.copy(data, 0, memA, ValueLayout.JAVA_BYTE, 1000, data.length);
        b.postRecv(p[1], 1, mrB.address() + 50, 4000, mrB.lkey());
        send(a, p[0], 1, WR_SEND, mrA.address() + 1000, 3000, mrA.lkey());
        assertArrayEquals(data, memB.asSlice(50, 3000).toArray(ValueLayout.JAVA_BYTE));
    }
}
