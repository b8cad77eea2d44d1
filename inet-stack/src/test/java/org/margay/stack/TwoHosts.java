package org.margay.stack;

import static org.margay.net.common.Ipv4Address.parse;

import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;

/**
 * Two stacks on a {@link LoopbackPair}, 10.0.0.1/24 (a) and 10.0.0.2/24 (b), on one virtual clock. The loop polls
 * both until neither has work, then jumps the clock to the next deadline.
 */
final class TwoHosts implements AutoCloseable {
    static final int A = parse("10.0.0.1");
    static final int B = parse("10.0.0.2");

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final LoopbackPair pair;
    final InetStack a;
    final InetStack b;

    TwoHosts() {
        this(builder -> { }, builder -> { });
    }

    TwoHosts(Consumer<StackConfig.Builder> tuneA, Consumer<StackConfig.Builder> tuneB) {
        pair = new LoopbackPair("t", 1024, 2048, 128, 512, clock);
        StackConfig.Builder ca = StackConfig.builder().address(A, 24);
        StackConfig.Builder cb = StackConfig.builder().address(B, 24);
        tuneA.accept(ca);
        tuneB.accept(cb);
        a = new InetStack(ca.build(), pair.a(), clock);
        b = new InetStack(cb.build(), pair.b(), clock);
    }

    /** Polls both stacks until neither does anything (at most {@code rounds} rounds); returns the work done. */
    int settle() {
        int total = 0;
        for (int i = 0; i < 10_000; i++) {
            int work = a.poll() + b.poll();
            total += work;
            if (work == 0) {
                return total;
            }
        }
        throw new AssertionError("stacks never went idle");
    }

    /** Settles, then jumps to the next deadline, until {@code done} or {@code maxNanos} of virtual time passed. */
    boolean runUntil(BooleanSupplier done, long maxNanos) {
        long end = clock.nanoTime() + maxNanos;
        while (true) {
            settle();
            if (done.getAsBoolean()) {
                return true;
            }
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            if (next == Long.MAX_VALUE || next > end) {
                return done.getAsBoolean();
            }
            clock.set(Math.max(next, clock.nanoTime()));
        }
    }

    /** Moves the clock forward and settles. */
    void advance(long nanos) {
        clock.advance(nanos);
        settle();
    }

    @Override
    public void close() {
        a.close();
        b.close();
        pair.close();
    }
}
