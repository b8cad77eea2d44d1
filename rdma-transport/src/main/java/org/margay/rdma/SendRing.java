package org.margay.rdma;

import org.margay.pdpix.Sga;

/**
 * The sends an endpoint has posted and not yet seen complete, in posting order (an RC send queue completes in
 * order). Each entry remembers the PDPIX operation it finishes (the last message of a pushed element) and the
 * element whose buffers it keeps alive (free-protection across in-flight sends): the element is freed only when
 * that send completed, flushed or not. Preallocated; allocation-free.
 */
final class SendRing {
    private final int[] slot;
    private final Sga[] element;
    private final boolean[] fin;
    private int head;
    private int count;

    SendRing(int capacity) {
        slot = new int[capacity];
        element = new Sga[capacity];
        fin = new boolean[capacity];
    }

    int capacity() {
        return slot.length;
    }

    boolean isFull() {
        return count == slot.length;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /** The entry the next {@link #push} will use. */
    int nextEntry() {
        return (head + count) % slot.length;
    }

    /** Records a posted send at {@link #nextEntry()}. */
    void push(int operationSlot, Sga keepAlive, boolean isFin) {
        int e = nextEntry();
        slot[e] = operationSlot;
        element[e] = keepAlive;
        fin[e] = isFin;
        count++;
    }

    int head() {
        return head;
    }

    int headSlot() {
        return slot[head];
    }

    Sga headElement() {
        return element[head];
    }

    boolean headIsFin() {
        return fin[head];
    }

    void pop() {
        slot[head] = -1;
        element[head] = null;
        fin[head] = false;
        head = (head + 1) % slot.length;
        count--;
    }

    /** The newest entry (the last one posted). */
    int tail() {
        return (head + count - 1 + slot.length) % slot.length;
    }

    Sga element(int entry) {
        return element[entry];
    }

    void element(int entry, Sga keepAlive) {
        element[entry] = keepAlive;
    }

    /** Forgets every entry's operation slot (they were failed elsewhere); the elements stay until completion. */
    void forEachSlot(java.util.function.IntConsumer action) {
        for (int i = 0; i < count; i++) {
            int e = (head + i) % slot.length;
            if (slot[e] >= 0) {
                action.accept(slot[e]);
                slot[e] = -1;
            }
        }
    }
}
