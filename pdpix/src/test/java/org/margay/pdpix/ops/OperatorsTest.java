package org.margay.pdpix.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.testing.LibOSFixture;
import org.margay.pdpix.testing.TestLibOS;

/** The queue operators one by one, their edges, and how they compose. */
class OperatorsTest extends LibOSFixture {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Keeps elements whose first byte is not '#'. */
    private static boolean notComment(Sga e) {
        return e.getByte(0) != '#';
    }

    /** Upper-cases ASCII letters in place. */
    private static Sga upper(Sga e) {
        for (long i = 0; i < e.totalLength(); i++) {
            byte b = e.getByte(i);
            if (b >= 'a' && b <= 'z') {
                e.setByte(i, (byte) (b - 32));
            }
        }
        return e;
    }

    // ------------------------------------------------------------------ queue()

    @Test
    void aMemoryQueueIsFifoAndServesParkedPopsInOrder() {
        int q = libos.queue();
        long first = libos.pop(q);
        long second = libos.pop(q);
        pushText(q, "one");
        pushText(q, "two");
        pushText(q, "three");
        assertEquals(Errno.OK, libos.wait(first, result, 0));
        assertEquals("one", takeText(result));
        assertEquals(Errno.OK, libos.wait(second, result, 0));
        assertEquals("two", takeText(result));
        assertEquals("three", popText(q, 0));
        assertNull(popText(q, MS), "empty: the pop times out");
    }

    @Test
    void aMemoryQueueCompletesEverythingInsideTheCall() {
        int q = libos.queue();
        long push = pushText(q, "now");
        assertTrue(libos.isDone(push), "no duty cycle needed");
        long pop = libos.pop(q);
        assertTrue(libos.isDone(pop));
        libos.wait(push, result, 0);
        libos.wait(pop, result, 0);
        assertEquals("now", takeText(result));
    }

    @Test
    void aMemoryQueueSharesBuffersAndKeepsPushToAddresses() {
        int q = libos.queue();
        Sga sga = element("by reference");
        long push = libos.pushTo(q, sga, InetEndpoint.of("10.1.2.3", 4000));
        libos.wait(push, result, 0);
        assertEquals(2, sga.buffer(0).refCount(), "the queue holds the same buffer, not a copy");
        var buffer = sga.buffer(0);
        libos.sgaFree(sga);
        assertEquals(Errno.OK, libos.blockingPop(q, result, 0));
        assertEquals(buffer, result.sga().buffer(0));
        assertEquals(InetEndpoint.of("10.1.2.3", 4000), result.peer());
        takeText(result);
    }

    @Test
    void closingAMemoryQueueFreesWhatItHoldsAndCancelsPops() {
        int q = libos.queue();
        pushText(q, "left behind");
        int other = libos.queue();
        long pop = libos.pop(other);
        libos.close(q);
        libos.close(other);
        libos.wait(pop, result, 0);
        assertEquals(Errno.ECANCELED, result.ret());
    }

    // ------------------------------------------------------------------ merge

    @Test
    void mergePopsFromEitherAndPushesToBoth() {
        int a = libos.queue();
        int b = libos.queue();
        int m = libos.merge(a, b);
        pushText(b, "from b");
        assertEquals("from b", popText(m, 0));
        pushText(a, "from a");
        assertEquals("from a", popText(m, 0));
        Sga sga = element("to both");
        long push = libos.push(m, sga);
        assertEquals(Errno.OK, libos.wait(push, result, 0));
        assertEquals(Opcode.PUSH, result.opcode());
        assertEquals(3, sga.buffer(0).refCount(), "shared by reference: the application and one reference per target");
        libos.sgaFree(sga);
        assertEquals("to both", popText(a, 0));
        assertEquals("to both", popText(b, 0));
    }

    @Test
    void mergeAlternatesWhenBothHaveElements() {
        int a = libos.queue();
        int b = libos.queue();
        for (int i = 0; i < 4; i++) {
            pushText(a, "a" + i);
            pushText(b, "b" + i);
        }
        int m = libos.merge(a, b);
        int fromA = 0;
        for (int i = 0; i < 8; i++) {
            String text = popText(m, 0);
            if (text.startsWith("a")) {
                fromA++;
            }
            if (i == 3) {
                assertEquals(2, fromA, "neither input starves the other");
            }
        }
        assertEquals(4, fromA);
    }

    @Test
    void mergeReportsAClosedInputOnceAndGoesOnWithTheOther() {
        int a = libos.queue();
        int b = libos.queue();
        int m = libos.merge(a, b);
        long pop = libos.pop(m);
        libos.close(a);
        assertEquals(Errno.OK, libos.wait(pop, result, SECOND));
        assertEquals(Errno.ECANCELED, result.ret());
        pushText(b, "still here");
        assertEquals("still here", popText(m, SECOND));
        Sga sga = element("half");
        assertEquals(Errno.EBADF, libos.blockingPush(m, sga, SECOND), "a push to a closed input fails");
        libos.sgaFree(sga);
        assertEquals("half", popText(b, 0), "the open input still got it");
    }

    @Test
    void mergeEndsWhenBothStreamsEnded() {
        int a = libos.socket(Domain.INET, SocketType.STREAM);
        int b = libos.socket(Domain.INET, SocketType.STREAM);
        int m = libos.merge(a, b);
        pushAndWait(a, "last words");
        libos.pipe(a).shutdown();
        assertEquals("last words", popText(m, SECOND));
        assertNull(popText(m, MS), "b is still open: no end yet");
        libos.pipe(b).shutdown();
        assertEquals(Errno.OK, libos.blockingPop(m, result, SECOND));
        assertEquals(0, result.sga().segmentCount(), "end of stream: an empty element");
        libos.sgaFree(result.sga());
    }

    // ------------------------------------------------------------------ filter

    @Test
    void filterDropsOnPopAndCounts() {
        int q = libos.queue();
        int f = libos.filter(q, OperatorsTest::notComment);
        pushText(q, "#comment");
        pushText(q, "#another");
        pushText(q, "data");
        assertEquals("data", popText(f, 0));
        assertEquals(2, libos.statistics().elementsFilteredOut());
        assertNull(popText(f, MS));
    }

    @Test
    void filterOnPushCompletesTheRefusedPushSuccessfully() {
        int q = libos.queue();
        int f = libos.filter(q, OperatorsTest::notComment);
        Sga comment = element("#not forwarded");
        assertEquals(Errno.OK, libos.blockingPush(f, comment, 0), "filtered out, not refused");
        libos.sgaFree(comment);
        Sga data = element("forwarded");
        assertEquals(Errno.OK, libos.blockingPush(f, data, 0));
        libos.sgaFree(data);
        assertEquals("forwarded", popText(q, 0));
        assertNull(popText(q, MS));
        assertEquals(1, libos.statistics().elementsFilteredOut());
    }

    @Test
    void aThrowingPredicateDropsTheElementAndIsCounted() {
        int q = libos.queue();
        int f = libos.filter(q, e -> {
            if (e.getByte(0) == '!') {
                throw new IllegalStateException("boom");
            }
            return true;
        });
        pushText(q, "!bad");
        pushText(q, "good");
        assertEquals("good", popText(f, 0));
        assertEquals(1, libos.statistics().callbackFailures());
    }

    @Test
    void aTimedOutPopLosesNothing() {
        int p = libos.socket(Domain.INET, SocketType.DGRAM);
        int f = libos.filter(p, e -> true);
        assertNull(popText(f, MS));
        pushAndWait(p, "arrives later");
        assertEquals("arrives later", popText(f, SECOND));
    }

    // ------------------------------------------------------------------ map

    @Test
    void mapTransformsOnPopInPlace() {
        int q = libos.queue();
        int m = libos.map(q, OperatorsTest::upper);
        pushText(q, "shout");
        assertEquals("SHOUT", popText(m, 0));
    }

    @Test
    void mapOnPushNeverChangesTheApplicationsBuffer() {
        int q = libos.queue();
        int m = libos.map(q, OperatorsTest::upper);
        Sga sga = element("quiet");
        assertEquals(Errno.OK, libos.blockingPush(m, sga, 0));
        assertEquals("quiet", sga.toUtf8(), "copy on write: the application's element is unchanged");
        libos.sgaFree(sga);
        assertEquals("QUIET", popText(q, 0));
    }

    @Test
    void mapUnderAMergeDoesNotChangeTheOtherTarget() {
        int a = libos.queue();
        int b = libos.queue();
        int upperA = libos.map(a, OperatorsTest::upper);
        int m = libos.merge(upperA, b);
        pushAndWait(m, "shared");
        assertEquals("SHARED", popText(a, 0));
        assertEquals("shared", popText(b, 0), "the buffers b holds were not written");
    }

    @Test
    void mapMayReplaceOrDropElements() {
        int q = libos.queue();
        ElementMapper doubled = e -> {
            int n = (int) e.totalLength();
            if (e.getByte(0) == 'x') {
                return null;
            }
            Sga out = e.pool().allocate(2 * n);
            for (int i = 0; i < n; i++) {
                out.setByte(i, e.getByte(i));
                out.setByte(n + i, e.getByte(i));
            }
            return out;
        };
        int m = libos.map(q, doubled);
        pushText(q, "xdrop");
        pushText(q, "ab");
        assertEquals("abab", popText(m, 0));
        assertEquals(1, libos.statistics().elementsMappedOut());
        Sga sga = element("cd");
        assertEquals(Errno.OK, libos.blockingPush(m, sga, 0));
        libos.sgaFree(sga);
        assertEquals("cdcd", popText(q, 0));
    }

    @Test
    void aThrowingMapperFailsThePushAndDropsOnPop() {
        int q = libos.queue();
        int m = libos.map(q, e -> {
            throw new UnsupportedOperationException("no");
        });
        Sga sga = element("x");
        assertEquals(Errno.EINVAL, libos.blockingPush(m, sga, 0));
        libos.sgaFree(sga);
        pushText(q, "y");
        assertNull(popText(m, MS));
        assertEquals(2, libos.statistics().callbackFailures());
    }

    // ------------------------------------------------------------------ sort

    @Test
    void sortPopsByPriorityAmongTheAvailable() {
        int q = libos.queue();
        int s = libos.sort(q, (x, y) -> Byte.compare(x.getByte(0), y.getByte(0)));
        for (String text : new String[] {"d", "a", "c", "b"}) {
            pushText(q, text);
        }
        assertEquals("a", popText(s, 0));
        pushText(q, "0");
        assertEquals("0", popText(s, 0), "a newly available element with a higher priority goes first");
        assertEquals("b", popText(s, 0));
        assertEquals("c", popText(s, 0));
        assertEquals("d", popText(s, 0));
        pushAndWait(s, "pushed");
        assertEquals("pushed", popText(s, 0), "a push goes to the input, which the sort pops again");
    }

    @Test
    void sortHoldsAtMostItsWindow() {
        TestLibOS small = new TestLibOS(LibOSConfig.of("test", AbstractLibOS.SORT_WINDOW, "2"), pool);
        int q = small.queue();
        int s = small.sort(q, (x, y) -> Byte.compare(x.getByte(0), y.getByte(0)));
        for (String text : new String[] {"9", "8", "7", "1"}) {
            Sga sga = small.sgaAlloc(1).fillUtf8(text);
            small.push(q, sga);
            small.sgaFree(sga);
        }
        small.poll();
        assertEquals(2, ((MemoryQueue) small.queueFor(q)).size(), "two taken ahead, two left in the input");
        assertEquals(Errno.OK, small.blockingPop(s, result, 0));
        assertEquals("8", result.sga().toUtf8(), "the lowest of the window (9, 8)");
        small.sgaFree(result.sga());
        small.close();
    }

    // ------------------------------------------------------------------ qconnect

    @Test
    void qconnectForwardsContinuouslyUntilTheInputEnds() {
        int in = libos.socket(Domain.INET, SocketType.STREAM);
        int out = libos.queue();
        long qt = libos.qconnect(in, out);
        assertTrue(qt > 0);
        for (int i = 0; i < 100; i++) {
            pushAndWait(in, "m" + i);
        }
        libos.pipe(in).shutdown();
        assertEquals(Errno.OK, libos.wait(qt, result, SECOND));
        assertEquals(Opcode.PUSH, result.opcode());
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + i, popText(out, 0));
        }
        assertEquals(100, libos.statistics().elementsForwarded());
    }

    @Test
    void qconnectStopsWhenEitherQueueCloses() {
        int in = libos.queue();
        int out = libos.queue();
        long byIn = libos.qconnect(in, out);
        libos.close(in);
        assertEquals(Errno.OK, libos.wait(byIn, result, SECOND));
        assertEquals(Errno.ECANCELED, result.ret());
        int in2 = libos.queue();
        long byOut = libos.qconnect(in2, out);
        pushText(in2, "forwarded");
        libos.poll();
        libos.close(out);
        assertEquals(Errno.OK, libos.wait(byOut, result, SECOND));
        assertEquals(Errno.ECANCELED, result.ret());
        long onClose = libos.qconnect(in2, libos.queue());
        libos.close();
        assertEquals(Errno.OK, libos.wait(onClose, result, 0));
        assertEquals(Errno.ECANCELED, result.ret(), "closing the library OS cancels it");
    }

    @Test
    void qconnectFailsWhenAPushFails() {
        int in = libos.queue();
        int out = libos.socket(Domain.INET, SocketType.STREAM);
        libos.pipe(out).shutdown();
        long qt = libos.qconnect(in, out);
        pushText(in, "nowhere to go");
        assertEquals(Errno.OK, libos.wait(qt, result, SECOND));
        assertEquals(Errno.EPIPE, result.ret());
    }

    @Test
    void qconnectPushesWithoutTakingTheSourceAsADestination() {
        int in = libos.queue();
        int out = libos.socket(Domain.INET, SocketType.DGRAM);
        libos.qconnect(in, out);
        Sga sga = element("from afar");
        libos.wait(libos.pushTo(in, sga, InetEndpoint.of("10.1.2.3", 4000)), result, 0);
        libos.sgaFree(sga);
        assertEquals(Errno.OK, libos.blockingPop(out, result, SECOND));
        assertEquals(InetEndpoint.ANY, result.peer(), "a plain push: the popped element's address is its source");
        assertEquals("from afar", takeText(result));
    }

    @Test
    void qconnectRefusesBadDescriptors() {
        int q = libos.queue();
        assertEquals(-Errno.EBADF, libos.qconnect(q, 77));
        assertEquals(-Errno.EBADF, libos.qconnect(-1, q));
        assertEquals(-Errno.EINVAL, libos.qconnect(q, q));
    }

    // ------------------------------------------------------------------ composition and closing

    @Test
    void operatorsCompose() {
        int a = libos.queue();
        int b = libos.queue();
        int pipeline = libos.filter(libos.map(libos.merge(a, b), OperatorsTest::upper), OperatorsTest::notComment);
        pushText(a, "#skip");
        pushText(b, "keep");
        assertEquals("KEEP", popText(pipeline, 0));
        pushAndWait(pipeline, "both ways");
        assertEquals("BOTH WAYS", popText(a, 0));
        assertEquals("BOTH WAYS", popText(b, 0));
    }

    @Test
    void closingAnOperatorLeavesItsInputsOpen() {
        int q = libos.queue();
        int f = libos.filter(q, e -> true);
        long parked = libos.pop(f);
        libos.close(f);
        libos.wait(parked, result, 0);
        assertEquals(Errno.ECANCELED, result.ret());
        pushText(q, "input still works");
        assertEquals("input still works", popText(q, 0), "and the operator's own pop on it was withdrawn");
        assertEquals(Errno.EBADF, assertThrows(PdpixException.class, () -> libos.close(f)).errno());
    }

    @Test
    void closingAnInputEndsTheOperatorsPops() {
        int q = libos.queue();
        int m = libos.map(q, OperatorsTest::upper);
        libos.close(q);
        assertEquals(Errno.OK, libos.wait(libos.pop(m), result, SECOND));
        assertEquals(Errno.ECANCELED, result.ret(), "reported once");
        assertEquals(Errno.OK, libos.blockingPop(m, result, SECOND));
        assertEquals(0, result.sga().totalLength(), "then end of stream");
        libos.sgaFree(result.sga());
        int q2 = libos.queue();
        assertNotEquals(-1, q2);
        assertEquals(Errno.OK, libos.blockingPop(m, result, SECOND));
        assertEquals(0, result.sga().totalLength(), "a reused descriptor is never popped by the old operator");
        libos.sgaFree(result.sga());
    }

    @Test
    void anOperatorsPushCompletesWhenItsInputsPushesDo() {
        int a = libos.socket(Domain.INET, SocketType.DGRAM);
        int b = libos.socket(Domain.INET, SocketType.DGRAM);
        int m = libos.merge(a, b);
        libos.pipe(b).stall(true);
        long push = pushText(m, "slow b");
        assertEquals(Errno.ETIMEDOUT, libos.wait(push, result, MS), "a's push is done, b's is not");
        libos.pipe(b).stall(false);
        assertEquals(Errno.OK, libos.wait(push, result, SECOND));
        assertTrue(result.ok());
        assertEquals("slow b", popText(a, SECOND));
        assertEquals("slow b", popText(b, SECOND));
    }

    @Test
    void aTimedOutOperatorPushFinishesInTheBackground() {
        int p = libos.socket(Domain.INET, SocketType.DGRAM);
        int f = libos.filter(p, e -> true);
        libos.pipe(p).stall(true);
        Sga sga = element("later");
        assertEquals(Errno.ETIMEDOUT, libos.blockingPush(f, sga, MS));
        libos.sgaFree(sga);
        libos.pipe(p).stall(false);
        assertEquals("later", popText(p, SECOND), "already forwarded: it is not withdrawn");
        libos.poll();
        assertEquals(0, libos.operations().inUse(), "the abandoned push's slot was released");
    }

    @Test
    void closingAnOperatorWithPushesInFlightLetsThemFinish() {
        int p = libos.socket(Domain.INET, SocketType.DGRAM);
        int m = libos.map(p, OperatorsTest::upper);
        libos.pipe(p).stall(true);
        long push = pushText(m, "in flight");
        libos.close(m);
        assertEquals(Errno.OK, libos.wait(push, result, 0));
        assertEquals(Errno.ECANCELED, result.ret(), "the application's push is cancelled");
        libos.pipe(p).stall(false);
        assertEquals("IN FLIGHT", popText(p, SECOND), "but what reached the input stays there");
        libos.poll();
        assertEquals(0, libos.operations().inUse());
    }

    @Test
    void asyncCloseOfAnOperator() {
        int q = libos.queue();
        int s = libos.sort(q, (x, y) -> 0);
        pushText(q, "held by the sort");
        libos.poll();
        long close = libos.asyncClose(s);
        assertEquals(Errno.OK, libos.wait(close, result, SECOND));
        assertEquals(Opcode.CLOSE, result.opcode());
        assertNull(popText(q, MS), "the sort had taken it; closing freed it (the leak check proves it)");
    }

    @Test
    void operatorsHaveNoControlPath() {
        int q = libos.queue();
        int f = libos.filter(q, e -> true);
        assertEquals(Errno.EOPNOTSUPP, assertThrows(PdpixException.class, () -> libos.bind(f, InetEndpoint.ANY)).errno());
        PdpixException e = assertThrows(PdpixException.class, () -> libos.listen(q, 1));
        assertTrue(e.getMessage().contains("memory queue"), e.getMessage());
        assertEquals(Errno.EBADF, assertThrows(PdpixException.class, () -> libos.merge(q, 99)).errno());
        assertThrows(NullPointerException.class, () -> libos.filter(q, null));
        assertEquals(Errno.EOPNOTSUPP, libos.wait(libos.connect(f, InetEndpoint.ANY), result, 0) == Errno.OK ? result.ret() : -1);
        assertEquals(LibOS.FOREVER, -1L);
    }
}
