package org.margay.explain.sim;

/**
 * Hands out increasing numbers to everything a lab run records (packets, events), so that things that happened
 * at the same virtual instant keep the order in which they happened.
 */
public final class OrderCounter {
    private long next = 1;

    /** The next number. */
    public long next() {
        return next++;
    }
}
