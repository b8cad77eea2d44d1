package org.margay.fastpath.buffer;

/**
 * Thrown by {@link BufferPool#assertNoLeaks()} and {@link BufferLeakGuard} when buffers are still held at a
 * point where every holder should have released them. An {@link AssertionError}, so that a test framework
 * reports it as a failed test; its message names the allocation site of each leaked buffer when the pool
 * tracks leaks.
 */
public final class BufferLeakError extends AssertionError {
    /** A leak error whose message is {@code report}. */
    public BufferLeakError(String report) {
        super(report);
    }
}
