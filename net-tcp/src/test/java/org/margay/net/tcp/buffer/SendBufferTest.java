package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBufferTest {
    private static byte[] bytes(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] copyOut(SendBuffer buffer, int offset, int length) {
        byte[] out = new byte[length];
        buffer.copyOut(offset, out, 0, length);
        return out;
    }

    @Test
    void emptyRing() {
        SendBuffer buffer = SendBuffer.ofCapacity(16);
        assertEquals(16, buffer.capacity());
        assertEquals(0, buffer.length());
        assertEquals(16, buffer.free());
        assertTrue(buffer.isEmpty());
        buffer.copyOut(0, new byte[0], 0, 0);
        buffer.consume(0);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.copyOut(0, new byte[1], 0, 1));
    }

    @Test
    void appendTakesAtMostFree() {
        SendBuffer buffer = SendBuffer.ofCapacity(10);
        assertEquals(6, buffer.append(bytes(0, 6), 0, 6));
        assertEquals(4, buffer.append(bytes(6, 8), 0, 8));
        assertEquals(10, buffer.length());
        assertEquals(0, buffer.free());
        assertEquals(0, buffer.append(bytes(50, 3), 0, 3), "a full ring takes nothing");
        assertArrayEquals(bytes(0, 10), copyOut(buffer, 0, 10));
    }

    @Test
    void wrapAroundAtEveryPosition() {
        int capacity = 7;
        for (int start = 0; start < capacity; start++) {
            for (int n = 1; n < capacity; n++) {
                SendBuffer buffer = SendBuffer.ofCapacity(capacity);
                // Leave one byte at ring index `start`, then append n bytes after it.
                buffer.append(bytes(100, start + 1), 0, start + 1);
                buffer.consume(start);
                byte[] data = bytes(n * 10, n);
                assertEquals(n, buffer.append(data, 0, n), "start " + start + " n " + n);
                assertEquals(n + 1, buffer.length());
                assertArrayEquals(data, copyOut(buffer, 1, n), "start " + start + " n " + n);
                for (int offset = 1; offset <= n; offset++) {
                    assertArrayEquals(Arrays.copyOfRange(data, offset - 1, n), copyOut(buffer, offset, n - offset + 1));
                }
                buffer.consume(1);
                assertArrayEquals(data, copyOut(buffer, 0, n));
                buffer.consume(n);
                assertTrue(buffer.isEmpty());
            }
        }
    }

    @Test
    void fullRingWrappedAtEveryPosition() {
        int capacity = 5;
        for (int start = 0; start < capacity; start++) {
            SendBuffer buffer = SendBuffer.ofCapacity(capacity);
            buffer.append(bytes(0, start + 1), 0, start + 1);
            buffer.consume(start);
            buffer.append(bytes(1, capacity), 0, capacity);
            assertEquals(capacity, buffer.length());
            assertArrayEquals(bytes(start, 1), copyOut(buffer, 0, 1));
            assertArrayEquals(bytes(1, capacity - 1), copyOut(buffer, 1, capacity - 1));
        }
    }

    @Test
    void nativeSegmentsEitherSide() {
        try (Arena arena = Arena.ofConfined()) {
            SendBuffer buffer = new SendBuffer(arena.allocate(8));
            MemorySegment src = arena.allocate(12);
            for (int i = 0; i < 12; i++) {
                src.set(ValueLayout.JAVA_BYTE, i, (byte) (i + 1));
            }
            assertEquals(5, buffer.append(src, 0, 5));
            buffer.consume(4);
            assertEquals(7, buffer.append(src, 5, 7)); // wraps: ring indexes 5..7 then 0..3
            MemorySegment dst = arena.allocate(16);
            buffer.copyOut(0, dst, 3, 8);
            for (int i = 0; i < 8; i++) {
                assertEquals((byte) (i + 5), dst.get(ValueLayout.JAVA_BYTE, 3 + i));
            }
        }
    }

    @Test
    void misuseIsRejected() {
        SendBuffer buffer = SendBuffer.ofCapacity(8);
        buffer.append(bytes(0, 4), 0, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.copyOut(2, new byte[8], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.copyOut(-1, new byte[8], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.copyOut(0, new byte[8], 0, -1));
        assertThrows(IllegalArgumentException.class, () -> buffer.consume(5));
        assertThrows(IllegalArgumentException.class, () -> buffer.consume(-1));
        assertThrows(IllegalArgumentException.class, () -> buffer.append(MemorySegment.ofArray(new byte[4]), 0, -1));
        assertThrows(IllegalArgumentException.class, () -> SendBuffer.ofCapacity(0));
        assertThrows(IllegalArgumentException.class,
                () -> new SendBuffer(MemorySegment.ofArray(new byte[4]).asReadOnly()));
        assertEquals(4, buffer.length(), "a refused call changes nothing");
    }

    @Test
    void clearEmptiesTheRing() {
        SendBuffer buffer = SendBuffer.ofCapacity(4);
        buffer.append(bytes(0, 3), 0, 3);
        buffer.consume(1);
        buffer.clear();
        assertEquals(0, buffer.length());
        assertEquals(4, buffer.append(bytes(9, 4), 0, 4));
        assertArrayEquals(bytes(9, 4), copyOut(buffer, 0, 4));
    }

    /**
     * Against a plain byte[] model: each operation code picks append, copyOut (send or retransmit) or consume
     * (an ACK), and its argument sets the amount and offset.
     */
    @Test
    void behavesLikeAByteArrayModel() {
        qt().withExamples(300)
                .forAll(integers().between(1, 48), lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120))
                .checkAssert(SendBufferTest::runAgainstModel);
    }

    private static void runAgainstModel(int capacity, List<Integer> operations) {
        SendBuffer buffer = SendBuffer.ofCapacity(capacity);
        byte[] model = new byte[capacity];
        int modelLength = 0;
        int next = 0; // the value of the next application byte
        for (int op : operations) {
            int argument = op >>> 2;
            switch (op & 3) {
                case 0, 1 -> {
                    int want = argument % (capacity + 3);
                    byte[] src = bytes(next, want + 2);
                    int taken = buffer.append(src, 1, want);
                    int expected = Math.min(want, capacity - modelLength);
                    assertEquals(expected, taken);
                    System.arraycopy(src, 1, model, modelLength, taken);
                    modelLength += taken;
                    next += want + 2;
                }
                case 2 -> {
                    if (modelLength > 0) {
                        int offset = argument % modelLength;
                        int length = (argument / modelLength) % (modelLength - offset + 1);
                        assertArrayEquals(Arrays.copyOfRange(model, offset, offset + length), copyOut(buffer, offset, length));
                    }
                }
                default -> {
                    int acked = argument % (modelLength + 1);
                    buffer.consume(acked);
                    System.arraycopy(model, acked, model, 0, modelLength - acked);
                    modelLength -= acked;
                }
            }
            assertEquals(modelLength, buffer.length());
            assertEquals(capacity - modelLength, buffer.free());
        }
        assertArrayEquals(Arrays.copyOf(model, modelLength), copyOut(buffer, 0, modelLength));
    }
}
