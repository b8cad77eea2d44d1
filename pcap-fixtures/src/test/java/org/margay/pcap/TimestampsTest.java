package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** if_tsresol conversions (draft-ietf-opsawg-pcapng §4.2) against exact BigInteger arithmetic. */
class TimestampsTest {
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    @Test
    void decimalResolutions() {
        assertEquals(5, Timestamps.seconds(5_000_001L, 6));
        assertEquals(1_000, Timestamps.nanos(5_000_001L, 6));
        assertEquals(123_456_789, Timestamps.nanos(9_123_456_789L, 9));
        assertEquals(9, Timestamps.seconds(9_123_456_789L, 9));
        assertEquals(7, Timestamps.seconds(7, 0));
        assertEquals(0, Timestamps.nanos(7, 0));
        assertEquals(500_000_000, Timestamps.nanos(15, 1));
        // Picoseconds: truncated to whole nanoseconds.
        assertEquals(1, Timestamps.seconds(1_000_000_001_999L, 12));
        assertEquals(1, Timestamps.nanos(1_000_000_001_999L, 12));
        // 10^19 does not fit a signed long; -1 is 2^64-1 ticks.
        assertEquals(1, Timestamps.seconds(-1L, 19));
        assertEquals(Long.divideUnsigned(Long.remainderUnsigned(-1L, 0x8AC7230489E80000L), 10_000_000_000L),
                Timestamps.nanos(-1L, 19));
        assertEquals(0, Timestamps.seconds(-1L, 40));
    }

    @Test
    void binaryResolutions() {
        assertEquals(3, Timestamps.seconds((3L << 20) | (1L << 19), 0x80 | 20));
        assertEquals(500_000_000, Timestamps.nanos((3L << 20) | (1L << 19), 0x80 | 20));
        assertEquals(250_000_000, Timestamps.nanos(1L << 62, 0x80 | 64));
        assertEquals(0, Timestamps.seconds(1L << 62, 0x80 | 64));
    }

    @Test
    void everyResolutionMatchesExactArithmetic() {
        qt().withExamples(3000).forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE), Generate.range(0, 255))
                .checkAssert((ticks, tsresol) -> {
                    BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
                    int n = tsresol & 0x7F;
                    BigInteger unitsPerSecond = (tsresol & 0x80) == 0 ? BigInteger.TEN.pow(n) : BigInteger.TWO.pow(n);
                    BigInteger seconds = t.divide(unitsPerSecond);
                    BigInteger nanos = t.mod(unitsPerSecond).multiply(BILLION).divide(unitsPerSecond);
                    assertEquals(seconds.mod(TWO64).longValue(), Timestamps.seconds(ticks, tsresol), "seconds");
                    assertEquals(nanos.intValueExact(), Timestamps.nanos(ticks, tsresol), "nanos");
                });
    }
}
