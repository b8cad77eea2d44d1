package org.margay.testkit.buffers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.ArenaMemoryManager;
import org.margay.fastpath.buffer.BufferLeakError;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.MemoryManager;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * Runs small sample test classes through the JUnit Platform launcher and checks what the extension made of
 * them. The samples are nested classes, which surefire does not run on its own.
 */
class BufferLeakExtensionTest {
    /** Pools the samples created, to check afterwards that the extension closed them. */
    static final List<AutoCloseable> CREATED = new ArrayList<>();

    static TestExecutionSummary run(Class<?> sample) {
        CREATED.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    static ArenaBufferPool pool(String name) {
        ArenaBufferPool pool = new ArenaBufferPool(name, 4, 256, 32, true);
        CREATED.add(pool);
        return pool;
    }

    static PacketBuffer forgottenHere(BufferPool pool) {
        return pool.allocate();
    }

    static PacketBuffer forgottenInManager(MemoryManager manager) {
        return manager.allocate(600);
    }

    /** A clean test and a leaking test. */
    static class PerTestSample {
        @RegisterExtension
        final BufferLeakExtension leaks = new BufferLeakExtension();
        final BufferPool fieldPool = leaks.track(pool("field"));

        @Test
        void releasesEverything() {
            BufferPool pool = leaks.track(pool("clean"));
            pool.allocate().release();
            fieldPool.allocate().release();
        }

        @Test
        void leaksOne() {
            BufferPool pool = leaks.track(pool("leaky"));
            forgottenHere(pool);
        }

        @Test
        void leaksFromAFieldPool() {
            forgottenHere(fieldPool);
        }
    }

    /** A memory manager leaking a chain. */
    static class ManagerSample {
        @RegisterExtension
        final BufferLeakExtension leaks = new BufferLeakExtension();

        @Test
        void leaksAChain() {
            MemoryManager manager = leaks.track(ArenaMemoryManager.builder("mm").headroom(16).frames(8, 256)
                    .jumbo(0, 0).trackLeaks(true).build());
            CREATED.add(manager);
            forgottenInManager(manager);
        }
    }

    /** A static extension with a class-scoped pool shared by the tests, leaked by one of them. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassSample {
        @RegisterExtension
        static final BufferLeakExtension LEAKS = new BufferLeakExtension();
        static BufferPool shared;
        static boolean openDuringSecondTest;

        @BeforeAll
        static void createShared() {
            shared = LEAKS.track(pool("shared"));
        }

        @Test
        @Order(1)
        void leaksIntoTheSharedPool() {
            forgottenHere(shared);
        }

        @Test
        @Order(2)
        void sharedPoolStaysOpenAcrossTests() {
            PacketBuffer buffer = shared.allocate();
            openDuringSecondTest = buffer != null;
            buffer.release();
        }
    }

    @Test
    void cleanTestPassesAndLeakingTestsFailNamingTheAllocationSite() {
        TestExecutionSummary summary = run(PerTestSample.class);
        assertEquals(3, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsSucceededCount());
        assertEquals(2, summary.getTestsFailedCount());
        for (TestExecutionSummary.Failure failure : summary.getFailures()) {
            Throwable error = failure.getException();
            assertInstanceOf(BufferLeakError.class, error);
            String message = error.getMessage();
            assertTrue(message.startsWith("buffers leaked by " + failure.getTestIdentifier().getDisplayName()), message);
            assertTrue(message.contains("forgottenHere"), message);
            assertTrue(message.contains("BufferLeakExtensionTest.java"), message);
        }
        assertClosed();
    }

    @Test
    void managerLeaksNameEverySegmentOfTheChain() {
        TestExecutionSummary summary = run(ManagerSample.class);
        assertEquals(1, summary.getTestsFailedCount());
        String message = summary.getFailures().get(0).getException().getMessage();
        assertTrue(message.contains("3 of 8 buffers still held"), message);
        assertTrue(message.contains("forgottenInManager"), message);
        assertClosed();
    }

    @Test
    void staticExtensionChecksClassScopedPoolsAfterAllTests() {
        TestExecutionSummary summary = run(PerClassSample.class);
        assertEquals(2, summary.getTestsSucceededCount(), "the tests themselves pass");
        assertTrue(PerClassSample.openDuringSecondTest);
        assertEquals(1, summary.getContainersFailedCount(), "the class fails after all");
        String message = summary.getFailures().get(0).getException().getMessage();
        assertTrue(message.contains("(class scope)"), message);
        assertTrue(message.contains("pool 'shared'"), message);
        assertClosed();
    }

    /** An extension that checks but does not close. */
    static class KeepOpenSample {
        static ArenaBufferPool kept;
        @RegisterExtension
        final BufferLeakExtension leaks = BufferLeakExtension.keepOpen();

        @Test
        void tracksButDoesNotClose() {
            kept = leaks.track(new ArenaBufferPool("kept", 2, 64, 0, true));
            PacketBuffer buffer = kept.allocate();
            assertFalse(leaks.report().isEmpty());
            buffer.release();
            assertTrue(leaks.report().isEmpty());
        }
    }

    @Test
    void keepOpenChecksWithoutClosing() {
        TestExecutionSummary summary = run(KeepOpenSample.class);
        assertEquals(1, summary.getTestsSucceededCount());
        try (ArenaBufferPool pool = KeepOpenSample.kept) {
            assertFalse(isClosed(pool), "still open after the test");
        }
    }

    private static void assertClosed() {
        for (AutoCloseable created : CREATED) {
            List<BufferPool> pools = created instanceof MemoryManager manager ? manager.pools()
                    : List.of((BufferPool) created);
            for (BufferPool pool : pools) {
                assertTrue(isClosed(pool), pool + " was not closed");
            }
        }
    }

    /** A closed pool's buffers can no longer be touched. */
    private static boolean isClosed(BufferPool pool) {
        PacketBuffer buffer = pool.allocate();
        if (buffer == null) {
            return true; // every buffer leaked; the leak was reported, and touching memory proves nothing
        }
        try {
            buffer.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
            return false;
        } catch (IllegalStateException closed) {
            return true;
        } finally {
            buffer.release();
        }
    }
}
