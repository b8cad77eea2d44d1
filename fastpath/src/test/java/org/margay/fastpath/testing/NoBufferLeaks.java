package org.margay.fastpath.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.fastpath.buffer.BufferPool;

/**
 * A JUnit 5 extension that fails a test which leaves buffers outstanding in the pools it registered:
 * <pre>{@code
 * @RegisterExtension final NoBufferLeaks leaks = new NoBufferLeaks();
 * ... BufferPool pool = leaks.track(new ArenaBufferPool("t", 8, 256, 64, true));
 * }</pre>
 * It wraps {@link BufferLeakGuard}, which other modules' tests can use the same way from an {@code @AfterEach}.
 */
public final class NoBufferLeaks implements AfterEachCallback {
    private BufferLeakGuard guard = new BufferLeakGuard();

    /** Registers {@code pool}: after the test it must have no outstanding buffer; then it is closed. */
    public <P extends BufferPool> P track(P pool) {
        return guard.track(pool);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        BufferLeakGuard current = guard;
        guard = new BufferLeakGuard();
        current.close();
    }
}
