package org.margay.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a serving loop on another thread to stop, and lets the asker wait until it has: what a SIGINT/SIGTERM
 * shutdown hook uses, and what tests use in its place. The loop polls {@link #requested()} between rounds and calls
 * {@link #markDone()} when it has closed everything.
 *
 * <p>Thread-safe: {@link #request()} and {@link #awaitDone} may be called from any thread.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch done = new CountDownLatch(1);

    /** Asks the loop to stop (idempotent). */
    public void request() {
        requested = true;
    }

    /** Whether a stop was asked for. */
    public boolean requested() {
        return requested;
    }

    /** Called by the loop once it has stopped and closed its resources. */
    public void markDone() {
        done.countDown();
    }

    /** Whether the loop has said it is done. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits up to {@code timeoutMillis} for {@link #markDone()}; returns whether it came. */
    public boolean awaitDone(long timeoutMillis) {
        try {
            return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isDone();
        }
    }
}
