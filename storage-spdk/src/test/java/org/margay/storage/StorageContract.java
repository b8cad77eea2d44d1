package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * The storage queue contract, written once and run on every backend present ({@link #backend()}): append and read
 * back atomic elements of every size, log-order pops with an empty element at the end, reads at an index, seek,
 * scatter-gather elements, flush, reopening (recovery and new appends), creating over an old log, a full device,
 * an element too large, closing with operations in flight, and the refusals.
 */
abstract class StorageContract {
    static final long PATIENCE = 30_000_000_000L;

    protected StorageLibOS los;
    protected String target;
    private final List<StorageLibOS> extra = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    /** The backend under test. */
    protected abstract Backends backend();

    @BeforeEach
    void openLibOS() {
        backend().require();
        los = StorageLibOS.open(backend().config());
        target = freshTarget();
    }

    /** A new target, removed after the test. */
    protected String freshTarget() {
        return freshTargetFromOutside(backend().freshTarget());
    }

    /** Records {@code t}, made by a subclass, as a target to remove after the test ({@link #discardTarget}). */
    protected final String freshTargetFromOutside(String t) {
        targets.add(t);
        return t;
    }

    /** Removes a target {@link #freshTarget} made. */
    protected void discardTarget(String t) {
        backend().discard(t);
    }

    @AfterEach
    void closeLibOS() {
        if (los == null) {
            return;
        }
        los.close();
        for (StorageLibOS o : extra) {
            o.close();
        }
        for (String t : targets) {
            discardTarget(t);
        }
        assertEquals(0, los.sgaPool().outstanding(), "elements out after close");
        assertEquals(0, los.elementPool().outstanding(), "element buffers out after close");
        assertEquals(0, los.batchPool().outstanding(), "batch buffers out after close");
        assertEquals(0, los.memoryManager().outstanding(), () -> los.memoryManager().leakReport());
    }

    /** Another instance of the same backend (to reopen a target as a restarted process would). */
    protected StorageLibOS another(String... settings) {
        StorageLibOS o = StorageLibOS.open(backend().config(settings));
        extra.add(o);
        return o;
    }

    static byte[] pattern(int size, long seed) {
        byte[] b = new byte[size];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static QResult await(StorageLibOS s, long qt) {
        assertTrue(qt > 0, () -> "expected a qtoken, got " + qt);
        QResult r = new QResult();
        assertEquals(Errno.OK, s.wait(qt, r, PATIENCE));
        return r;
    }

    static long push(StorageLibOS s, int qd, byte[] bytes) {
        Sga sga = s.sgaAlloc(bytes.length);
        assertNotNull(sga, () -> "sgaAlloc(" + bytes.length + ")");
        sga.fill(bytes);
        long qt = s.push(qd, sga);
        assertEquals(Errno.OK, s.sgaFree(sga), "free right after push");
        return qt;
    }

    static void pushAndWait(StorageLibOS s, int qd, byte[] bytes) {
        QResult r = await(s, push(s, qd, bytes));
        assertEquals(Opcode.PUSH, r.opcode(), () -> "push: " + r);
    }

    static byte[] take(StorageLibOS s, QResult r) {
        assertEquals(Opcode.POP, r.opcode(), () -> "pop: " + r);
        byte[] bytes = r.sga().toByteArray();
        s.sgaFree(r.sga());
        return bytes;
    }

    static byte[] popBytes(StorageLibOS s, int qd) {
        return take(s, await(s, s.pop(qd)));
    }

    static void assertEnd(StorageLibOS s, int qd) {
        QResult r = await(s, s.pop(qd));
        assertEquals(Opcode.POP, r.opcode());
        assertEquals(0, r.sga().segmentCount(), "the end of the log is an empty element");
        s.sgaFree(r.sga());
    }

    private int[] sizes() {
        int max = (int) los.maxElement();
        return new int[] {1, 2, 31, 32, 33, 511, 512, 4095, 4096, 4097, 16_000, 16_384, 65_536, max - 100, max};
    }

    @Test
    void elementsOfEverySizeReadBackWholeAndInOrder() {
        int qd = los.open(target, OpenMode.CREATE);
        int[] sizes = sizes();
        for (int i = 0; i < sizes.length; i++) {
            pushAndWait(los, qd, pattern(sizes[i], i));
        }
        assertEquals(sizes.length, los.elements(qd));
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(pattern(sizes[i], i), popBytes(los, qd), "element " + i + " (" + sizes[i] + " bytes)");
        }
        assertEnd(los, qd);
        los.close(qd);
    }

    @Test
    void manyPushesInFlightCompleteInLogOrder() {
        int qd = los.open(target, OpenMode.CREATE);
        int n = 300;
        long[] pushes = new long[n];
        for (int i = 0; i < n; i++) {
            pushes[i] = push(los, qd, pattern(1 + i * 37 % 3000, i));
        }
        QResult[] results = {new QResult(), new QResult(), new QResult(), new QResult()};
        List<Long> order = new ArrayList<>();
        while (order.size() < n) {
            int got = los.waitNext(results, PATIENCE);
            assertTrue(got > 0, "waitNext makes progress");
            for (int i = 0; i < got; i++) {
                assertEquals(Opcode.PUSH, results[i].opcode(), results[i]::toString);
                order.add(results[i].qt());
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(pushes[i], (long) order.get(i), "push " + i + " completes in log order");
        }
        for (int i = 0; i < n; i++) {
            assertArrayEquals(pattern(1 + i * 37 % 3000, i), popBytes(los, qd));
        }
        los.close(qd);
    }

    @Test
    void popAtReadsAnyElementWithoutMovingTheCursor() {
        int qd = los.open(target, OpenMode.CREATE);
        for (int i = 0; i < 20; i++) {
            pushAndWait(los, qd, pattern(100 + i, i));
        }
        assertArrayEquals(pattern(100 + 13, 13), take(los, await(los, los.popAt(qd, 13))));
        assertArrayEquals(pattern(100, 0), popBytes(los, qd), "the cursor did not move");
        los.seek(qd, 19);
        assertArrayEquals(pattern(119, 19), popBytes(los, qd));
        assertEnd(los, qd);
        QResult beyond = await(los, los.popAt(qd, 20));
        assertEquals(Opcode.FAILED, beyond.opcode());
        assertEquals(Errno.EINVAL, beyond.ret(), "no element 20");
        assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> los.seek(qd, 21)).errno());
        los.close(qd);
    }

    @Test
    void aScatterGatherElementIsOneRecord() {
        int qd = los.open(target, OpenMode.CREATE);
        Sga a = los.sgaAlloc(3000).fill(pattern(3000, 1));
        Sga b = los.sgaAlloc(5000).fill(pattern(5000, 2));
        a.append(b.buffer(0).retain());
        los.sgaFree(b);
        long qt = los.push(qd, a);
        los.sgaFree(a);
        assertEquals(Opcode.PUSH, await(los, qt).opcode());
        byte[] expected = new byte[8000];
        System.arraycopy(pattern(3000, 1), 0, expected, 0, 3000);
        System.arraycopy(pattern(5000, 2), 0, expected, 3000, 5000);
        assertArrayEquals(expected, popBytes(los, qd));
        los.close(qd);
    }

    @Test
    void flushCompletesAfterEveryEarlierPush() {
        int qd = los.open(target, OpenMode.CREATE);
        long[] pushes = new long[10];
        for (int i = 0; i < pushes.length; i++) {
            pushes[i] = push(los, qd, pattern(500, i));
        }
        long flush = los.flush(qd);
        QResult r = await(los, flush);
        assertEquals(Opcode.FLUSH, r.opcode(), "a flush completes as FLUSH");
        for (long qt : pushes) {
            assertTrue(los.isDone(qt), "every push before the flush completed first");
        }
        for (long qt : pushes) {
            await(los, qt);
        }
        los.close(qd);
    }

    @Test
    void reopeningRecoversEveryElementAndAppendsAfterThem() {
        int qd = los.open(target, OpenMode.CREATE);
        for (int i = 0; i < 50; i++) {
            pushAndWait(los, qd, pattern(10 + i * 13, i));
        }
        los.close(qd);
        StorageLibOS restarted = another();
        int again = restarted.open(target, OpenMode.OPEN);
        assertEquals(50, restarted.elements(again));
        for (int i = 50; i < 60; i++) {
            pushAndWait(restarted, again, pattern(10 + i * 13, i));
        }
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(pattern(10 + i * 13, i), popBytes(restarted, again), "element " + i);
        }
        assertEnd(restarted, again);
        restarted.close(again);
        StorageLibOS third = another();
        int last = third.open(target, OpenMode.OPEN);
        assertEquals(60, third.elements(last), "a second session's appends survive too");
        third.close(last);
    }

    @Test
    void createOverAnOldLogStartsEmpty() {
        int qd = los.open(target, OpenMode.CREATE);
        pushAndWait(los, qd, pattern(100, 1));
        los.close(qd);
        int fresh = los.open(target, OpenMode.CREATE);
        assertEquals(0, los.elements(fresh));
        assertEnd(los, fresh);
        los.close(fresh);
        int reopened = los.open(target, OpenMode.OPEN);
        assertEquals(0, los.elements(reopened), "the old epoch's records are not read back");
        los.close(reopened);
    }

    @Test
    void openingATargetWithNoLogIsRefusedButOpenOrCreateMakesOne() {
        int qd = los.open(target, OpenMode.OPEN_OR_CREATE);
        assertEquals(0, los.elements(qd));
        los.close(qd);
        String other = freshTarget();
        PdpixException e = assertThrows(PdpixException.class, () -> los.open(other, OpenMode.OPEN));
        assertTrue(e.getMessage().contains(other), e.getMessage());
    }

    @Test
    void anElementAboveTheMaximumIsTooLarge() {
        int qd = los.open(target, OpenMode.CREATE);
        int size = (int) los.maxElement() + 1;
        try (org.margay.fastpath.buffer.ArenaBufferPool outside = new org.margay.fastpath.buffer.ArenaBufferPool("big", 1, size, 0)) {
            org.margay.fastpath.buffer.PacketBuffer b = outside.allocate();
            b.append(size);
            Sga big = los.sgaPool().allocateEmpty().append(b);
            QResult r = await(los, los.push(qd, big));
            assertEquals(Opcode.FAILED, r.opcode());
            assertEquals(Errno.EMSGSIZE, r.ret());
            los.sgaFree(big);
        }
        los.close(qd);
    }

    @Test
    void aFullDeviceRefusesTheNextElement() {
        StorageLibOS small = another("storage.capacity", "512k");
        String t = freshTarget();
        int qd = small.open(t, OpenMode.CREATE);
        int accepted = 0;
        while (true) {
            QResult r = await(small, push(small, qd, pattern(16_000, accepted)));
            if (r.opcode() == Opcode.FAILED) {
                assertEquals(Errno.ENOSPC, r.ret(), "the device is full");
                break;
            }
            accepted++;
            assertTrue(accepted < 1000, "a 512 KiB device fills up");
        }
        assertTrue(accepted >= 20, "most of the device holds records: " + accepted);
        for (int i = 0; i < accepted; i++) {
            assertArrayEquals(pattern(16_000, i), popBytes(small, qd));
        }
        small.close(qd);
    }

    @Test
    void closingWithOperationsInFlightCancelsThemAndLeaksNothing() {
        int qd = los.open(target, OpenMode.CREATE);
        for (int i = 0; i < 5; i++) {
            pushAndWait(los, qd, pattern(1000, i));
        }
        long[] pushes = new long[20];
        for (int i = 0; i < pushes.length; i++) {
            pushes[i] = push(los, qd, pattern(2000, 100 + i));
        }
        long pop = los.pop(qd);
        long flush = los.flush(qd);
        los.close(qd);
        for (long qt : pushes) {
            QResult r = await(los, qt);
            assertTrue(r.opcode() == Opcode.PUSH || r.ret() == Errno.ECANCELED, r::toString);
        }
        QResult popped = await(los, pop);
        if (popped.sga() != null) {
            los.sgaFree(popped.sga());
        }
        assertEquals(Errno.ECANCELED, await(los, flush).ret());
    }

    @Test
    void storageQueuesAreNotSockets() {
        assertEquals(Errno.EAFNOSUPPORT, assertThrows(PdpixException.class, () -> los.socket(Domain.INET, SocketType.STREAM)).errno());
        assertEquals(-Errno.EBADF, los.popAt(77, 0));
        assertEquals(-Errno.EBADF, los.flush(77));
    }

    @Test
    void theLibOsIsFoundByName() {
        try (var opened = org.margay.pdpix.LibOSes.open(backend().config())) {
            assertTrue(opened instanceof StorageLibOS);
            assertEquals("storage", opened.name());
        }
    }

    /** For subclasses that need a raw configuration. */
    protected LibOSConfig config(String... settings) {
        return backend().config(settings);
    }
}
