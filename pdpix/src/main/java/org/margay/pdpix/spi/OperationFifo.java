package org.margay.pdpix.spi;

/**
 * A first-in first-out list of pending operation slots (the pops waiting on one queue, say), linked through
 * the {@link OperationTable}'s own link array: adding and removing allocate nothing. A slot is on at most one
 * list at a time.
 */
public final class OperationFifo {
    private final OperationTable table;
    private int head = -1;
    private int tail = -1;
    private int size;

    /** An empty list over {@code table}'s slots. */
    public OperationFifo(OperationTable table) {
        this.table = table;
    }

    /** Appends {@code slot}. */
    public void add(int slot) {
        table.next[slot] = -1;
        if (tail < 0) {
            head = slot;
        } else {
            table.next[tail] = slot;
        }
        tail = slot;
        size++;
    }

    /** The oldest slot, or -1. */
    public int peek() {
        return head;
    }

    /** Removes and returns the oldest slot, or -1. */
    public int poll() {
        int slot = head;
        if (slot >= 0) {
            head = table.next[slot];
            if (head < 0) {
                tail = -1;
            }
            table.next[slot] = -1;
            size--;
        }
        return slot;
    }

    /** Removes {@code slot} wherever it is; false when it is not on the list. */
    public boolean remove(int slot) {
        int prev = -1;
        for (int s = head; s >= 0; s = table.next[s]) {
            if (s == slot) {
                int after = table.next[s];
                if (prev < 0) {
                    head = after;
                } else {
                    table.next[prev] = after;
                }
                if (tail == s) {
                    tail = prev;
                }
                table.next[s] = -1;
                size--;
                return true;
            }
            prev = s;
        }
        return false;
    }

    /** Whether the list is empty. */
    public boolean isEmpty() {
        return head < 0;
    }

    /** How many slots are on the list. */
    public int size() {
        return size;
    }
}
