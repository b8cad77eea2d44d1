package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.testing.LibOSFixture;
import org.margay.pdpix.testing.PipeQueue;
import org.margay.pdpix.testing.TestLibOS;

/** The waits of {@link AbstractLibOS}, over the test library OS's pipes and its virtual clock. */
class AbstractLibOSWaitTest extends LibOSFixture {
    private static final long SECOND = 1_000_000_000L;

    private int pipe() {
        return libos.socket(Domain.INET, SocketType.DGRAM);
    }

    @Test
    void pushThenPopCarriesTheElement() {
        int qd = pipe();
        long push = pushText(qd, "hello");
        long pop = libos.pop(qd);
        assertFalse(libos.isDone(push), "a pipe moves elements only in the poll loop");
        assertEquals(Errno.OK, libos.wait(pop, result, SECOND));
        assertEquals(Opcode.POP, result.opcode());
        assertEquals(qd, result.qd());
        assertEquals(pop, result.qt());
        assertEquals("hello", takeText(result));
        assertEquals(Errno.OK, libos.wait(push, result, 0), "the push completed in the same cycle");
        assertEquals(Opcode.PUSH, result.opcode());
        assertNull(result.sga(), "a push result carries no element");
        assertEquals(Errno.ESTALE, libos.wait(push, result, 0), "a consumed token is stale");
    }

    @Test
    void aTimeoutKeepsTheTokenValid() {
        int qd = pipe();
        long pop = libos.pop(qd);
        long before = libos.clock().nanoTime();
        assertEquals(Errno.ETIMEDOUT, libos.wait(pop, result, 5_000_000L));
        assertEquals(before + 5_000_000L, libos.clock().nanoTime(), "exactly the timeout passed (virtual clock)");
        assertEquals(Errno.ETIMEDOUT, libos.wait(pop, result, 0), "a zero timeout is a probe");
        pushText(qd, "late");
        assertEquals(Errno.OK, libos.wait(pop, result, SECOND), "the same token completes later");
        assertEquals("late", takeText(result));
        assertEquals(2, libos.statistics().waitTimeouts());
    }

    @Test
    void aZeroTimeoutStillPollsOnce() {
        int qd = pipe();
        long push = pushText(qd, "x");
        assertEquals(Errno.OK, libos.wait(push, result, 0), "one duty cycle moves the element");
        long pop = libos.pop(qd);
        assertEquals(Errno.OK, libos.wait(pop, result, 0));
        takeText(result);
        long[] one = {pushText(qd, "y")};
        assertEquals(0, libos.waitAny(one, 1, result, 0), "waitAny polls once too");
        assertEquals(Errno.OK, libos.blockingPop(qd, result, 0));
        takeText(result);
    }

    @Test
    void foreverWaitsAsLongAsItTakes() {
        int qd = pipe();
        PipeQueue pipe = libos.pipe(qd);
        pipe.stall(true);
        long push = pushText(qd, "eventually");
        int[] idles = {0};
        libos.onIdle(() -> {
            if (++idles[0] == 1000) {
                pipe.stall(false);
            }
        });
        assertEquals(Errno.OK, libos.wait(push, result, LibOS.FOREVER));
        assertEquals(1000, idles[0]);
        assertTrue(libos.clock().nanoTime() >= 999_000_000L, "no hidden cap: a forever wait outlasts any timeout");
        assertEquals("eventually", popText(qd, 0));
    }

    @Test
    void waitAnyReportsTheLowestCompletedIndex() {
        int a = pipe();
        int b = pipe();
        long popA = libos.pop(a);
        long popB = libos.pop(b);
        long[] qts = {popA, popB};
        pushText(b, "to b");
        assertEquals(1, libos.waitAny(qts, 2, result, SECOND));
        assertEquals("to b", takeText(result));
        assertEquals(-Errno.ESTALE, libos.waitAny(qts, 2, result, 0), "index 1 is consumed now");
        qts[1] = libos.pop(b);
        pushText(a, "to a");
        pushText(b, "to b again");
        assertEquals(0, libos.waitAny(qts, 2, result, SECOND), "both complete: the lowest index wins");
        assertEquals("to a", takeText(result));
        assertEquals(Errno.OK, libos.wait(qts[1], result, SECOND));
        assertEquals("to b again", takeText(result));
    }

    @Test
    void waitAnyTimesOutAndRefusesBadArguments() {
        int a = pipe();
        long pop = libos.pop(a);
        long[] qts = {pop};
        assertEquals(-Errno.ETIMEDOUT, libos.waitAny(qts, 1, result, 1_000_000L));
        assertEquals(-Errno.EINVAL, libos.waitAny(qts, 0, result, LibOS.FOREVER), "nothing to wait for: not a hang");
        assertEquals(-Errno.EINVAL, libos.waitAny(qts, 2, result, 0));
        assertEquals(-Errno.EINVAL, libos.waitAny(null, 1, result, 0));
        assertEquals(-Errno.EXDEV, libos.waitAny(new long[] {QTokens.make(QTokens.instance(pop) + 1, 1, 0)}, 1, result, 0));
        assertEquals(-Errno.EINVAL, libos.waitAny(new long[] {0}, 1, result, 0));
        pushText(a, "z");
        assertEquals(0, libos.waitAny(qts, 1, result, SECOND));
        takeText(result);
    }

    @Test
    void waitAllWaitsForEveryTokenOrConsumesNone() {
        int a = pipe();
        int b = pipe();
        long[] qts = {libos.pop(a), libos.pop(b)};
        QResult[] results = {new QResult(), new QResult()};
        pushText(a, "first");
        assertEquals(Errno.ETIMEDOUT, libos.waitAll(qts, 2, results, 2_000_000L));
        assertEquals(Errno.OK, libos.operations().validate(qts[0]), "a completed token is not consumed on timeout");
        assertEquals(Errno.EINVAL, libos.waitAll(new long[] {qts[0], qts[0]}, 2, results, 0), "duplicates");
        pushText(b, "second");
        assertEquals(Errno.OK, libos.waitAll(qts, 2, results, SECOND));
        assertEquals("first", takeText(results[0]));
        assertEquals("second", takeText(results[1]));
        assertEquals(Errno.OK, libos.waitAll(qts, 0, results, 0), "nothing to wait for");
        assertEquals(Errno.ESTALE, libos.waitAll(qts, 1, results, 0));
        assertEquals(Errno.EINVAL, libos.waitAll(qts, 2, new QResult[1], 0));
    }

    @Test
    void waitNextReportsCompletionsInOrderAndHidesInternalOnes() {
        int a = pipe();
        int b = pipe();
        long popB = libos.pop(b);
        long popA = libos.pop(a);
        long internal = libos.internalPop(a);
        pushText(b, "b1");
        pushText(a, "a1");
        pushText(a, "a2");
        QResult[] results = {new QResult(), new QResult(), new QResult(), new QResult(), new QResult(), new QResult()};
        // one duty cycle: b's pipe moves first (created first), then a's; the internal pop takes a2
        int n = libos.waitNext(results, SECOND);
        assertTrue(n >= 1);
        int seen = 0;
        int pops = 0;
        while (seen < 5) {
            for (int i = 0; i < n; i++) {
                QResult r = results[i];
                assertTrue(r.ok(), r.toString());
                if (r.opcode() == Opcode.POP) {
                    pops++;
                    assertTrue(r.qt() == popA || r.qt() == popB, "only the application's pops");
                    takeText(r);
                }
                seen++;
            }
            if (seen < 5) {
                n = libos.waitNext(results, SECOND);
                assertTrue(n > 0);
            }
        }
        assertEquals(2, pops);
        assertTrue(libos.isDone(internal), "the internal pop completed, silently");
        libos.dropInternal(internal);
        assertEquals(0, libos.waitNext(results, LibOS.FOREVER), "nothing outstanding: returns at once");
    }

    @Test
    void waitNextKeepsCompletionOrderAcrossPolls() {
        int a = pipe();
        long first = pushText(a, "1");
        libos.poll();
        long second = pushText(a, "2");
        libos.poll();
        QResult[] results = {new QResult(), new QResult(), new QResult()};
        assertEquals(2, libos.waitNext(results, 0));
        assertEquals(first, results[0].qt());
        assertEquals(second, results[1].qt());
        assertEquals("1", popText(a, 0));
        assertEquals("2", popText(a, 0));
        long pop = libos.pop(a);
        assertEquals(0, libos.waitNext(results, 3_000_000L), "a pending pop: times out");
        libos.dropInternal(pop);
    }

    @Test
    void blockingCallsTimeOutWithoutLosingElements() {
        int qd = pipe();
        PipeQueue pipe = libos.pipe(qd);
        assertEquals(Errno.ETIMEDOUT, libos.blockingPop(qd, result, 1_000_000L));
        assertEquals(0, libos.operations().inUse(), "the timed-out pop was withdrawn");
        pipe.stall(true);
        Sga sga = element("stuck");
        assertEquals(Errno.ETIMEDOUT, libos.blockingPush(qd, sga, 1_000_000L));
        assertEquals(Errno.OK, libos.sgaFree(sga));
        pipe.stall(false);
        Sga next = element("next");
        assertEquals(Errno.OK, libos.blockingPush(qd, next, SECOND));
        libos.sgaFree(next);
        assertEquals("stuck", popText(qd, SECOND), "the oldest push had started: it finished in the background");
        assertEquals("next", popText(qd, SECOND));
        assertEquals(0, libos.operations().inUse());
    }

    @Test
    void aPushThatHasNotStartedIsWithdrawnOnTimeout() {
        int qd = pipe();
        PipeQueue pipe = libos.pipe(qd);
        pipe.stall(true);
        long head = pushText(qd, "head");
        Sga second = element("second");
        assertEquals(Errno.ETIMEDOUT, libos.blockingPush(qd, second, 1_000_000L));
        libos.sgaFree(second);
        pipe.stall(false);
        assertEquals(Errno.OK, libos.wait(head, result, SECOND));
        assertEquals("head", popText(qd, SECOND));
        assertNull(popText(qd, 1_000_000L), "the withdrawn push never arrives");
    }

    @Test
    void blockingCallsReportErrorsThatPreventTheStart() {
        Sga sga = element("x");
        assertEquals(Errno.EBADF, libos.blockingPush(99, sga, 0));
        assertEquals(Errno.EBADF, libos.blockingPop(-1, result, 0));
        assertEquals(Errno.EINVAL, libos.blockingPush(pipe(), null, 0));
        libos.sgaFree(sga);
    }
}
