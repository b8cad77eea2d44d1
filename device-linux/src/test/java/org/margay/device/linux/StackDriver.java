package org.margay.device.linux;

import java.util.function.BooleanSupplier;
import org.margay.stack.InetStack;

/**
 * Polls one or more stacks on the test thread against the real clock until a condition holds or a deadline
 * passes. It spins (no sleeping, only a yield when idle) so that measured round trips show the stack, not the
 * scheduler's wake-up.
 */
final class StackDriver {
    private final InetStack[] stacks;
    private final Runnable application;

    /** Polls {@code stacks} and runs {@code application} (one step of test code) after each round. */
    StackDriver(Runnable application, InetStack... stacks) {
        this.stacks = stacks;
        this.application = application;
    }

    /** Polls until {@code done} or {@code timeoutMillis} pass; returns whether {@code done} held. */
    boolean runUntil(BooleanSupplier done, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int work = 0;
            for (InetStack stack : stacks) {
                work += stack.poll();
            }
            application.run();
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (work == 0) {
                Thread.yield(); // the peer may be a process on the same two cores: let it run
            }
        }
    }

    /** Polls while {@code process} runs (at most {@code timeoutMillis}); returns whether it ended. */
    boolean runWhile(Process process, long timeoutMillis) {
        return runUntil(() -> !process.isAlive(), timeoutMillis);
    }

    /** Polls for {@code millis} regardless. */
    void runFor(long millis) {
        runUntil(() -> false, millis);
    }
}
