package org.margay.pdpix.ops;

import org.margay.pdpix.Sga;

/**
 * A first-in first-out ring of elements that an operator holds. It grows by doubling when full (amortised: no
 * allocation in steady state) and never shrinks. Holding an element means owning it: {@link #freeAll} gives every
 * one back. Single-threaded.
 */
final class ElementRing {
    private Sga[] ring;
    private int head;
    private int size;

    ElementRing(int initialCapacity) {
        ring = new Sga[Math.max(2, Integer.highestOneBit(Math.max(1, initialCapacity - 1)) << 1)];
    }

    void add(Sga element) {
        if (size == ring.length) {
            Sga[] bigger = new Sga[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = element;
        size++;
    }

    /** The oldest element, removed; null when empty. */
    Sga poll() {
        if (size == 0) {
            return null;
        }
        Sga element = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return element;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Frees every element held and empties the ring. */
    void freeAll() {
        for (Sga element = poll(); element != null; element = poll()) {
            Elements.free(element);
        }
    }
}
