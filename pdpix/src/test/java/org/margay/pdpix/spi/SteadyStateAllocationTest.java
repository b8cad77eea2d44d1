package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.memory.MemoryLibOS;
import org.margay.pdpix.testing.TestLibOS;
import org.margay.testkit.AllocationMeter;

/**
 * PDPIX's data path allocates nothing per operation in steady state: push, pop and the waits, through the poll
 * loop and through chains of operators. Measured in bytes with HotSpot's per-thread counter (never in time).
 * The pool tracks no leaks here (tracking allocates a stack trace per buffer); the counts are checked instead.
 */
class SteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 20_000;
    /** Slack for the meter's own reads and a stray JIT deoptimisation; far below one object per round. */

    private final ArenaBufferPool pool = new ArenaBufferPool("alloc", 256, 2048, 64, false);
    private final QResult result = new QResult();
    private final QResult[] results = {new QResult(), new QResult(), new QResult(), new QResult()};

    @AfterEach
    void noLeaks() {
        try {
            pool.assertNoLeaks();
        } finally {
            pool.close();
        }
    }

    private void assertNoAllocation(String what, Runnable round) {
        double perRound = AllocationMeter.currentThread().bytesPerCall(round, WARM_UP, ROUNDS, 4);
        assertTrue(perRound < 1.0, what + ": " + perRound + " bytes allocated per round in the quietest window");
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("operation failed");
        }
    }

    @Test
    void pushPopWaitOnAMemoryQueue() {
        MemoryLibOS libos = new MemoryLibOS(org.margay.pdpix.LibOSConfig.of("memory"), pool);
        int q = libos.queue();
        Sga sga = libos.sgaAlloc(64);
        assertNoAllocation("memory queue push+pop+wait", () -> {
            long push = libos.push(q, sga);
            long pop = libos.pop(q);
            check(libos.wait(push, result, 0) == Errno.OK);
            check(libos.wait(pop, result, 0) == Errno.OK);
            check(libos.sgaFree(result.sga()) == Errno.OK);
        });
        libos.sgaFree(sga);
        libos.close();
        assertEquals(0, libos.sgaPool().outstanding());
    }

    @Test
    void pushPopThroughThePollLoopAndEveryWait() {
        TestLibOS libos = new TestLibOS(pool);
        int qd = libos.socket(Domain.INET, SocketType.DGRAM);
        long[] qts = new long[2];
        assertNoAllocation("pipe push, pop, wait, waitAny, waitAll, waitNext", () -> {
            Sga sga = libos.sgaAlloc(100);
            long push = libos.push(qd, sga);
            libos.sgaFree(sga);
            long pop = libos.pop(qd);
            check(libos.wait(pop, result, 1_000_000L) == Errno.OK);
            libos.sgaFree(result.sga());
            check(libos.wait(push, result, 0) == Errno.OK);
            sga = libos.sgaAlloc(10);
            qts[0] = libos.pop(qd);
            qts[1] = libos.push(qd, sga);
            libos.sgaFree(sga);
            check(libos.waitAll(qts, 2, results, 1_000_000L) == Errno.OK);
            libos.sgaFree(results[0].sga());
            sga = libos.sgaAlloc(10);
            qts[0] = libos.pop(qd);
            qts[1] = libos.push(qd, sga);
            libos.sgaFree(sga);
            int first = libos.waitAny(qts, 2, result, 1_000_000L);
            check(first >= 0);
            if (result.sga() != null) {
                libos.sgaFree(result.sga());
            }
            int n = libos.waitNext(results, 1_000_000L);
            check(n == 1);
            if (results[0].sga() != null) {
                libos.sgaFree(results[0].sga());
            }
        });
        libos.close();
    }

    @Test
    void operatorChainsAndForwardersAllocateNothingPerElement() {
        TestLibOS libos = new TestLibOS(pool);
        int a = libos.queue();
        int b = libos.queue();
        int chain = libos.filter(libos.map(libos.merge(a, b), e -> e), e -> e.totalLength() > 0);
        int sorted = libos.sort(libos.queue(), (x, y) -> Byte.compare(x.getByte(0), y.getByte(0)));
        int in = libos.queue();
        int out = libos.queue();
        long forwarding = libos.qconnect(in, out);
        assertNoAllocation("filter(map(merge)), sort, qconnect", () -> {
            Sga sga = libos.sgaAlloc(32);
            check(libos.blockingPush(chain, sga, 0) == Errno.OK);   // to both a and b
            check(libos.blockingPush(sorted, sga, 0) == Errno.OK);
            check(libos.blockingPush(in, sga, 0) == Errno.OK);
            libos.sgaFree(sga);
            for (int i = 0; i < 2; i++) {
                check(libos.blockingPop(chain, result, 0) == Errno.OK);
                libos.sgaFree(result.sga());
            }
            check(libos.blockingPop(sorted, result, 0) == Errno.OK);
            libos.sgaFree(result.sga());
            check(libos.blockingPop(out, result, 1_000_000L) == Errno.OK);
            libos.sgaFree(result.sga());
        });
        assertTrue(libos.operations().validate(forwarding) == Errno.OK);
        libos.close();
    }
}
