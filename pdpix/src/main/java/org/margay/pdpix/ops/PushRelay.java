package org.margay.pdpix.ops;

import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.spi.AbstractLibOS;

/**
 * The application pushes an operator has forwarded to its inputs and not yet completed: per push, its slot and the
 * internal push tokens (one per target, at most two), plus an error met while forwarding. A push completes when
 * every one of its internal pushes has, successfully when all did, FAILED with the first error otherwise. Entries
 * are kept in push order; arrays grow by doubling (no allocation in steady state). Single-threaded.
 */
final class PushRelay {
    /** What the relay calls back to finish an application push. */
    interface Completion {
        /** Completes (errno 0) or fails the application push in {@code slot}. */
        void finishPush(int slot, int errno);
    }

    private final AbstractLibOS libos;
    private final QResult scratch = new QResult();
    private int[] slot = new int[8];
    private long[] first = new long[8];
    private long[] second = new long[8];
    private int[] error = new int[8];
    private int size;

    PushRelay(AbstractLibOS libos) {
        this.libos = libos;
    }

    /** Records a forwarded push: its internal tokens (0 for none) and an error already met (0 for none). */
    void add(int appSlot, long qt1, long qt2, int err) {
        if (size == slot.length) {
            int n = size * 2;
            slot = java.util.Arrays.copyOf(slot, n);
            first = java.util.Arrays.copyOf(first, n);
            second = java.util.Arrays.copyOf(second, n);
            error = java.util.Arrays.copyOf(error, n);
        }
        slot[size] = appSlot;
        first[size] = qt1;
        second[size] = qt2;
        error[size] = err;
        size++;
    }

    /** Finishes every push whose internal pushes all completed; returns how many. */
    int retire(Completion completion) {
        int finished = 0;
        int w = 0;
        for (int i = 0; i < size; i++) {
            if (isSettled(first[i]) && isSettled(second[i])) {
                int err = error[i];
                err = collect(first[i], err);
                err = collect(second[i], err);
                completion.finishPush(slot[i], err);
                finished++;
            } else {
                slot[w] = slot[i];
                first[w] = first[i];
                second[w] = second[i];
                error[w] = error[i];
                w++;
            }
        }
        size = w;
        return finished;
    }

    /** Whether a push is in flight. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Gives up every internal push (the operator is closing; its application pushes were already failed). */
    void dropAll() {
        for (int i = 0; i < size; i++) {
            if (first[i] != 0) {
                libos.dropInternal(first[i]);
            }
            if (second[i] != 0) {
                libos.dropInternal(second[i]);
            }
        }
        size = 0;
    }

    private boolean isSettled(long qt) {
        return qt == 0 || libos.isDone(qt);
    }

    private int collect(long qt, int err) {
        if (qt == 0) {
            return err;
        }
        libos.takeInternal(qt, scratch);
        int ret = scratch.ok() ? Errno.OK : scratch.ret();
        scratch.clear();
        return err != Errno.OK ? err : ret;
    }
}
