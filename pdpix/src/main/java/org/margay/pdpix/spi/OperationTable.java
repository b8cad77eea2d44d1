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
 * <p>Invariants: a slot is FREE, PENDING or DONE; a token is valid only while its slot's generation matches
 * and the slot is not FREE; completing a slot twice, or a FREE slot, throws (a library OS bug, not user
 * misuse); completions are also recorded in order for {@link #nextCompleted()}. Single-threaded.
 */
public final class OperationTable {
    static final byte FREE = 0;
    static final byte PENDING = 1;
    static final byte DONE = 2;

    private final int instance;
    private final int capacity;
    private final byte[] state;
    private final int[] generation;
    private final Opcode[] opcode;
    private final int[] qd;
    private final int[] ret;
    private final Sga[] sga;
    private final int[] acceptedQd;
    private final int[] peerIp;
    private final int[] peerPort;
    private final boolean[] internal;
    /** Intrusive link for {@link OperationFifo}s. */
    final int[] next;
    private final int[] freeStack;
    private int freeCount;
    private final long[] completed;
    private int completedHead;
    private int completedSize;
    private long exhausted;

    /** {@code capacity} slots for library OS instance {@code instance} (see {@link QTokens}). */
    public OperationTable(int instance, int capacity) {
        if (capacity <= 0 || capacity > QTokens.MAX_SLOTS) {
            throw new IllegalArgumentException("operation capacity must be 1.." + QTokens.MAX_SLOTS + ": " + capacity);
        }
        this.instance = instance;
        this.capacity = capacity;
        this.state = new byte[capacity];
        this.generation = new int[capacity];
        this.opcode = new Opcode[capacity];
        this.qd = new int[capacity];
        this.ret = new int[capacity];
        this.sga = new Sga[capacity];
        this.acceptedQd = new int[capacity];
        this.peerIp = new int[capacity];
        this.peerPort = new int[capacity];
        this.internal = new boolean[capacity];
        this.next = new int[capacity];
        this.freeStack = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeStack[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        this.completed = new long[capacity];
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
        opcode[slot] = op;
        qd[slot] = queue;
        ret[slot] = 0;
        sga[slot] = null;
        acceptedQd[slot] = -1;
        peerIp[slot] = 0;
        peerPort[slot] = 0;
        this.internal[slot] = internal;
        next[slot] = -1;
        return QTokens.make(instance, gen, slot);
    }

    /**
     * Checks a token from an application: {@link Errno#OK}, {@link Errno#EXDEV} (another instance),
     * {@link Errno#ESTALE} (consumed), or {@link Errno#EINVAL} (not a token).
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
        if (state[slot] == FREE || generation[slot] != QTokens.generation(qt)) {
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

    /** Attaches an element to a pending operation (a push's input). */
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
        recordCompletion(slot);
    }

    /** Completes a pending operation successfully with no value (push, connect, close). */
    public void complete(int slot) {
        checkPending(slot);
        state[slot] = DONE;
        sga[slot] = null;
        ret[slot] = 0;
        recordCompletion(slot);
    }

    /** Completes a pending operation as FAILED with {@code errno}; any attached element stays for the owner to free. */
    public void fail(int slot, int errno) {
        checkPending(slot);
        state[slot] = DONE;
        ret[slot] = errno;
        recordCompletion(slot);
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
        state[slot] = FREE;
        sga[slot] = null;
        opcode[slot] = null;
        freeStack[freeCount++] = slot;
    }

    /**
     * The token of the oldest completed, not yet consumed, non-internal operation, removing it from the
     * completion order; 0 when there is none.
     */
    public long nextCompleted() {
        while (completedSize > 0) {
            long entry = completed[completedHead];
            completedHead = (completedHead + 1) % capacity;
            completedSize--;
            int slot = QTokens.slot(entry);
            if (state[slot] == DONE && generation[slot] == QTokens.generation(entry)) {
                return entry;
            }
        }
        return 0;
    }

    /** Operations begun and not yet consumed. */
    public int inUse() {
        return capacity - freeCount;
    }

    /** Slots in all. */
    public int capacity() {
        return capacity;
    }

    /** How many times {@link #begin} found no free slot. */
    public long exhaustedCount() {
        return exhausted;
    }

    private void recordCompletion(int slot) {
        if (internal[slot]) {
            return;
        }
        if (completedSize == capacity) {
            // Cannot happen: at most capacity slots are DONE at once, and stale entries are dropped as read.
            completedHead = (completedHead + 1) % capacity;
            completedSize--;
        }
        completed[(completedHead + completedSize) % capacity] = token(slot);
        completedSize++;
    }

    private void checkPending(int slot) {
        if (state[slot] != PENDING) {
            throw new IllegalStateException("slot " + slot + " completed while " + (state[slot] == FREE ? "free" : "already done"));
        }
    }
}
