package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class SequenceNumberTest {

    @Test
    void comparisonsWrapAround() {
        assertTrue(SequenceNumber.lt(0xFFFFFF00, 0x10), "SEQ_LT(0xFFFFFF00, 0x10)");
        assertTrue(SequenceNumber.leq(0xFFFFFF00, 0x10));
        assertFalse(SequenceNumber.gt(0xFFFFFF00, 0x10));
        assertTrue(SequenceNumber.gt(0x10, 0xFFFFFF00));
        assertTrue(SequenceNumber.geq(5, 5));
        assertTrue(SequenceNumber.leq(5, 5));
        assertFalse(SequenceNumber.lt(5, 5));
        assertEquals(0x110, SequenceNumber.distance(0xFFFFFF00, 0x10));
        assertEquals(-0x110, SequenceNumber.distance(0x10, 0xFFFFFF00));
        assertEquals(0x10, SequenceNumber.add(0xFFFFFF00, 0x110));
        assertEquals(0xFFFFFFFFL, SequenceNumber.unsigned(-1));
    }

    @Test
    void betweenIsHalfOpenLikeTheReceiveWindow() {
        // RFC 9293 §3.4: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
        int low = 0xFFFFFFF0;
        int high = SequenceNumber.add(low, 0x20);
        assertTrue(SequenceNumber.between(low, low, high));
        assertTrue(SequenceNumber.between(low, 0x0F, high));
        assertFalse(SequenceNumber.between(low, 0x10, high));
        assertFalse(SequenceNumber.between(low, low - 1, high));
        assertFalse(SequenceNumber.between(low, low, low), "an empty window holds nothing");
        // SND.UNA < SEG.ACK =< SND.NXT
        assertTrue(SequenceNumber.betweenExclusiveLow(low, high, high));
        assertFalse(SequenceNumber.betweenExclusiveLow(low, low, high));
    }

    @Test
    void comparisonsAgreeWithTheDistance() {
        qt().forAll(integers().all(), integers().between(1, Integer.MAX_VALUE)).checkAssert((a, n) -> {
            int b = SequenceNumber.add(a, n);
            assertTrue(SequenceNumber.lt(a, b));
            assertTrue(SequenceNumber.gt(b, a));
            assertEquals(n, SequenceNumber.distance(a, b));
            assertTrue(SequenceNumber.between(a, SequenceNumber.add(a, n - 1), b));
        });
    }
}
