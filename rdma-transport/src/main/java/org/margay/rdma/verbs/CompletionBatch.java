package org.margay.rdma.verbs;

/**
 * Work completions ({@code struct ibv_wc}) polled from a completion queue, as parallel arrays that
 * {@link Verbs#pollCq} fills from index 0: reused from poll to poll, so polling allocates nothing.
 */
public final class CompletionBatch {
    private final long[] wrId;
    private final int[] status;
    private final int[] opcode;
    private final int[] byteLen;
    private final int[] imm;
    private final int[] flags;
    private final int[] qpNum;
    private final int[] srcQp;
    private int count;

    /** A batch of up to {@code capacity} completions per poll. */
    public CompletionBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        wrId = new long[capacity];
        status = new int[capacity];
        opcode = new int[capacity];
        byteLen = new int[capacity];
        imm = new int[capacity];
        flags = new int[capacity];
        qpNum = new int[capacity];
        srcQp = new int[capacity];
    }

    /** How many completions one poll may return. */
    public int capacity() {
        return wrId.length;
    }

    /** How many the last poll returned. */
    public int count() {
        return count;
    }

    /** Empties the batch (called by the poll before filling it). */
    public void reset() {
        count = 0;
    }

    /** Appends one completion; for {@link Verbs} implementations. Returns false when full. */
    public boolean add(long id, int st, int op, int length, int immediate, int wcFlags, int qp, int source) {
        if (count == wrId.length) {
            return false;
        }
        int i = count++;
        wrId[i] = id;
        status[i] = st;
        opcode[i] = op;
        byteLen[i] = length;
        imm[i] = immediate;
        flags[i] = wcFlags;
        qpNum[i] = qp;
        srcQp[i] = source;
        return true;
    }

    /** Whether the batch is full. */
    public boolean isFull() {
        return count == wrId.length;
    }

    public long wrId(int i) {
        return wrId[i];
    }

    /** An {@link WcStatus} code. */
    public int status(int i) {
        return status[i];
    }

    /** An {@code ibv_wc_opcode} ({@link VerbsConstants#WC_SEND}, ...); only valid when the status is SUCCESS. */
    public int opcode(int i) {
        return opcode[i];
    }

    public int byteLen(int i) {
        return byteLen[i];
    }

    /** The immediate data, in host order, when {@link #flags} has {@link VerbsConstants#WC_WITH_IMM}. */
    public int imm(int i) {
        return imm[i];
    }

    /** {@code ibv_wc_flags}. */
    public int flags(int i) {
        return flags[i];
    }

    public int qpNum(int i) {
        return qpNum[i];
    }

    /** The sending queue pair of a received UD message. */
    public int srcQp(int i) {
        return srcQp[i];
    }
}
