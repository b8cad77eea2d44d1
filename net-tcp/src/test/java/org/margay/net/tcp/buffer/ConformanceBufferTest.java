package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Assembler#firstOverlap} (the D-SACK block, RFC 2883 §4) and {@link ReceiveBuffer#limit(int)}. */
class ConformanceBufferTest {

    @Test
    void firstOverlapFindsTheFirstHeldRangeASegmentRepeats() {
        Assembler a = new Assembler(8);
        a.add(1000, 2000); // held [1000, 3000)
        a.add(4000, 1000); // held [4000, 5000)
        assertEquals(0, a.firstOverlap(0, 6000));
        assertEquals(1, a.firstOverlap(3500, 1000));
        assertEquals(-1, a.firstOverlap(3000, 1000)); // touches both, repeats neither
        assertEquals(-1, a.firstOverlap(0, 1000));
        assertEquals(-1, a.firstOverlap(-1, 10)); // bad input: no answer, no exception
        assertEquals(-1, a.firstOverlap(0, 0));
    }

    @Test
    void limitBoundsTheWindowAndCanGrowIntoHeadroom() {
        ReceiveBuffer b = ReceiveBuffer.ofCapacity(1000);
        b.limit(800);
        assertEquals(800, b.capacity());
        assertEquals(800, b.window());
        assertEquals(800, b.writeAt(0, new byte[1000], 0, 1000)); // clipped at the limit
        b.commit(800);
        b.limit(1000);
        assertEquals(200, b.window());
        assertThrows(IllegalArgumentException.class, () -> b.limit(1001));
        assertThrows(IllegalArgumentException.class, () -> b.limit(500)); // below the readable bytes
    }
}
