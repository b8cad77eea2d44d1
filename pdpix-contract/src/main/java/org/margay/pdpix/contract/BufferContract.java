package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Sga;

/**
 * {@code sgaAlloc}/{@code sgaFree}: sizes, segment limits, refusals that return null or a code instead of
 * throwing, exhaustion and recovery, double and foreign frees.
 */
public abstract class BufferContract extends ContractTestBase {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 64, 1500, 2048, 9000, 65536, 1 << 20})
    void allocGivesExactlyTheSizeAskedFor(int size) {
        assumeElementSize(client, size);
        Sga sga = client.sgaAlloc(size);
        assertNotNull(sga);
        assertTrue(sga.isLive());
        assertEquals(size, sga.totalLength());
        assertTrue(sga.segmentCount() >= 1 && sga.segmentCount() <= Sga.MAX_SEGMENTS);
        byte[] data = pattern(size, 1);
        sga.fill(data);
        assertArrayEquals(data, sga.toByteArray());
        assertEquals(Errno.OK, client.sgaFree(sga));
    }

    @Test
    void theLargestElementCanBeAllocated() {
        long max = client.maxElement();
        assertTrue(max >= 1500, () -> "an element holds at least one Ethernet payload, max is " + max);
        Sga sga = client.sgaAlloc((int) Math.min(max, Integer.MAX_VALUE));
        assertNotNull(sga, "sgaAlloc(maxElement())");
        assertEquals(Errno.OK, client.sgaFree(sga));
    }

    @Test
    void impossibleSizesGiveNullNotAnException() {
        assertNull(client.sgaAlloc(-1));
        if (client.maxElement() < Integer.MAX_VALUE) {
            assertNull(client.sgaAlloc((int) client.maxElement() + 1), "one byte above maxElement()");
        }
        assertNull(client.sgaAlloc(Integer.MAX_VALUE));
    }

    @Test
    void freeingTwiceOrNullIsInvalid() {
        Sga sga = client.sgaAlloc(10);
        assertEquals(Errno.OK, client.sgaFree(sga));
        assertEquals(Errno.EINVAL, client.sgaFree(sga), "double free");
        assertEquals(Errno.EINVAL, client.sgaFree(null));
        assertThrows(IllegalStateException.class, () -> sga.fill(new byte[1]), "use after free is refused loudly");
    }

    @Test
    void anElementOfAnotherInstanceIsRefused() {
        LibOS other = under.openIndependent();
        Assumptions.assumeTrue(other != null, () -> under.name() + " cannot open an independent instance");
        Sga foreign = other.sgaAlloc(10);
        assertEquals(Errno.EINVAL, server.sgaFree(foreign), "free in the wrong library OS");
        assertTrue(foreign.isLive(), "and it is left alone");
        assertEquals(Errno.OK, other.sgaFree(foreign));
    }

    @Test
    void exhaustionGivesNullAndFreeingRecovers() {
        int size = (int) Math.min(16 * 1024, client.maxElement());
        List<Sga> held = new ArrayList<>();
        try {
            for (int i = 0; i < 200_000; i++) {
                Sga sga = client.sgaAlloc(size);
                if (sga == null) {
                    break;
                }
                held.add(sga);
            }
            Assumptions.assumeTrue(held.size() < 200_000, () -> client.name() + " never ran out of elements (no bounded pool)");
            assertNull(client.sgaAlloc(size), "still exhausted");
        } finally {
            for (Sga sga : held) {
                assertEquals(Errno.OK, client.sgaFree(sga));
            }
        }
        Sga again = client.sgaAlloc(size);
        assertNotNull(again, "freeing makes room again");
        client.sgaFree(again);
    }

    @Test
    void elementsCanBeReusedManyTimesWithoutLeaking() {
        for (int i = 0; i < 10_000; i++) {
            Sga sga = client.sgaAlloc(100);
            assertNotNull(sga, () -> "allocation fails after frees: a leak");
            sga.setByte(99, (byte) 1);
            assertEquals(Errno.OK, client.sgaFree(sga));
        }
    }
}
