package org.margay.fastpath.buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test that leaks buffers, with any test framework: register the pools a test uses, then close the
 * guard at the end of the test (try-with-resources, or an {@code @AfterEach}). Closing checks every pool and
 * throws one {@link BufferLeakError} that lists the leaks of all of them, then closes the pools.
 *
 * <pre>{@code
 * try (BufferLeakGuard guard = new BufferLeakGuard()) {
 *     BufferPool pool = guard.track(new ArenaBufferPool("test", 64, 2048, 128, true));
 *     ... // the code under test
 * } // throws BufferLeakError naming the allocation site of every buffer not released
 * }</pre>
 *
 * Cold path only; not thread-safe.
 */
public final class BufferLeakGuard implements AutoCloseable {
    private final List<BufferPool> pools = new ArrayList<>();
    private final boolean closePools;

    /** A guard that closes the pools it tracks after checking them. */
    public BufferLeakGuard() {
        this(true);
    }

    /** A guard that closes the tracked pools after checking them only if {@code closePools}. */
    public BufferLeakGuard(boolean closePools) {
        this.closePools = closePools;
    }

    /** Registers {@code pool} for the check and returns it. */
    public <P extends BufferPool> P track(P pool) {
        pools.add(pool);
        return pool;
    }

    /** The leak reports of every tracked pool that has outstanding buffers, or the empty string. */
    public String report() {
        StringBuilder out = new StringBuilder();
        for (BufferPool pool : pools) {
            if (pool.outstanding() != 0) {
                out.append(pool.leakReport());
            }
        }
        return out.toString();
    }

    /** Throws {@link BufferLeakError} if any tracked pool has outstanding buffers. */
    public void assertNoLeaks() {
        String report = report();
        if (!report.isEmpty()) {
            throw new BufferLeakError(report);
        }
    }

    /** Checks for leaks, then (if so configured) closes every tracked pool, even when the check failed. */
    @Override
    public void close() {
        try {
            assertNoLeaks();
        } finally {
            if (closePools) {
                for (BufferPool pool : pools) {
                    pool.close();
                }
            }
            pools.clear();
        }
    }
}
