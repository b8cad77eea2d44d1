package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AssemblerTest {
    /** The held ranges as {start, end, start, end, ...}. */
    private static int[] ranges(Assembler assembler) {
        int[] out = new int[2 * assembler.rangeCount()];
        for (int k = 0; k < assembler.rangeCount(); k++) {
            out[2 * k] = assembler.rangeStart(k);
            out[2 * k + 1] = assembler.rangeEnd(k);
        }
        return out;
    }

    /** The SACK blocks for {@code max} as {left, right, left, right, ...}. */
    private static int[] sack(Assembler assembler, int max) {
        int[] left = new int[8];
        int[] right = new int[8];
        int n = assembler.sackBlocks(left, right, max);
        int[] out = new int[2 * n];
        for (int b = 0; b < n; b++) {
            out[2 * b] = left[b];
            out[2 * b + 1] = right[b];
        }
        return out;
    }

    @Test
    void inOrderDataGoesStraightThrough() {
        Assembler assembler = new Assembler(4);
        assertEquals(100, assembler.add(0, 100));
        assertTrue(assembler.isEmpty());
        assertEquals(0, assembler.add(0, 0), "an empty segment changes nothing");
        assertEquals(0, assembler.add(30, 0));
        assertTrue(assembler.isEmpty());
    }

    /** Five 100-byte segments arriving 1, 3, 2, 5, 4; offsets are from RCV.NXT at each arrival. */
    @Test
    void reorderingOneThreeTwoFiveFour() {
        Assembler assembler = new Assembler(4);
        int rcvNxt = 0;
        int[] order = {1, 3, 2, 5, 4};
        int[] expected = {100, 0, 200, 0, 200};
        for (int i = 0; i < order.length; i++) {
            int seq = (order[i] - 1) * 100;
            int inOrder = assembler.add(seq - rcvNxt, 100);
            assertEquals(expected[i], inOrder, "segment " + order[i]);
            rcvNxt += inOrder;
        }
        assertEquals(500, rcvNxt);
        assertTrue(assembler.isEmpty());
    }

    @Test
    void overlappingRangesMerge() {
        Assembler assembler = new Assembler(4);
        assertEquals(0, assembler.add(100, 100));
        assertEquals(0, assembler.add(300, 100));
        assertArrayEquals(new int[] {100, 200, 300, 400}, ranges(assembler));
        assertEquals(0, assembler.add(100, 200), "100-300 bridges both ranges");
        assertArrayEquals(new int[] {100, 400}, ranges(assembler));
        assertEquals(0, assembler.add(150, 100), "wholly inside: nothing changes");
        assertArrayEquals(new int[] {100, 400}, ranges(assembler));
        assertEquals(0, assembler.add(50, 100), "overlaps the left edge");
        assertArrayEquals(new int[] {50, 400}, ranges(assembler));
        assertEquals(350, assembler.bytesHeld());
        assertEquals(400, assembler.add(0, 60), "overlapping in-order data completes everything");
        assertTrue(assembler.isEmpty());
        assertEquals(0, assembler.bytesHeld());
    }

    @Test
    void oneSegmentSwallowsSeveralRanges() {
        Assembler assembler = new Assembler(4);
        assembler.add(100, 50);
        assembler.add(200, 50);
        assembler.add(300, 50);
        assembler.add(500, 50);
        assertEquals(0, assembler.add(120, 250));
        assertArrayEquals(new int[] {100, 370, 500, 550}, ranges(assembler));
    }

    @Test
    void adjacentRangesMerge() {
        Assembler assembler = new Assembler(4);
        assembler.add(200, 100);
        assembler.add(300, 100);
        assembler.add(100, 100);
        assertArrayEquals(new int[] {100, 400}, ranges(assembler));
        assertEquals(1, assembler.rangeCount());
    }

    @Test
    void contiguousDataShiftsTheRest() {
        Assembler assembler = new Assembler(4);
        assembler.add(100, 50);
        assembler.add(300, 50);
        assertEquals(150, assembler.add(0, 100));
        assertArrayEquals(new int[] {150, 200}, ranges(assembler));
    }

    @Test
    void fullTableRefusesOnlyANewIsland() {
        Assembler assembler = new Assembler(2);
        assertEquals(0, assembler.add(100, 10));
        assertEquals(0, assembler.add(200, 10));
        assertEquals(Assembler.FULL, assembler.add(300, 10), "a third island does not fit");
        assertEquals(Assembler.FULL, assembler.add(150, 10));
        assertArrayEquals(new int[] {100, 110, 200, 210}, ranges(assembler), "a refusal records nothing");
        assertEquals(0, assembler.add(110, 5), "touching a range always fits");
        assertEquals(10, assembler.add(0, 10), "in-order data always fits");
        assertArrayEquals(new int[] {90, 105, 190, 200}, ranges(assembler));
        assertEquals(105, assembler.add(0, 90));
        assertArrayEquals(new int[] {85, 95}, ranges(assembler));
    }

    @Test
    void sackBlocksMostRecentFirst() {
        Assembler assembler = new Assembler(8);
        assembler.add(100, 10); // A
        assembler.add(300, 10); // B
        assembler.add(500, 10); // C
        assertArrayEquals(new int[] {500, 510, 300, 310, 100, 110}, sack(assembler, 4));
        assembler.add(105, 10); // extends A: A is now the newest
        assertArrayEquals(new int[] {100, 115, 500, 510, 300, 310}, sack(assembler, 4));
        assertArrayEquals(new int[] {100, 115, 500, 510}, sack(assembler, 2));
        assembler.add(302, 3); // a duplicate inside B still makes B the first block (RFC 2018 §4)
        assertArrayEquals(new int[] {300, 310, 100, 115, 500, 510}, sack(assembler, 3));
        assembler.add(700, 10); // D
        assembler.add(900, 10); // E
        assertArrayEquals(new int[] {900, 910, 700, 710, 300, 310}, sack(assembler, 3), "3 blocks with timestamps");
        assertArrayEquals(new int[] {900, 910, 700, 710, 300, 310, 100, 115}, sack(assembler, 4));
        assertEquals(115, assembler.add(0, 100), "A leaves: it advanced the cumulative ACK");
        assertArrayEquals(new int[] {785, 795, 585, 595, 185, 195, 385, 395}, sack(assembler, 4));
        assertArrayEquals(new int[0], sack(assembler, 0));
        assertArrayEquals(new int[0], sack(assembler, -1));
    }

    @Test
    void mergingThreeRangesMakesOneNewestBlock() {
        Assembler assembler = new Assembler(8);
        assembler.add(100, 10);
        assembler.add(120, 10);
        assembler.add(400, 10);
        assembler.add(105, 20);
        assertArrayEquals(new int[] {100, 130, 400, 410}, sack(assembler, 4));
    }

    @Test
    void sackBlocksClipToTheArrays() {
        Assembler assembler = new Assembler(8);
        assembler.add(10, 1);
        assembler.add(20, 1);
        assembler.add(30, 1);
        int[] left = new int[2];
        int[] right = new int[5];
        assertEquals(2, assembler.sackBlocks(left, right, 4));
        assertArrayEquals(new int[] {30, 20}, left);
    }

    @Test
    void coversTellsDuplicatesAboveTheCumulativeAck() {
        Assembler assembler = new Assembler(4);
        assembler.add(100, 100);
        assembler.add(300, 100);
        assertTrue(assembler.covers(100, 100));
        assertTrue(assembler.covers(150, 10));
        assertTrue(assembler.covers(399, 1));
        assertFalse(assembler.covers(90, 20), "starts in the hole");
        assertFalse(assembler.covers(150, 100), "runs into the hole");
        assertFalse(assembler.covers(150, 200), "spans a hole");
        assertFalse(assembler.covers(0, 10));
        assertFalse(assembler.covers(400, 1));
        assertFalse(assembler.covers(150, 0), "an empty segment duplicates nothing");
        assertFalse(assembler.covers(-5, 10));
    }

    @Test
    void clearAndMisuse() {
        Assembler assembler = new Assembler(1);
        assembler.add(10, 10);
        assembler.clear();
        assertTrue(assembler.isEmpty());
        assertEquals(0, assembler.add(30, 10));
        assertThrows(IllegalArgumentException.class, () -> assembler.add(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> assembler.add(10, -1));
        assertThrows(IllegalArgumentException.class, () -> assembler.add(Integer.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> new Assembler(0));
        assertThrows(IndexOutOfBoundsException.class, () -> assembler.rangeStart(1));
        assertEquals("Assembler[[30, 40)]", assembler.toString());
        assertEquals(1, Arrays.stream(ranges(assembler)).filter(v -> v == 30).count());
    }
}
