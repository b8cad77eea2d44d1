package org.margay.pdpix.spi;

import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;

/**
 * The preallocated, generation-counted slots behind qtokens: one slot per operation in flight, with its
 * inputs (the element being pushed, a destination) while pending and its result once done. Allocating,
 * completing and consuming a slot allocates no objects.
 *
 * <p>Invariants:
 * <ul>
 *   <li>a slot is FREE, PENDING or DONE; a token is valid only while its slot's generation matches, the slot is
 *       not FREE and it was not {@linkplain #abandon abandoned};</li>
 *   <li>completing a slot twice, or a FREE slot, throws (a library OS bug, not user misuse);</li>
 *   <li>every DONE application (non-internal) slot is on the completion list, oldest first, until it is
 *       consumed or released, so {@link #nextCompleted()} reports completions in the order they happened however
 *       the application mixes {@code wait} and {@code waitNext};</li>
 *   <li>an abandoned slot is released as soon as it completes, and a popped element it carried is freed.</li>
 * </ul>
 * Single-threaded.
 */
public final class OperationTable {
    static final byte FREE = 0;
    static final byte PENDING = 1;
    static final byte DONE = 2;

    private static final byte INTERNAL = 1;
    private static final byte ABANDONED = 2;

    private final int instance;
    private final int capacity;
    private final byte[] state;
    private final byte[] flags;
    private final int[] generation;
    private final Opcode[] opcode;
    private final int[] qd;
    private final int[] ret;
    private final Sga[] sga;
    private final int[] acceptedQd;
    private final int[] peerIp;
    private final int[] peerPort;
    /** Intrusive link for {@link OperationFifo}s. */
    final int[] next;
    private final int[] freeStack;
    private int freeCount;
    /** The completion list: doubly linked through the slots, so consuming out of order is O(1). */
    private final int[] doneNext;
    private final int[] donePrev;
    private final boolean[] listed;
    private int doneHead = -1;
    private int doneTail = -1;
    /** Marks for {@link #hasDuplicate}: a slot is marked when {@code mark[slot] == markEpoch}. */
    private final int[] mark;
    private int markEpoch;
    private int applicationOperations;
    private long exhausted;
    private long abandoned;

    /** {@code capacity} slots for library OS instance {@code instance} (see {@link QTokens}). */
    public OperationTable(int instance, int capacity) {
        if (capacity <= 0 || capacity > QTokens.MAX_SLOTS) {
            throw new IllegalArgumentException("operation capacity must be 1.." + QTokens.MAX_SLOTS + ": " + capacity);
        }
        if (instance <= 0 || instance >= QTokens.MAX_INSTANCES) {
            throw new IllegalArgumentException("instance number must be 1.." + (QTokens.MAX_INSTANCES - 1) + ": " + instance);
        }
        this.instance = instance;
        this.capacity = capacity;
        this.state = new byte[capacity];
        this.flags = new byte[capacity];
        this.generation = new int[capacity];
        this.opcode = new Opcode[capacity];
        this.qd = new int[capacity];
        this.ret = new int[capacity];
        this.sga = new Sga[capacity];
        this.acceptedQd = new int[capacity];
        this.peerIp = new int[capacity];
        this.peerPort = new int[capacity];
        this.next = new int[capacity];
        this.freeStack = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeStack[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        this.doneNext = new int[capacity];
        this.donePrev = new int[capacity];
        this.listed = new boolean[capacity];
        this.mark = new int[capacity];
    }

    /** This table's library OS instance number. */
    public int instance() {
        return instance;
    }

    /**
     * A new PENDING operation; returns its qtoken, or {@code -ENOMEM} when every slot is in use.
     *
     * @param internal true for operations a library OS or queue operator makes for itself: they are left out of
     *                 {@link #nextCompleted()} (so {@code waitNext} never reports them)
     */
    public long begin(Opcode op, int queue, boolean internal) {
        if (freeCount == 0) {
            exhausted++;
            return -Errno.ENOMEM;
        }
        int slot = freeStack[--freeCount];
        int gen = (generation[slot] + 1) & QTokens.GENERATION_MASK;
        if (gen == 0) {
            gen = 1;
        }
        generation[slot] = gen;
        state[slot] = PENDING;
        flags[slot] = internal ? INTERNAL : 0;
        opcode[slot] = op;
        qd[slot] = queue;
        ret[slot] = 0;
        sga[slot] = null;
        acceptedQd[slot] = -1;
        peerIp[slot] = 0;
        peerPort[slot] = 0;
        next[slot] = -1;
        if (!internal) {
            applicationOperations++;
        }
        return QTokens.make(instance, gen, slot);
    }

    /**
     * Checks a token: {@link Errno#OK}, {@link Errno#EXDEV} (another instance), {@link Errno#ESTALE} (consumed,
     * or abandoned by a timed-out blocking call), or {@link Errno#EINVAL} (not a token).
     */
    public int validate(long qt) {
        if (qt <= 0) {
            return Errno.EINVAL;
        }
        if (QTokens.instance(qt) != instance) {
            return Errno.EXDEV;
        }
        int slot = QTokens.slot(qt);
        if (slot >= capacity) {
            return Errno.EINVAL;
        }
        if (state[slot] == FREE || generation[slot] != QTokens.generation(qt) || (flags[slot] & ABANDONED) != 0) {
            return Errno.ESTALE;
        }
        return Errno.OK;
    }

    /** Whether the (valid) token's operation has completed. */
    public boolean isDone(long qt) {
        return state[QTokens.slot(qt)] == DONE;
    }

    /** Whether the slot holds a pending operation. */
    public boolean isPending(int slot) {
        return state[slot] == PENDING;
    }

    /** Whether the slot's operation was begun as internal. */
    public boolean isInternal(int slot) {
        return (flags[slot] & INTERNAL) != 0;
    }

    /** The slot of a token. */
    public static int slot(long qt) {
        return QTokens.slot(qt);
    }

    /** The token of a (non-free) slot. */
    public long token(int slot) {
        return QTokens.make(instance, generation[slot], slot);
    }

    /** The opcode a slot was begun with. */
    public Opcode opcode(int slot) {
        return opcode[slot];
    }

    /** The queue a slot's operation is on. */
    public int qd(int slot) {
        return qd[slot];
    }

    /** The element attached to a pending push (its input) or a completed pop (its result). */
    public Sga sga(int slot) {
        return sga[slot];
    }

    /** Attaches an element to a pending operation (a push's input), or detaches it with null. */
    public void attach(int slot, Sga element) {
        sga[slot] = element;
    }

    /** The destination (pushTo) or peer stored in a slot. */
    public int peerIp(int slot) {
        return peerIp[slot];
    }

    /** See {@link #peerIp(int)}. */
    public int peerPort(int slot) {
        return peerPort[slot];
    }

    /** Stores a destination for a pending pushTo/connect. */
    public void peer(int slot, int ip, int port) {
        peerIp[slot] = ip;
        peerPort[slot] = port;
    }

    /** Completes a pending operation successfully with its value. */
    public void complete(int slot, Sga value, int accepted, int ip, int port) {
        checkPending(slot);
        state[slot] = DONE;
        sga[slot] = value;
        acceptedQd[slot] = accepted;
        peerIp[slot] = ip;
        peerPort[slot] = port;
        ret[slot] = 0;
        finish(slot);
    }

    /** Completes a pending operation successfully with no value (push, connect, close). */
    public void complete(int slot) {
        checkPending(slot);
        state[slot] = DONE;
        sga[slot] = null;
        ret[slot] = 0;
        finish(slot);
    }

    /** Completes a pending operation as FAILED with {@code errno}; any attached element stays for the owner to free. */
    public void fail(int slot, int errno) {
        checkPending(slot);
        state[slot] = DONE;
        ret[slot] = errno == 0 ? Errno.EIO : errno;
        finish(slot);
    }

    /** The error a completed slot carries (0 on success). */
    public int ret(int slot) {
        return ret[slot];
    }

    /**
     * Copies a DONE slot's result into {@code out} and frees the slot (the token becomes stale). For a failed
     * operation the attached element is not reported (the library OS frees it in its completion path).
     */
    public void consume(int slot, QResult out) {
        if (state[slot] != DONE) {
            throw new IllegalStateException("consume of slot " + slot + " in state " + state[slot]);
        }
        long qt = token(slot);
        if (ret[slot] != 0) {
            out.failure(opcode[slot], qd[slot], qt, ret[slot]);
        } else {
            out.success(opcode[slot], qd[slot], qt, sga[slot], acceptedQd[slot], peerIp[slot], peerPort[slot]);
        }
        release(slot);
    }

    /** Frees a slot whatever its state (for a library OS cancelling its own internal operations). */
    public void release(int slot) {
        if (state[slot] == FREE) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        unlinkDone(slot);
        if ((flags[slot] & INTERNAL) == 0) {
            applicationOperations--;
        }
        state[slot] = FREE;
        flags[slot] = 0;
        sga[slot] = null;
        opcode[slot] = null;
        freeStack[freeCount++] = slot;
    }

    /**
     * Gives up on a PENDING operation nobody will consume (a timed-out blocking call whose queue could not
     * withdraw it): its token turns stale now, and the slot is released as soon as the queue completes it, a
     * popped element then being freed. A DONE slot is released at once.
     */
    public void abandon(int slot) {
        if (state[slot] == FREE) {
            throw new IllegalStateException("abandon of free slot " + slot);
        }
        if (state[slot] == DONE) {
            Sga value = ret[slot] == 0 ? sga[slot] : null;
            release(slot);
            freeValue(value);
            return;
        }
        abandoned++;
        if ((flags[slot] & INTERNAL) == 0) {
            applicationOperations--;    // nobody waits for it any more: waitNext must not wait for it either
        }
        flags[slot] |= ABANDONED | INTERNAL;
    }

    /**
     * The token of the oldest completed, not yet consumed, non-internal operation, taken off the completion
     * list (it stays DONE until consumed); 0 when there is none.
     */
    public long nextCompleted() {
        int slot = doneHead;
        if (slot < 0) {
            return 0;
        }
        unlinkDone(slot);
        return token(slot);
    }

    /**
     * Whether two of the (valid) tokens {@code qts[0..count)} name the same slot. Allocates nothing: slots are
     * marked with a fresh epoch number.
     */
    public boolean hasDuplicate(long[] qts, int count) {
        if (++markEpoch == 0) {
            java.util.Arrays.fill(mark, 0);
            markEpoch = 1;
        }
        for (int i = 0; i < count; i++) {
            int slot = QTokens.slot(qts[i]);
            if (mark[slot] == markEpoch) {
                return true;
            }
            mark[slot] = markEpoch;
        }
        return false;
    }

    /** Operations begun and not yet consumed (internal ones included). */
    public int inUse() {
        return capacity - freeCount;
    }

    /** Application (non-internal) operations begun and not yet consumed. */
    public int applicationOperations() {
        return applicationOperations;
    }

    /** Slots in all. */
    public int capacity() {
        return capacity;
    }

    /** How many times {@link #begin} found no free slot. */
    public long exhaustedCount() {
        return exhausted;
    }

    /** How many pending operations were abandoned. */
    public long abandonedCount() {
        return abandoned;
    }

    private void finish(int slot) {
        if ((flags[slot] & ABANDONED) != 0) {
            Sga value = ret[slot] == 0 && opcode[slot] == Opcode.POP ? sga[slot] : null;
            release(slot);
            freeValue(value);
            return;
        }
        if ((flags[slot] & INTERNAL) != 0) {
            return;
        }
        listed[slot] = true;
        doneNext[slot] = -1;
        donePrev[slot] = doneTail;
        if (doneTail < 0) {
            doneHead = slot;
        } else {
            doneNext[doneTail] = slot;
        }
        doneTail = slot;
    }

    private void unlinkDone(int slot) {
        if (!listed[slot]) {
            return;
        }
        listed[slot] = false;
        int before = donePrev[slot];
        int after = doneNext[slot];
        if (before < 0) {
            doneHead = after;
        } else {
            doneNext[before] = after;
        }
        if (after < 0) {
            doneTail = before;
        } else {
            donePrev[after] = before;
        }
    }

    private static void freeValue(Sga value) {
        if (value != null && value.isLive()) {
            value.pool().free(value);
        }
    }

    private void checkPending(int slot) {
        if (state[slot] != PENDING) {
            throw new IllegalStateException("slot " + slot + " completed while " + (state[slot] == FREE ? "free" : "already done"));
        }
    }
}
