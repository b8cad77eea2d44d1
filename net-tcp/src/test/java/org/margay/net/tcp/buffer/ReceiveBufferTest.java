package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {
    private static byte[] bytes(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] read(ReceiveBuffer buffer, int max) {
        byte[] out = new byte[max];
        int n = buffer.read(out, 0, max);
        return Arrays.copyOf(out, n);
    }

    /** Moves the ring's read position to {@code index} with nothing readable. */
    private static ReceiveBuffer startingAt(int capacity, int index) {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(capacity);
        buffer.writeAt(0, new byte[index], 0, index);
        buffer.commit(index);
        buffer.skip(index);
        return buffer;
    }

    @Test
    void emptyRing() {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(12);
        assertEquals(12, buffer.capacity());
        assertEquals(0, buffer.readable());
        assertEquals(12, buffer.window());
        assertEquals(0, buffer.read(new byte[4], 0, 4));
        assertEquals(0, buffer.skip(4));
    }

    @Test
    void inOrderWriteWrapsAtEveryPosition() {
        int capacity = 7;
        for (int start = 0; start < capacity; start++) {
            for (int n = 1; n <= capacity; n++) {
                ReceiveBuffer buffer = startingAt(capacity, start);
                assertEquals(capacity, buffer.window());
                byte[] data = bytes(n, n);
                assertEquals(n, buffer.writeAt(0, data, 0, n));
                assertEquals(0, buffer.readable(), "writing alone makes nothing readable");
                buffer.commit(n);
                assertEquals(n, buffer.readable());
                assertEquals(capacity - n, buffer.window());
                byte[] peeked = new byte[n];
                assertEquals(n, buffer.peek(0, peeked, 0, n));
                assertArrayEquals(data, peeked, "start " + start + " n " + n);
                assertArrayEquals(data, read(buffer, n + 5), "start " + start + " n " + n);
                assertEquals(capacity, buffer.window());
            }
        }
    }

    @Test
    void outOfOrderWriteWrapsAtEveryPosition() {
        int capacity = 9;
        for (int start = 0; start < capacity; start++) {
            for (int hole = 1; hole < capacity; hole++) {
                ReceiveBuffer buffer = startingAt(capacity, start);
                byte[] stream = bytes(40, capacity);
                assertEquals(capacity - hole, buffer.writeAt(hole, stream, hole, capacity - hole));
                assertEquals(hole, buffer.writeAt(0, stream, 0, hole));
                buffer.commit(capacity);
                assertEquals(0, buffer.window());
                assertArrayEquals(stream, read(buffer, capacity), "start " + start + " hole " + hole);
            }
        }
    }

    @Test
    void writesAreClippedToTheWindow() {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(10);
        buffer.writeAt(0, bytes(0, 4), 0, 4);
        buffer.commit(4);
        assertEquals(6, buffer.window());
        assertEquals(2, buffer.writeAt(4, bytes(0, 5), 0, 5), "straddles the right edge: the tail is cut");
        assertEquals(0, buffer.writeAt(6, bytes(0, 5), 0, 5), "starts at the right edge");
        assertEquals(0, buffer.writeAt(100, bytes(0, 5), 0, 5), "wholly beyond the window");
        assertEquals(6, buffer.writeAt(0, bytes(4, 9), 0, 9));
        assertEquals(0, buffer.writeAt(0, bytes(0, 0), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> buffer.commit(7));
        buffer.commit(6);
        assertArrayEquals(bytes(0, 10), read(buffer, 10));
    }

    @Test
    void fullRingHasNoWindow() {
        ReceiveBuffer buffer = startingAt(6, 4);
        buffer.writeAt(0, bytes(0, 6), 0, 6);
        buffer.commit(6);
        assertEquals(0, buffer.window());
        assertEquals(0, buffer.writeAt(0, bytes(9, 1), 0, 1), "a zero window stores nothing");
        assertEquals(1, buffer.skip(1));
        assertEquals(1, buffer.window());
        assertEquals(1, buffer.writeAt(0, bytes(6, 3), 0, 3));
        buffer.commit(1);
        assertArrayEquals(bytes(1, 6), read(buffer, 100));
    }

    @Test
    void peekAtAnOffsetThenSkip() {
        ReceiveBuffer buffer = startingAt(8, 5);
        buffer.writeAt(0, bytes(0, 7), 0, 7);
        buffer.commit(7);
        byte[] out = new byte[10];
        assertEquals(4, buffer.peek(3, out, 1, 10));
        assertArrayEquals(bytes(3, 4), Arrays.copyOfRange(out, 1, 5));
        assertEquals(0, buffer.peek(7, out, 0, 10));
        assertEquals(0, buffer.peek(50, out, 0, 10), "beyond the readable bytes: nothing");
        assertEquals(3, buffer.skip(3));
        assertArrayEquals(bytes(3, 4), read(buffer, 10));
        assertEquals(0, buffer.skip(3));
    }

    @Test
    void readingDoesNotMoveBytesWaitingInTheWindow() {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(8);
        buffer.writeAt(0, bytes(0, 3), 0, 3);
        buffer.commit(3);
        buffer.writeAt(2, bytes(5, 2), 0, 2); // out of order: stream bytes 5..6
        assertEquals(3, read(buffer, 8).length); // drains every readable byte
        buffer.writeAt(0, bytes(3, 2), 0, 2);
        buffer.commit(4);
        assertArrayEquals(bytes(3, 4), read(buffer, 8));
    }

    @Test
    void nativeSegmentsEitherSide() {
        try (Arena arena = Arena.ofConfined()) {
            ReceiveBuffer buffer = new ReceiveBuffer(arena.allocate(6));
            MemorySegment src = arena.allocate(10);
            for (int i = 0; i < 10; i++) {
                src.set(ValueLayout.JAVA_BYTE, i, (byte) (i + 1));
            }
            buffer.writeAt(0, src, 0, 4);
            buffer.commit(4);
            MemorySegment dst = arena.allocate(10);
            assertEquals(4, buffer.read(dst, 0, 10));
            assertEquals(5, buffer.writeAt(1, src, 5, 9)); // clipped to window 6 - 1
            assertEquals(1, buffer.writeAt(0, src, 4, 1));
            buffer.commit(6);
            assertEquals(6, buffer.peek(dst, 2, 6));
            assertEquals(6, buffer.read(dst, 2, 6));
            for (int i = 0; i < 6; i++) {
                assertEquals((byte) (i + 5), dst.get(ValueLayout.JAVA_BYTE, 2 + i));
            }
        }
    }

    @Test
    void misuseIsRejected() {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(4);
        assertThrows(IllegalArgumentException.class, () -> buffer.writeAt(-1, new byte[2], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> buffer.writeAt(0, MemorySegment.ofArray(new byte[2]), 0, -1));
        assertThrows(IllegalArgumentException.class, () -> buffer.commit(-1));
        assertThrows(IllegalArgumentException.class, () -> buffer.commit(5));
        assertThrows(IllegalArgumentException.class, () -> buffer.skip(-1));
        assertThrows(IllegalArgumentException.class, () -> buffer.peek(-1, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ReceiveBuffer.ofCapacity(0));
        assertEquals(4, buffer.window(), "a refused call changes nothing");
    }

    @Test
    void clearForgetsEverything() {
        ReceiveBuffer buffer = ReceiveBuffer.ofCapacity(5);
        buffer.writeAt(0, bytes(0, 5), 0, 5);
        buffer.commit(3);
        buffer.skip(1);
        buffer.clear();
        assertEquals(0, buffer.readable());
        assertEquals(5, buffer.window());
    }
}
