package org.margay.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.margay.apps.StopSignal;

/**
 * The long-running commands of this process ({@code serve}), so that one call stops them all: what the SIGINT/SIGTERM
 * shutdown hook does, and what a test or an embedding program calls instead of sending a signal.
 *
 * <p>Thread-safe.
 */
public final class Running {
    private static final Set<StopSignal> SIGNALS = ConcurrentHashMap.newKeySet();

    private Running() {
    }

    static void add(StopSignal signal) {
        SIGNALS.add(signal);
    }

    static void remove(StopSignal signal) {
        SIGNALS.remove(signal);
    }

    /** How many commands are running. */
    public static int count() {
        return SIGNALS.size();
    }

    /**
     * Asks every running command to stop, as SIGTERM would, and waits up to {@code timeoutMillis} until each has closed
     * its library OS and printed its summary; returns whether they all did.
     */
    public static boolean stopAll(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (StopSignal s : SIGNALS) {
            s.request();
        }
        boolean all = true;
        for (StopSignal s : SIGNALS) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            all &= s.awaitDone(left);
        }
        return all;
    }
}
