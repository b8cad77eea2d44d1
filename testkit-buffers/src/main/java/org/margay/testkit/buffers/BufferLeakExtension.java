package org.margay.testkit.buffers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.margay.fastpath.buffer.BufferLeakError;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.MemoryManager;

/**
 * A JUnit 5 extension that fails a test which leaves packet buffers outstanding. Register it, and register
 * the pools and memory managers the test uses:
 * <pre>{@code
 * @RegisterExtension final BufferLeakExtension leaks = new BufferLeakExtension();
 *
 * @Test void roundTrip() {
 *     BufferPool pool = leaks.track(new ArenaBufferPool("t", 64, 2048, 128, true));
 *     ...
 * }
 * }</pre>
 * After each test it checks everything registered for that test, closes it (unless built with
 * {@link #keepOpen()}), and throws a {@link BufferLeakError} listing every buffer still held, with its
 * allocation site when the pool tracks leaks (build pools with leak tracking on, or set
 * {@code -Dmargay.buffers.trackLeaks=true}).
 *
 * <p>Scope: what is registered while a test runs, or in an instance field initialiser, belongs to that test.
 * With a {@code static} extension, what is registered in a static initialiser or a {@code @BeforeAll} method
 * belongs to the class, and is checked and closed after all its tests. Cold path; not thread-safe.
 */
public final class BufferLeakExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    /** One registered resource: how to count its outstanding buffers, report them, and close it. */
    private interface Tracked {
        int outstanding();

        String report();

        void close();
    }

    private enum Phase { UNSTARTED, CLASS, TEST, BETWEEN_TESTS }

    private final boolean closeAfterCheck;
    private final List<Tracked> pending = new ArrayList<>();
    private final List<Tracked> perTest = new ArrayList<>();
    private final List<Tracked> perClass = new ArrayList<>();
    private Phase phase = Phase.UNSTARTED;

    /** An extension that closes what it tracked after checking it. */
    public BufferLeakExtension() {
        this(true);
    }

    private BufferLeakExtension(boolean closeAfterCheck) {
        this.closeAfterCheck = closeAfterCheck;
    }

    /** An extension that checks but leaves the pools and managers open (their owner closes them). */
    public static BufferLeakExtension keepOpen() {
        return new BufferLeakExtension(false);
    }

    /** Registers {@code pool} for the check and returns it. */
    public <P extends BufferPool> P track(P pool) {
        Objects.requireNonNull(pool, "pool");
        add(new Tracked() {
            @Override
            public int outstanding() {
                return pool.outstanding();
            }

            @Override
            public String report() {
                return pool.leakReport();
            }

            @Override
            public void close() {
                pool.close();
            }
        });
        return pool;
    }

    /** Registers {@code manager} (all its pools) for the check and returns it. */
    public <M extends MemoryManager> M track(M manager) {
        Objects.requireNonNull(manager, "manager");
        add(new Tracked() {
            @Override
            public int outstanding() {
                return manager.outstanding();
            }

            @Override
            public String report() {
                return manager.leakReport();
            }

            @Override
            public void close() {
                manager.close();
            }
        });
        return manager;
    }

    /** What is outstanding right now in everything registered (test and class scope), or the empty string. */
    public String report() {
        StringBuilder out = new StringBuilder();
        for (List<Tracked> scope : List.of(perTest, pending, perClass)) {
            for (Tracked tracked : scope) {
                if (tracked.outstanding() != 0) {
                    out.append(tracked.report());
                }
            }
        }
        return out.toString();
    }

    private void add(Tracked tracked) {
        switch (phase) {
            case CLASS -> perClass.add(tracked);
            case TEST -> perTest.add(tracked);
            default -> pending.add(tracked);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass.addAll(pending);
        pending.clear();
        phase = Phase.CLASS;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        perTest.addAll(pending);
        pending.clear();
        phase = Phase.TEST;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        phase = Phase.BETWEEN_TESTS;
        check(perTest, "buffers leaked by " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        perClass.addAll(pending);
        pending.clear();
        phase = Phase.UNSTARTED;
        check(perClass, "buffers leaked by the tests of " + context.getDisplayName() + " (class scope)");
    }

    private void check(List<Tracked> scope, String heading) {
        StringBuilder report = new StringBuilder();
        try {
            for (Tracked tracked : scope) {
                if (tracked.outstanding() != 0) {
                    report.append(tracked.report());
                }
            }
        } finally {
            if (closeAfterCheck) {
                for (Tracked tracked : scope) {
                    tracked.close();
                }
            }
            scope.clear();
        }
        if (!report.isEmpty()) {
            throw new BufferLeakError(heading + ":\n" + report);
        }
    }
}
