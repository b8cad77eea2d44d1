package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-shot writers of the transmit fast path ({@link TcpSegment#writeHeader}, {@link
 * TcpOptionsWriter#alignedTimestamps}) produce exactly the bytes of the field-by-field writers they replace.
 */
class HeaderWriterPropertyTest {

    @Test
    void writeHeaderMatchesTheFieldSetters() {
        qt().withExamples(3000).forAll(lists().of(integers().all()).ofSize(8)).checkAssert((List<Integer> v) -> {
            int headerLength = 20 + 4 * Math.floorMod(v.get(4), 11);
            byte[] a = new byte[headerLength];
            byte[] b = new byte[headerLength];
            java.util.Arrays.fill(a, (byte) 0x5A); // garbage the writers must overwrite
            java.util.Arrays.fill(b, (byte) 0x5A);
            new TcpSegment().wrap(MemorySegment.ofArray(a), 0, headerLength).sourcePort(v.get(0) & 0xFFFF)
                    .destinationPort(v.get(1) & 0xFFFF).sequenceNumber(v.get(2)).acknowledgmentNumber(v.get(3))
                    .headerLength(headerLength).flags(v.get(5) & TcpSegment.FLAGS_MASK).window(v.get(6) & 0xFFFF)
                    .checksum(0).urgentPointer(0);
            new TcpSegment().wrap(MemorySegment.ofArray(b), 0, headerLength).writeHeader(v.get(0), v.get(1),
                    v.get(2), v.get(3), headerLength, v.get(5), v.get(6));
            assertEquals(java.util.HexFormat.of().formatHex(a, 0, 20), java.util.HexFormat.of().formatHex(b, 0, 20));
        });
    }

    @Test
    void alignedTimestampsMatchNopNopTimestamps() {
        qt().withExamples(1000).forAll(integers().all(), integers().all()).checkAssert((tsVal, tsEcr) -> {
            byte[] a = new byte[12];
            byte[] b = new byte[12];
            TcpOptionsWriter w = new TcpOptionsWriter().wrap(MemorySegment.ofArray(a), 0, 12);
            w.nop().nop().timestamps(tsVal, tsEcr);
            TcpOptionsWriter x = new TcpOptionsWriter().wrap(MemorySegment.ofArray(b), 0, 12);
            x.alignedTimestamps(tsVal, tsEcr);
            assertEquals(12, x.length());
            assertEquals(java.util.HexFormat.of().formatHex(a), java.util.HexFormat.of().formatHex(b));
        });
    }
}
