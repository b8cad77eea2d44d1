package org.margay.perf.child;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The time plan of one measured run: warm-up until the JIT compiler has been quiet for {@link #QUIET_NANOS} (but at
 * least {@code warmup} and at most {@code warmup} + {@code maxExtra}), then a measured window of {@code measure}.
 * A pinned JVM shares its one CPU between the spinning loop and the compiler threads, so a fixed warm-up is either
 * too short (C2 still compiling: microseconds turn into milliseconds) or wasted; waiting for the compiler to go quiet
 * is both. Times are {@link System#nanoTime()}.
 *
 * <p>Use: call {@link #measuring(long)} once per iteration with the iteration's start time (it may start the window),
 * and stop when {@link #done(long)}. Not thread-safe; allocation-free once constructed.
 */
public final class Window {
    /** How long the JIT must have compiled nothing before measuring starts. */
    public static final long QUIET_NANOS = 300_000_000L;
    private static final long CHECK_EVERY_NANOS = 20_000_000L;

    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final long start;
    private final long minWarmup;
    private final long maxWarmup;
    private final long measure;
    private long measureStart = Long.MAX_VALUE;
    private long end = Long.MAX_VALUE;
    private long lastCheck;
    private long lastCompileMillis = -1;
    private long quietSince;

    /** A plan starting now. */
    public Window(long warmupMillis, long maxExtraMillis, long measureMillis) {
        this.start = System.nanoTime();
        this.minWarmup = warmupMillis * 1_000_000L;
        this.maxWarmup = minWarmup + maxExtraMillis * 1_000_000L;
        this.measure = measureMillis * 1_000_000L;
        this.lastCheck = start;
        this.quietSince = start;
    }

    /** From the child arguments {@code warmup=MS}, {@code warmup-extra=MS} (default 4000) and {@code measure=MS}. */
    public static Window from(ChildArgs a) {
        return new Window(a.longValue("warmup", 1000), a.longValue("warmup-extra", 4000), a.longValue("measure", 2000));
    }

    /** Whether an iteration starting at {@code now} is measured; starts the window when warm-up is over. */
    public boolean measuring(long now) {
        if (measureStart != Long.MAX_VALUE) {
            return now >= measureStart;
        }
        if (now - lastCheck >= CHECK_EVERY_NANOS) {
            lastCheck = now;
            long compiled = jit == null ? 0 : jit.getTotalCompilationTime();
            if (compiled != lastCompileMillis) {
                lastCompileMillis = compiled;
                quietSince = now;
            }
            long warm = now - start;
            if (warm >= maxWarmup || warm >= minWarmup && now - quietSince >= QUIET_NANOS) {
                measureStart = now;
                end = now + measure;
            }
        }
        return false;
    }

    /** Whether the measured window is over at {@code now}. */
    public boolean done(long now) {
        return now >= end;
    }

    /** When measuring started ({@link Long#MAX_VALUE} before). */
    public long measureStart() {
        return measureStart;
    }

    /** Measured nanoseconds (the window's length). */
    public long measuredNanos() {
        return measure;
    }

    /** How long the warm-up took, in milliseconds (-1 while it lasts). */
    public long warmupMillis() {
        return measureStart == Long.MAX_VALUE ? -1 : (measureStart - start) / 1_000_000L;
    }
}
