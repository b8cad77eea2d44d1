package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Assembler against a bitmap model of the bytes received beyond RCV.NXT: same answers from {@code add} and
 * {@code covers}, same ranges, and the range-table invariants after every step.
 */
class AssemblerPropertyTest {
    private static final int SPAN = 320;

    @Test
    void matchesABitmapModel() {
        qt().withExamples(400)
                .forAll(integers().between(1, 6), lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 150))
                .checkAssert(AssemblerPropertyTest::run);
    }

    private static void run(int maxRanges, List<Integer> segments) {
        Assembler assembler = new Assembler(maxRanges);
        boolean[] held = new boolean[segments.size() * SPAN + 2 * SPAN];
        int base = 0; // RCV.NXT in the model's absolute positions
        int[] left = new int[maxRanges + 2];
        int[] right = new int[maxRanges + 2];
        for (int segment : segments) {
            int offset = segment % SPAN;
            int length = (segment / SPAN) % 48;
            boolean allHeld = length > 0;
            for (int i = base + offset; i < base + offset + length; i++) {
                allHeld &= held[i];
            }
            assertEquals(allHeld, assembler.covers(offset, length), "covers(" + offset + ", " + length + ")");

            boolean[] next = held.clone();
            for (int i = base + offset; i < base + offset + length; i++) {
                next[i] = true;
            }
            int front = 0;
            while (next[base + front]) {
                front++;
            }
            boolean refused = runsAfter(next, base + front) > maxRanges;
            int result = assembler.add(offset, length);
            if (refused) {
                assertEquals(Assembler.FULL, result, "add(" + offset + ", " + length + ") on " + assembler);
            } else {
                assertEquals(front, result, "add(" + offset + ", " + length + ")");
                held = next;
                base += front;
            }
            checkInvariants(assembler, maxRanges);
            checkAgainstModel(assembler, held, base);

            int blocks = assembler.sackBlocks(left, right, maxRanges + 2);
            assertEquals(assembler.rangeCount(), blocks);
            for (int b = 0; b < blocks; b++) {
                assertTrue(isRange(assembler, left[b], right[b]), "block " + b + " is a held range");
                for (int c = 0; c < b; c++) {
                    assertTrue(left[c] != left[b], "each range is reported once");
                }
            }
            if (!refused && length > 0 && front == 0) {
                assertTrue(left[0] <= offset && offset + length <= right[0],
                        "the first block holds the latest segment (RFC 2018 §4)");
            }
        }
    }

    /** The number of runs of true after {@code from}. */
    private static int runsAfter(boolean[] held, int from) {
        int runs = 0;
        for (int i = from; i < held.length; i++) {
            if (held[i] && !held[i - 1]) {
                runs++;
            }
        }
        return runs;
    }

    private static void checkInvariants(Assembler assembler, int maxRanges) {
        int count = assembler.rangeCount();
        assertTrue(count <= maxRanges, "at most maxRanges ranges");
        assertEquals(count == 0, assembler.isEmpty());
        int previousEnd = -1;
        for (int k = 0; k < count; k++) {
            int start = assembler.rangeStart(k);
            int end = assembler.rangeEnd(k);
            assertTrue(start > 0, "no range reaches RCV.NXT: " + assembler);
            assertTrue(start < end, "non-empty: " + assembler);
            assertTrue(start > previousEnd, "sorted, disjoint and non-adjacent: " + assembler);
            previousEnd = end;
        }
    }

    private static void checkAgainstModel(Assembler assembler, boolean[] held, int base) {
        int k = 0;
        int bytes = 0;
        for (int i = base; i < held.length; i++) {
            if (held[i]) {
                bytes++;
                if (i == base || !held[i - 1]) {
                    assertTrue(k < assembler.rangeCount(), "model has more ranges than " + assembler);
                    assertEquals(i - base, assembler.rangeStart(k));
                }
                if (i + 1 == held.length || !held[i + 1]) {
                    assertEquals(i + 1 - base, assembler.rangeEnd(k));
                    k++;
                }
            }
        }
        assertEquals(k, assembler.rangeCount());
        assertEquals(bytes, assembler.bytesHeld());
    }

    private static boolean isRange(Assembler assembler, int start, int end) {
        for (int k = 0; k < assembler.rangeCount(); k++) {
            if (assembler.rangeStart(k) == start && assembler.rangeEnd(k) == end) {
                return true;
            }
        }
        return false;
    }
}
