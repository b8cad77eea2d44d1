package org.margay.pdpix.ops;

import org.margay.pdpix.ElementComparator;
import org.margay.pdpix.Sga;

/**
 * A binary min-heap of elements ordered by an {@link ElementComparator}, of fixed capacity (preallocated: adding
 * and removing allocate nothing). Holding an element means owning it. If the comparator throws, the exception is
 * counted ({@link #failures()}) and the sift stops there: the heap still holds exactly the elements added and not
 * removed (every move is a swap), only their order may be off.
 */
final class ElementHeap {
    private final Sga[] heap;
    private final ElementComparator comparator;
    private int size;
    private long failures;

    ElementHeap(int capacity, ElementComparator comparator) {
        this.heap = new Sga[capacity];
        this.comparator = comparator;
    }

    boolean isFull() {
        return size == heap.length;
    }

    int capacity() {
        return heap.length;
    }

    int size() {
        return size;
    }

    /** Adds {@code element}; the caller checked {@link #isFull()}. */
    void add(Sga element) {
        int i = size++;
        heap[i] = element;
        try {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (comparator.compare(heap[i], heap[parent]) >= 0) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        } catch (RuntimeException e) {
            failures++;
        }
    }

    /** How many times the comparator threw. */
    long failures() {
        return failures;
    }

    /** Removes and returns the lowest element, or null when empty. */
    Sga poll() {
        if (size == 0) {
            return null;
        }
        Sga top = heap[0];
        heap[0] = heap[--size];
        heap[size] = null;
        int i = 0;
        try {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    break;
                }
                int right = left + 1;
                int child = right < size && comparator.compare(heap[right], heap[left]) < 0 ? right : left;
                if (comparator.compare(heap[child], heap[i]) >= 0) {
                    break;
                }
                swap(i, child);
                i = child;
            }
        } catch (RuntimeException e) {
            failures++;
        }
        return top;
    }

    /** Frees every element held. */
    void freeAll() {
        for (int i = 0; i < size; i++) {
            Elements.free(heap[i]);
            heap[i] = null;
        }
        size = 0;
    }

    private void swap(int a, int b) {
        Sga t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
