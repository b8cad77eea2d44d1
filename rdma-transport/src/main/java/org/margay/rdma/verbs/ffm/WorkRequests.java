package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.margay.rdma.verbs.ffm.IbvLayout.RECV_WR_NEXT;
import static org.margay.rdma.verbs.ffm.IbvLayout.RECV_WR_NUM_SGE;
import static org.margay.rdma.verbs.ffm.IbvLayout.RECV_WR_SG_LIST;
import static org.margay.rdma.verbs.ffm.IbvLayout.RECV_WR_SIZE;
import static org.margay.rdma.verbs.ffm.IbvLayout.RECV_WR_WR_ID;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_IMM_DATA;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_NEXT;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_NUM_SGE;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_OPCODE;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_RDMA_REMOTE_ADDR;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_RDMA_RKEY;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_SEND_FLAGS;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_SG_LIST;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_SIZE;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_UD_AH;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_UD_REMOTE_QKEY;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_UD_REMOTE_QPN;
import static org.margay.rdma.verbs.ffm.IbvLayout.SEND_WR_WR_ID;
import static org.margay.rdma.verbs.ffm.IbvLayout.SGE_ADDR;
import static org.margay.rdma.verbs.ffm.IbvLayout.SGE_LENGTH;
import static org.margay.rdma.verbs.ffm.IbvLayout.SGE_LKEY;
import static org.margay.rdma.verbs.ffm.IbvLayout.SGE_SIZE;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_BYTE_LEN;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_IMM_DATA;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_OPCODE;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_QP_NUM;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_SIZE;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_SRC_QP;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_STATUS;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_WC_FLAGS;
import static org.margay.rdma.verbs.ffm.IbvLayout.WC_WR_ID;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.SendRequest;

/**
 * The binding's data path: one {@code ibv_send_wr} with {@value SendRequest#MAX_SGE} {@code ibv_sge}s, one
 * {@code ibv_recv_wr} and {@value #WC_BATCH} {@code ibv_wc}s, preallocated once, filled or read at the offsets of
 * {@link IbvLayout} and handed to rdma-core's inline {@code ibv_post_send}, {@code ibv_post_recv} and
 * {@code ibv_poll_cq} through the shim (which dispatch through {@code context->ops} to the provider). Immediate data
 * is stored and read big-endian, as rdma-core's {@code __be32} requires. Allocation-free; single-threaded; never
 * throws (the provider's return codes are returned).
 */
final class WorkRequests {
    /** Work completions read per poll. */
    static final int WC_BATCH = 64;

    private final MemorySegment sendWr;
    private final MemorySegment sges;
    private final MemorySegment recvWr;
    private final MemorySegment recvSge;
    private final MemorySegment badWr;
    private final MemorySegment wcs;

    /** Native structs from {@code arena}, which must outlive this object. */
    WorkRequests(Arena arena) {
        this.sendWr = arena.allocate(SEND_WR_SIZE, 8);
        this.sges = arena.allocate(SGE_SIZE * SendRequest.MAX_SGE, 8);
        this.recvWr = arena.allocate(RECV_WR_SIZE, 8);
        this.recvSge = arena.allocate(SGE_SIZE, 8);
        this.badWr = arena.allocate(ADDRESS);
        this.wcs = arena.allocate(WC_SIZE * WC_BATCH, 8);
    }

    /** Posts {@code r} on {@code qp} ({@code ibv_post_send}); the provider's return code (0 = posted). */
    int postSend(FfmVerbs.Qp qp, SendRequest r) {
        int n = r.numSge();
        for (int i = 0; i < n; i++) {
            long at = i * SGE_SIZE;
            sges.set(JAVA_LONG, at + SGE_ADDR, r.sgeAddress(i));
            sges.set(JAVA_INT, at + SGE_LENGTH, r.sgeLength(i));
            sges.set(JAVA_INT, at + SGE_LKEY, r.sgeLkey(i));
        }
        sendWr.set(JAVA_LONG, SEND_WR_WR_ID, r.wrId());
        sendWr.set(ADDRESS, SEND_WR_NEXT, MemorySegment.NULL);
        sendWr.set(ADDRESS, SEND_WR_SG_LIST, sges);
        sendWr.set(JAVA_INT, SEND_WR_NUM_SGE, n);
        sendWr.set(JAVA_INT, SEND_WR_OPCODE, r.opcode());
        sendWr.set(JAVA_INT, SEND_WR_SEND_FLAGS, r.flags());
        sendWr.set(JAVA_INT, SEND_WR_IMM_DATA, Integer.reverseBytes(r.imm()));       // __be32
        if (qp.type() == QpType.UD) {
            sendWr.set(ADDRESS, SEND_WR_UD_AH, ((FfmVerbs.Ah) r.ah()).ptr);
            sendWr.set(JAVA_INT, SEND_WR_UD_REMOTE_QPN, r.remoteQpn());
            sendWr.set(JAVA_INT, SEND_WR_UD_REMOTE_QKEY, r.remoteQkey());
        } else {
            sendWr.set(JAVA_LONG, SEND_WR_RDMA_REMOTE_ADDR, r.remoteAddress());
            sendWr.set(JAVA_INT, SEND_WR_RDMA_RKEY, r.rkey());
            sendWr.set(JAVA_INT, SEND_WR_RDMA_RKEY + 4, 0);
        }
        return Ibv.postSend(qp.ptr, sendWr, badWr);
    }

    /** Posts one single-entry receive on {@code qp} ({@code ibv_post_recv}); the provider's return code. */
    int postRecv(FfmVerbs.Qp qp, long wrId, long address, int length, int lkey) {
        recvSge.set(JAVA_LONG, SGE_ADDR, address);
        recvSge.set(JAVA_INT, SGE_LENGTH, length);
        recvSge.set(JAVA_INT, SGE_LKEY, lkey);
        recvWr.set(JAVA_LONG, RECV_WR_WR_ID, wrId);
        recvWr.set(ADDRESS, RECV_WR_NEXT, MemorySegment.NULL);
        recvWr.set(ADDRESS, RECV_WR_SG_LIST, recvSge);
        recvWr.set(JAVA_INT, RECV_WR_NUM_SGE, 1);
        return Ibv.postRecv(qp.ptr, recvWr, badWr);
    }

    /** Polls up to {@code out}'s capacity (at most {@value #WC_BATCH}) completions into {@code out}; -EIO on error. */
    int pollCq(FfmVerbs.Cq cq, CompletionBatch out) {
        out.reset();
        int n = Ibv.pollCq(cq.ptr, Math.min(out.capacity(), WC_BATCH), wcs);
        if (n < 0) {
            return -Errno.EIO;
        }
        for (int i = 0; i < n; i++) {
            long at = i * WC_SIZE;
            out.add(wcs.get(JAVA_LONG, at + WC_WR_ID), wcs.get(JAVA_INT, at + WC_STATUS), wcs.get(JAVA_INT, at + WC_OPCODE),
                    wcs.get(JAVA_INT, at + WC_BYTE_LEN), Integer.reverseBytes(wcs.get(JAVA_INT, at + WC_IMM_DATA)),
                    wcs.get(JAVA_INT, at + WC_WC_FLAGS), wcs.get(JAVA_INT, at + WC_QP_NUM), wcs.get(JAVA_INT, at + WC_SRC_QP));
        }
        return n;
    }

    /** The {@code bad_wr} out-parameter of the last post (what the provider refused), for diagnostics. */
    MemorySegment badWr() {
        return badWr.get(ADDRESS, 0);
    }
}
