package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Growable rings against a reference model: the model is the byte stream itself (byte {@code k} of the stream is
 * {@link #streamByte(long) streamByte(k)}), so any byte a ring returns can be checked against its absolute stream
 * offset. Random appends, copies and consumes on {@link SendBuffer#growable}; random in-order and out-of-order
 * writes (anywhere in the window, recorded in an {@link Assembler}), commits, reads, peeks and skips on
 * {@link ReceiveBuffer#growable}. Capacities reach 96 KiB and transfers 9,000 bytes, so the storage grows several
 * times, with the ring wrapped and with out-of-order bytes sitting in the window while it does.
 *
 * <p>Besides the bytes: the capacity, free space and window never depend on the storage held; the storage never
 * exceeds the capacity and always covers what the ring holds; it grows at most once per doubling from 4 KiB; and
 * {@link SendBuffer#release()}/{@link ReceiveBuffer#release()} give it back only when the ring is empty.
 */
class GrowableRingPropertyTest {

    static byte streamByte(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (byte) (h >>> 56 ^ h >>> 29);
    }

    private static byte[] stream(long from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = streamByte(from + i);
        }
        return b;
    }

    /** Growths allowed from empty to {@code capacity}: one per doubling from 4 KiB, plus the first. */
    private static int maxGrowths(int capacity) {
        int n = 1;
        for (long s = RingCopy.FIRST_GROWTH; s < capacity; s *= 2) {
            n++;
        }
        return n;
    }

    @Test
    void sendBufferMatchesTheStream() {
        qt().withExamples(400)
                .forAll(integers().between(1, 96 * 1024), lists().of(longs().all()).ofSizeBetween(0, 120))
                .checkAssert(GrowableRingPropertyTest::runSend);
    }

    private static void runSend(int capacity, List<Long> ops) {
        SendBuffer ring = SendBuffer.growable(capacity);
        assertEquals(0, ring.storageBytes(), "no storage before the first append");
        long una = 0; // stream offset of ring offset 0
        int growths = 0;
        int storage = 0;
        for (long e : ops) {
            int op = (int) Long.remainderUnsigned(e, 7);
            int a = (int) (e >>> 8) & 0x7FFFFFFF;
            int b = (int) (e >>> 36) & 0x7FFFFFF;
            switch (op) {
                case 0, 1, 2 -> {
                    int n = a % 9000;
                    int before = ring.length();
                    int taken = ring.append(stream(una + before, n), 0, n);
                    assertEquals(Math.min(n, capacity - before), taken);
                }
                case 3, 4 -> {
                    if (ring.length() > 0) {
                        int off = a % ring.length();
                        int n = b % (ring.length() - off + 1);
                        byte[] out = new byte[n];
                        ring.copyOut(off, out, 0, n);
                        for (int i = 0; i < n; i++) {
                            assertEquals(streamByte(una + off + i), out[i], "byte at offset " + (off + i));
                        }
                    }
                }
                case 5 -> {
                    int n = a % (ring.length() + 1);
                    ring.consume(n);
                    una += n;
                }
                default -> {
                    boolean held = ring.storageBytes() > 0;
                    boolean released = ring.release();
                    assertEquals(ring.isEmpty() && held, released);
                    if (released) {
                        assertEquals(0, ring.storageBytes());
                        growths = 0;
                        storage = 0;
                    }
                }
            }
            if (ring.storageBytes() != storage) {
                assertTrue(ring.storageBytes() > storage, "storage shrank outside release");
                storage = ring.storageBytes();
                growths++;
            }
            assertEquals(capacity, ring.capacity());
            assertEquals(capacity - ring.length(), ring.free());
            assertTrue(ring.storageBytes() <= capacity && ring.storageBytes() >= ring.length(), ring.toString());
            assertTrue(growths <= maxGrowths(capacity), "grew " + growths + " times: " + ring);
        }
        // Whatever is held is still the stream.
        byte[] all = new byte[ring.length()];
        ring.copyOut(0, all, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(streamByte(una + i), all[i]);
        }
    }

    @Test
    void receiveBufferMatchesTheStream() {
        qt().withExamples(400)
                .forAll(integers().between(1, 96 * 1024), integers().between(1, 8),
                        lists().of(longs().all()).ofSizeBetween(0, 150))
                .checkAssert(GrowableRingPropertyTest::runReceive);
    }

    private static void runReceive(int capacity, int maxRanges, List<Long> ops) {
        ReceiveBuffer ring = ReceiveBuffer.growable(capacity);
        Assembler assembler = new Assembler(maxRanges);
        assertEquals(0, ring.storageBytes(), "no storage before the first write");
        long rcvNxt = 0; // stream offset of RCV.NXT
        long readNext = 0; // stream offset of the first readable byte
        int growths = 0;
        int storage = 0;
        for (long e : ops) {
            int op = (int) Long.remainderUnsigned(e, 9);
            int a = (int) (e >>> 8) & 0x7FFFFFFF;
            int b = (int) (e >>> 36) & 0x7FFFFFF;
            switch (op) {
                case 0, 1, 2, 3 -> { // a segment anywhere in (or a little past) the window
                    int offset = op == 0 ? 0 : a % (ring.window() + 2000);
                    int n = b % 9000;
                    int stored = ring.writeAt(offset, stream(rcvNxt + offset, n), 0, n);
                    assertEquals(offset >= ring.window() ? 0 : Math.min(n, ring.window() - offset), stored);
                    int inOrder = assembler.add(offset, stored);
                    if (inOrder > 0) {
                        ring.commit(inOrder);
                        rcvNxt += inOrder;
                    }
                }
                case 4, 5 -> {
                    byte[] out = new byte[a % 12000];
                    int n = ring.read(out, 0, out.length);
                    assertEquals(Math.min(out.length, (int) (rcvNxt - readNext)), n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(streamByte(readNext + i), out[i], "byte " + (readNext + i));
                    }
                    readNext += n;
                }
                case 6 -> {
                    int off = ring.readable() == 0 ? 0 : a % ring.readable();
                    byte[] out = new byte[b % 5000];
                    int n = ring.peek(off, out, 0, out.length);
                    for (int i = 0; i < n; i++) {
                        assertEquals(streamByte(readNext + off + i), out[i]);
                    }
                }
                case 7 -> readNext += ring.skip(a % 6000);
                default -> {
                    boolean held = ring.storageBytes() > 0;
                    boolean released = ring.release();
                    assertEquals(ring.readable() == 0 && held, released);
                    if (released) {
                        assembler.clear(); // the window's bytes went with the storage
                        assertEquals(0, ring.storageBytes());
                        growths = 0;
                        storage = 0;
                    }
                }
            }
            if (ring.storageBytes() != storage) {
                assertTrue(ring.storageBytes() > storage, "storage shrank outside release");
                storage = ring.storageBytes();
                growths++;
            }
            assertEquals(rcvNxt - readNext, ring.readable());
            assertEquals(capacity, ring.capacity());
            assertEquals(capacity - ring.readable(), ring.window(), "the window ignores the storage held");
            assertTrue(ring.storageBytes() <= capacity, ring.toString());
            assertTrue(growths <= maxGrowths(capacity), "grew " + growths + " times: " + ring);
        }
    }

    @Test
    void outOfOrderBytesSurviveGrowthAcrossTheWrap() {
        int capacity = 64 * 1024;
        ReceiveBuffer ring = ReceiveBuffer.growable(capacity);
        Assembler assembler = new Assembler(4);
        // Fill 3 KiB in order and read 2.5 KiB, so the first 4 KiB of storage has its head near the end.
        assertEquals(3000, ring.writeAt(0, stream(0, 3000), 0, 3000));
        ring.commit(assembler.add(0, 3000));
        assertEquals(4096, ring.storageBytes());
        byte[] sink = new byte[2500];
        assertEquals(2500, ring.read(sink, 0, 2500));
        // Out of order, wrapping the 4 KiB ring: stream [3500, 5500) at offset 500 from RCV.NXT (3000).
        assertEquals(2000, ring.writeAt(500, stream(3500, 2000), 0, 2000));
        assertEquals(0, assembler.add(500, 2000));
        assertEquals(4096, ring.storageBytes());
        // Far out of order: forces growth while the wrapped bytes wait in the window.
        assertEquals(1000, ring.writeAt(20_000, stream(23_000, 1000), 0, 1000));
        assertEquals(0, assembler.add(20_000, 1000));
        assertTrue(ring.storageBytes() >= 500 + 21_000, ring.toString());
        // Fill the first hole: everything up to 5500 becomes readable and is the stream.
        assertEquals(500, ring.writeAt(0, stream(3000, 500), 0, 500));
        int inOrder = assembler.add(0, 500);
        assertEquals(2500, inOrder);
        ring.commit(inOrder);
        byte[] out = new byte[3000];
        assertEquals(3000, ring.read(out, 0, 3000));
        for (int i = 0; i < 3000; i++) {
            assertEquals(streamByte(2500 + i), out[i]);
        }
        assertFalse(assembler.isEmpty());
        assertEquals(capacity, ring.window() + ring.readable());
    }

    @Test
    void ringsOverGivenStorageNeverReleaseIt() {
        SendBuffer send = SendBuffer.ofCapacity(100);
        ReceiveBuffer receive = ReceiveBuffer.ofCapacity(100);
        assertEquals(100, send.storageBytes());
        assertFalse(send.release());
        assertFalse(receive.release());
        assertEquals(100, receive.storageBytes());
    }
}
