package org.margay.rdma.verbs.inproc;

import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.CompletionQueue;

/**
 * A completion queue of the in-process device: a ring of preallocated completion records. When it is full the
 * next completion overflows it; as on hardware (an {@code IBV_EVENT_CQ_ERR}), the queue is then broken and every
 * poll answers {@code -EOVERFLOW}.
 */
final class SimCompletionQueue implements CompletionQueue {
    private static final int EOVERFLOW = 75;

    private final int capacity;
    private final long[] wrId;
    private final int[] status;
    private final int[] opcode;
    private final int[] byteLen;
    private final int[] imm;
    private final int[] flags;
    private final int[] qpNum;
    private final int[] srcQp;
    private int head;
    private int count;
    boolean overflowed;
    boolean destroyed;
    int users;

    SimCompletionQueue(int capacity) {
        this.capacity = capacity;
        wrId = new long[capacity];
        status = new int[capacity];
        opcode = new int[capacity];
        byteLen = new int[capacity];
        imm = new int[capacity];
        flags = new int[capacity];
        qpNum = new int[capacity];
        srcQp = new int[capacity];
    }

    @Override
    public int capacity() {
        return capacity;
    }

    void add(long id, int st, int op, int length, int immediate, int wcFlags, int qp, int source) {
        if (count == capacity) {
            overflowed = true;
            return;
        }
        int i = (head + count) % capacity;
        wrId[i] = id;
        status[i] = st;
        opcode[i] = op;
        byteLen[i] = length;
        imm[i] = immediate;
        flags[i] = wcFlags;
        qpNum[i] = qp;
        srcQp[i] = source;
        count++;
    }

    int poll(CompletionBatch out) {
        out.reset();
        if (destroyed) {
            return -Errno.EINVAL;
        }
        if (overflowed) {
            return -EOVERFLOW;
        }
        while (count > 0 && !out.isFull()) {
            int i = head;
            out.add(wrId[i], status[i], opcode[i], byteLen[i], imm[i], flags[i], qpNum[i], srcQp[i]);
            head = (head + 1) % capacity;
            count--;
        }
        return out.count();
    }

    int pending() {
        return count;
    }
}
