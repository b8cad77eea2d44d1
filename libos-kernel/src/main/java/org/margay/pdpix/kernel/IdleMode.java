package org.margay.pdpix.kernel;

/**
 * How a wait of the kernel library OS spends a duty cycle in which nothing was ready ({@code kernel.idle}).
 */
public enum IdleMode {
    /**
     * Sleep in the kernel: {@link java.nio.channels.Selector#select(java.util.function.Consumer, long)} until a
     * socket is ready, the wait's deadline, a connect deadline, or {@code kernel.max-block}, whichever comes
     * first. The default: the kernel does the protocol work, so a waiting thread costs no CPU; the price is the
     * wake-up (tens of microseconds when another core has to wake it).
     */
    BLOCK,
    /** Busy-poll: {@link Thread#onSpinWait()} between non-blocking selects. Lowest latency, one core at 100 %: for benchmarks. */
    SPIN,
    /**
     * PDPIX's generic strategy, {@code pdpix.idle} (by default a backoff: spin, yield, then park 1 to 50 µs),
     * between non-blocking selects.
     */
    BACKOFF
}
