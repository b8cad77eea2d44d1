package org.margay.pdpix.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;

/**
 * A fresh {@link TestLibOS} per test over a leak-tracked pool: after each test the library OS is closed and the
 * pool must have every buffer back ({@link BufferLeakGuard} fails the test naming the allocation sites).
 * Buffers are 256 bytes with 32 of headroom, so a segment holds 224 bytes and an element at most 16 × 224.
 */
public abstract class LibOSFixture {
    /** Bytes one segment holds. */
    protected static final int SEGMENT = 224;

    protected BufferLeakGuard guard;
    protected ArenaBufferPool pool;
    protected TestLibOS libos;
    protected final QResult result = new QResult();

    /** The configuration of the library OS under test (override to change limits). */
    protected LibOSConfig config() {
        return LibOSConfig.of("test");
    }

    /** Buffers in the pool. */
    protected int poolCapacity() {
        return 512;
    }

    @BeforeEach
    void openLibOS() {
        guard = new BufferLeakGuard();
        pool = guard.track(new ArenaBufferPool("pdpix-test", poolCapacity(), 256, 32, true));
        libos = new TestLibOS(config(), pool);
    }

    @AfterEach
    void closeAndCheckLeaks() {
        try {
            libos.close();
            assertEquals(0, libos.sgaPool().outstanding(), "Sga objects still out after the test");
        } finally {
            guard.close();
        }
    }

    /** A new element holding {@code text} (UTF-8). */
    protected Sga element(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Sga sga = libos.sgaAlloc(bytes.length);
        assertTrue(sga != null, "sgaAlloc(" + bytes.length + ")");
        return sga.fill(bytes);
    }

    /** Pushes {@code text} on {@code qd} and frees the element at once (free-protection makes that safe). */
    protected long pushText(int qd, String text) {
        Sga sga = element(text);
        long qt = libos.push(qd, sga);
        assertEquals(Errno.OK, libos.sgaFree(sga));
        return qt;
    }

    /** Pushes {@code text} and waits for the push. */
    protected void pushAndWait(int qd, String text) {
        long qt = pushText(qd, text);
        assertTrue(qt > 0, "push: " + org.margay.pdpix.QTokens.toString(qt));
        assertEquals(Errno.OK, libos.wait(qt, result, 1_000_000_000L));
        assertTrue(result.ok(), result.toString());
    }

    /** Pops one element from {@code qd} within {@code timeout} ns: its text, or null on ETIMEDOUT. */
    protected String popText(int qd, long timeoutNanos) {
        int err = libos.blockingPop(qd, result, timeoutNanos);
        if (err == Errno.ETIMEDOUT) {
            return null;
        }
        assertEquals(Errno.OK, err, () -> "pop: " + Errno.name(err) + " " + result);
        return takeText(result);
    }

    /** The text of a popped result's element, which is freed. */
    protected String takeText(QResult r) {
        Sga sga = r.sga();
        String text = sga.toUtf8();
        assertEquals(Errno.OK, libos.sgaFree(sga));
        return text;
    }
}
