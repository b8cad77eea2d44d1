package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.testing.LibOSFixture;
import org.margay.pdpix.testing.PipeQueue;
import org.margay.pdpix.testing.TestLibOS;

/** Closing, misuse, limits and free-protection in {@link AbstractLibOS}. */
class AbstractLibOSLifecycleTest extends LibOSFixture {
    private static final long SECOND = 1_000_000_000L;

    private int pipe() {
        return libos.socket(Domain.INET, SocketType.DGRAM);
    }

    @Test
    void closeCancelsPendingOperations() {
        int qd = pipe();
        PipeQueue pipe = libos.pipe(qd);
        pipe.stall(true);
        long pop = libos.pop(qd);
        long push = pushText(qd, "never sent");
        libos.close(qd);
        assertTrue(pipe.closedNow());
        assertEquals(Errno.OK, libos.wait(pop, result, 0));
        assertEquals(Opcode.FAILED, result.opcode());
        assertEquals(Opcode.POP, result.failedOpcode());
        assertEquals(Errno.ECANCELED, result.ret());
        assertEquals(Errno.OK, libos.wait(push, result, 0));
        assertEquals(Errno.ECANCELED, result.ret());
        assertEquals(Opcode.PUSH, result.failedOpcode());
        assertEquals(1, libos.statistics().queuesClosed());
        assertEquals(0, libos.openQueues());
    }

    @Test
    void closeFreesElementsTheQueueHolds() {
        int qd = pipe();
        pushAndWait(qd, "unread");
        assertEquals(1, libos.pipe(qd).readable());
        libos.close(qd);
        // the fixture's leak check proves the element went back
    }

    @Test
    void doubleCloseIsEbadfWithAClearMessage() {
        int qd = pipe();
        libos.close(qd);
        PdpixException e = assertThrows(PdpixException.class, () -> libos.close(qd));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(e.getMessage().contains("close(" + qd + ")"), e.getMessage());
        assertTrue(e.getMessage().startsWith("EBADF"), e.getMessage());
    }

    @Test
    void theDataPathOnAClosedQueueAnswersEbadf() {
        int qd = pipe();
        libos.close(qd);
        Sga sga = element("x");
        assertEquals(-Errno.EBADF, libos.push(qd, sga));
        assertEquals(-Errno.EBADF, libos.pushTo(qd, sga, InetEndpoint.ANY));
        assertEquals(-Errno.EBADF, libos.pop(qd));
        assertEquals(-Errno.EBADF, libos.accept(qd));
        assertEquals(-Errno.EBADF, libos.connect(qd, InetEndpoint.ANY));
        assertEquals(-Errno.EBADF, libos.asyncClose(qd));
        assertEquals(-Errno.EBADF, libos.pop(-1));
        assertEquals(-Errno.EBADF, libos.pop(1 << 20));
        libos.sgaFree(sga);
    }

    @Test
    void asyncCloseCompletesACloseToken() {
        int qd = pipe();
        long pop = libos.pop(qd);
        long close = libos.asyncClose(qd);
        assertTrue(close > 0);
        assertEquals(Errno.OK, libos.wait(close, result, SECOND));
        assertEquals(Opcode.CLOSE, result.opcode());
        assertEquals(qd, result.qd());
        assertEquals(Errno.OK, libos.wait(pop, result, 0));
        assertEquals(Errno.ECANCELED, result.ret());
        assertThrows(PdpixException.class, () -> libos.close(qd), "closed already");
        assertEquals(qd, pipe(), "the descriptor is free again");
    }

    @Test
    void pushesOfBadElementsAreEinval() {
        int qd = pipe();
        assertEquals(-Errno.EINVAL, libos.push(qd, null));
        Sga empty = libos.sgaPool().allocateEmpty();
        assertEquals(-Errno.EINVAL, libos.push(qd, empty), "an element with no segments");
        libos.sgaFree(empty);
        Sga zero = libos.sgaAlloc(0);
        assertEquals(0, zero.totalLength());
        assertEquals(-Errno.EINVAL, libos.push(qd, zero), "an element with no bytes");
        libos.sgaFree(zero);
        Sga freed = element("gone");
        libos.sgaFree(freed);
        assertEquals(-Errno.EINVAL, libos.push(qd, freed), "an element already freed");
        Sga x = element("x");
        assertEquals(-Errno.EINVAL, libos.pushTo(qd, x, null));
        libos.sgaFree(x);
        assertEquals(-Errno.EINVAL, libos.connect(qd, null));
    }

    @Test
    void freeRightAfterPushIsSafe() {
        int qd = pipe();
        libos.pipe(qd).stall(true);
        Sga sga = element("protected");
        int buffersBefore = pool.outstanding();
        long push = libos.push(qd, sga);
        assertEquals(2, sga.buffer(0).refCount(), "the library OS holds its own reference");
        var buffer = sga.buffer(0);
        assertEquals(Errno.OK, libos.sgaFree(sga));
        assertEquals(Errno.EINVAL, libos.sgaFree(sga), "double free is refused, not a corruption");
        assertEquals(1, buffer.refCount(), "still held by the queue");
        assertEquals(buffersBefore, pool.outstanding(), "the memory has not returned yet");
        libos.pipe(qd).stall(false);
        assertEquals(Errno.OK, libos.wait(push, result, SECOND));
        assertEquals("protected", popText(qd, SECOND), "the bytes arrived intact");
        assertEquals(buffersBefore - 1, pool.outstanding(), "returned once the last holder let go");
    }

    @Test
    void controlPathMisuseThrowsWithTheCodeAndTheQueue() {
        int qd = pipe();
        PdpixException bind = assertThrows(PdpixException.class, () -> libos.bind(qd, InetEndpoint.ANY));
        assertEquals(Errno.EOPNOTSUPP, bind.errno());
        assertTrue(bind.getMessage().contains("bind is not supported on a DGRAM queue " + qd), bind.getMessage());
        assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> libos.listen(qd, 0)).errno());
        PdpixException option = assertThrows(PdpixException.class, () -> libos.setsockopt(qd, SocketOption.TCP_NODELAY, true));
        assertEquals(Errno.ENOPROTOOPT, option.errno());
        assertTrue(option.getMessage().contains("TCP_NODELAY"), option.getMessage());
        assertEquals(Errno.ENOPROTOOPT, assertThrows(PdpixException.class, () -> libos.getsockopt(qd, SocketOption.SO_RCVBUF)).errno());
        assertEquals(Errno.EBADF, assertThrows(PdpixException.class, () -> libos.getsockname(42)).errno());
        assertEquals(Errno.EPROTONOSUPPORT, assertThrows(PdpixException.class, () -> libos.socket(Domain.PACKET, SocketType.RAW)).errno());
        assertEquals(Errno.EPROTONOSUPPORT, assertThrows(PdpixException.class, () -> libos.socket(Domain.PACKET, SocketType.DGRAM)).errno());
        assertEquals(Errno.EPROTONOSUPPORT, assertThrows(PdpixException.class, () -> libos.socket(Domain.INET, SocketType.RAW)).errno());
        assertEquals(Errno.EAFNOSUPPORT, assertThrows(PdpixException.class, () -> libos.socket(Domain.STORAGE, SocketType.STREAM)).errno());
        assertThrows(NullPointerException.class, () -> libos.socket(null, SocketType.DGRAM));
        @SuppressWarnings({"unchecked", "rawtypes"})
        SocketOption<Object> raw = (SocketOption) SocketOption.SO_RCVBUF;
        assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> libos.setsockopt(qd, raw, "big")).errno());
    }

    @Test
    void unsupportedDataCallsFailTheirToken() {
        int qd = pipe();
        long accept = libos.accept(qd);
        assertTrue(accept > 0);
        assertEquals(Errno.OK, libos.wait(accept, result, 0));
        assertEquals(Opcode.FAILED, result.opcode());
        assertEquals(Opcode.ACCEPT, result.failedOpcode());
        assertEquals(Errno.EOPNOTSUPP, result.ret());
        assertTrue(result.toString().contains("EOPNOTSUPP"), result.toString());
    }

    @Test
    void closingTheLibraryOsCancelsEverythingAndRefusesMore() {
        int qd = pipe();
        libos.pipe(qd).stall(true);
        long pop = libos.pop(qd);
        long push = pushText(qd, "pending");
        libos.close();
        libos.close();  // idempotent
        assertTrue(libos.resourcesClosed());
        assertEquals(Errno.OK, libos.wait(pop, result, LibOS.FOREVER), "completed results can still be consumed");
        assertEquals(Errno.ECANCELED, result.ret());
        assertEquals(Errno.OK, libos.wait(push, result, 0));
        assertEquals(Errno.ECANCELED, result.ret());
        assertEquals(Errno.EBADF, assertThrows(PdpixException.class, () -> libos.socket(Domain.INET, SocketType.DGRAM)).errno());
        assertEquals(Errno.EBADF, assertThrows(PdpixException.class, () -> libos.queue()).errno());
        assertEquals(-Errno.EBADF, libos.pop(qd));
        assertEquals(0, libos.poll());
    }

    @Test
    void aTokenThatCanNeverCompleteAfterCloseIsEbadfNotAHang() {
        int qd = pipe();
        libos.pipe(qd).swallowPops(true);   // a faulty queue: it neither parks nor completes pops
        long lost = libos.pop(qd);
        assertEquals(Errno.ETIMEDOUT, libos.wait(lost, result, 1_000_000L));
        libos.close();
        assertEquals(Errno.EBADF, libos.wait(lost, result, LibOS.FOREVER));
        assertEquals(-Errno.EBADF, libos.waitAny(new long[] {lost}, 1, result, LibOS.FOREVER));
        assertEquals(Errno.EBADF, libos.waitAll(new long[] {lost}, 1, new QResult[] {result}, LibOS.FOREVER));
        assertEquals(0, libos.waitNext(new QResult[] {result}, LibOS.FOREVER));
    }

    @Test
    void runningOutOfTokensIsEnomem() {
        TestLibOS small = new TestLibOS(LibOSConfig.of("test", LibOSConfig.MAX_OPERATIONS, "2"), pool);
        int qd = small.queue();
        assertTrue(small.pop(qd) > 0);
        assertTrue(small.pop(qd) > 0);
        assertEquals(-Errno.ENOMEM, small.pop(qd));
        Sga sga = small.sgaAlloc(1);
        sga.setByte(0, (byte) 1);
        assertEquals(-Errno.ENOMEM, small.push(qd, sga));
        assertEquals(1, small.sgaPool().outstanding(), "the refused push kept no copy");
        small.sgaFree(sga);
        assertEquals(-Errno.ENOMEM, small.qconnect(qd, small.queue()));
        small.close();
    }

    @Test
    void runningOutOfDescriptorsIsEnfile() {
        TestLibOS small = new TestLibOS(LibOSConfig.of("test", LibOSConfig.MAX_QUEUES, "2"), pool);
        small.queue();
        int second = small.queue();
        PdpixException e = assertThrows(PdpixException.class, small::queue);
        assertEquals(Errno.ENFILE, e.errno());
        assertTrue(e.getMessage().contains(LibOSConfig.MAX_QUEUES), e.getMessage());
        small.close(second);
        assertEquals(second, small.queue(), "the lowest free descriptor is reused");
        small.close();
    }

    @Test
    void runningOutOfElementsIsANullNotAThrow() {
        TestLibOS small = new TestLibOS(LibOSConfig.of("test", LibOSConfig.MAX_SGAS, "1"), pool);
        Sga one = small.sgaAlloc(10);
        assertNull(small.sgaAlloc(10));
        int qd = small.queue();
        assertEquals(-Errno.ENOMEM, small.push(qd, one), "no Sga left for the free-protected copy");
        small.sgaFree(one);
        assertNull(small.sgaAlloc(-1));
        assertNull(small.sgaAlloc((int) small.maxElement() + 1));
        assertEquals(16L * SEGMENT, small.maxElement());
        small.close();
    }

    @Test
    void badConfigurationIsAClearError() {
        try (ArenaBufferPool p = new ArenaBufferPool("cfg", 1, 64, 0, false)) {
            for (String key : new String[] {LibOSConfig.MAX_OPERATIONS, LibOSConfig.MAX_QUEUES, LibOSConfig.MAX_SGAS, AbstractLibOS.SORT_WINDOW}) {
                PdpixException zero = assertThrows(PdpixException.class, () -> new TestLibOS(LibOSConfig.of("test", key, "0"), p));
                assertEquals(Errno.EINVAL, zero.errno());
                assertTrue(zero.getMessage().contains(key), zero.getMessage());
                PdpixException word = assertThrows(PdpixException.class, () -> new TestLibOS(LibOSConfig.of("test", key, "many"), p));
                assertTrue(word.getMessage().contains("not an integer"), word.getMessage());
            }
            PdpixException idle = assertThrows(PdpixException.class, () -> new TestLibOS(LibOSConfig.of("test", LibOSConfig.IDLE, "nap"), p));
            assertEquals(Errno.EINVAL, idle.errno());
            assertTrue(idle.getMessage().contains("pdpix.idle=nap"), idle.getMessage());
            new TestLibOS(LibOSConfig.of("test", LibOSConfig.IDLE, "park:10us"), p).close();
        }
    }

    @Test
    void pollRunsQueuesScheduledForService() {
        QResult r = new QResult();
        assertFalse(r.ok());
        assertEquals(Opcode.INVALID, r.opcode());
        assertTrue(libos.poll() >= 0);
        assertTrue(libos.statistics().dutyCycles() >= 1);
        assertTrue(libos.statistics().toString().contains("duty cycles"));
    }
}
