package org.margay.net.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 1071 and RFC 1624 vectors from the shared corpus's rfc-test-vectors.md, plus properties. */
class InternetChecksumTest {

    private static MemorySegment hex(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void rfc1071NumericalExample() {
        MemorySegment data = hex("0001f203f4f5f6f7");
        assertEquals(0xddf2, InternetChecksum.sum(data, 0, 8));
        assertEquals(0x220d, InternetChecksum.compute(data, 0, 8));
    }

    @Test
    void rfc1071SplitSumAcrossOddChunk() {
        MemorySegment data = hex("0001f203f4f5f6f7");
        int first = InternetChecksum.sum(data, 0, 3);
        assertEquals(0xf201, first);
        int second = InternetChecksum.sum(data, 3, 5);
        assertEquals(0xf0eb, second);
        assertEquals(0xddf2, InternetChecksum.combine(first, second, true));
    }

    @Test
    void ipv4HeaderExample() {
        MemorySegment header = hex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InternetChecksum.compute(header, 0, 20));
        MemorySegment filled = hex("45000073000040004011b861c0a80001c0a800c7");
        assertTrue(InternetChecksum.verifies(filled, 0, 20, 0));
    }

    @Test
    void tcpPseudoHeaderFromCorpusFrame() {
        // ip4-tcp-good-chksum.pcap: 127.0.0.1 -> 127.0.0.1, SYN 30000 -> 80, checksum 0x1c60.
        MemorySegment tcp = hex("7530 0050 00000000 00000000 5002 2000 0000 0000");
        int pseudo = InternetChecksum.ipv4PseudoHeaderSum(0x7f000001, 0x7f000001, 6, 20);
        assertEquals(0x1c60, InternetChecksum.finish(InternetChecksum.sum(tcp, 0, 20, pseudo)));
    }

    @Test
    void udpPseudoHeaderFromCorpusFrame() {
        MemorySegment udp = hex("7530 32c8 000c 0000 58585858");
        int pseudo = InternetChecksum.ipv4PseudoHeaderSum(0x7f000001, 0x7f000001, 17, 12);
        assertEquals(0xa92a, InternetChecksum.finish(InternetChecksum.sum(udp, 0, 12, pseudo)));
    }

    @Test
    void rfc1624IncrementalUpdateUsesEquationThree() {
        // Other octets sum to 0xCD7A; the word changes 0x5555 -> 0x3285; old checksum 0xDD2F.
        assertEquals(0x0000, InternetChecksum.update(0xDD2F, 0x5555, 0x3285));
    }

    @Test
    void rfc1624UnchangedWordKeepsChecksum() {
        assertEquals(0x0000, InternetChecksum.update(0x0000, 0x1234, 0x1234));
    }

    @Test
    void incrementalUpdateAgreesWithRecomputation() {
        qt().forAll(lists().of(integers().between(0, 0xFFFF)).ofSizeBetween(2, 40),
                        integers().between(0, 0xFFFF), integers().between(0, 39))
                .checkAssert((List<Integer> words, Integer replacement, Integer index) -> {
                    int at = index % words.size();
                    MemorySegment data = MemorySegment.ofArray(new byte[words.size() * 2]);
                    for (int i = 0; i < words.size(); i++) {
                        Bytes.u16(data, i * 2L, words.get(i));
                    }
                    int before = InternetChecksum.compute(data, 0, (int) data.byteSize());
                    int old = words.get(at);
                    Bytes.u16(data, at * 2L, replacement);
                    Bytes.u16(data, 0, Bytes.u16(data, 0)); // no-op, keeps the shape explicit
                    int recomputed = InternetChecksum.compute(data, 0, (int) data.byteSize());
                    int updated = InternetChecksum.update(before, old, replacement);
                    // Both are valid encodings of the same one's-complement value (0x0000 and 0xFFFF are equal there).
                    assertEquals(recomputed % 0xFFFF, updated % 0xFFFF);
                });
    }

    /** RFC 1071 §4.1 done the plain way: 16-bit big-endian words, an odd byte padded on the right, carries folded. */
    private static int referenceSum(byte[] data, int from, int length, int initial) {
        long acc = initial & 0xFFFF;
        for (int i = 0; i < length; i += 2) {
            int hi = data[from + i] & 0xFF;
            int lo = i + 1 < length ? data[from + i + 1] & 0xFF : 0;
            acc += (hi << 8) | lo;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    @Test
    void sumIsBitIdenticalToTheReferenceForAnyLengthOffsetAlignmentAndStart() {
        // Lengths on both sides of the wide loop's threshold; offsets 0..15 cover every alignment of the 8-byte
        // reads, in heap and in native memory; sparse data (mostly zero) exercises the 0 / 0xFFFF distinction.
        qt().forAll(integers().between(0, 3000), integers().between(0, 15), integers().between(0, 0xFFFF),
                        integers().between(0, Integer.MAX_VALUE))
                .checkAssert((Integer length, Integer offset, Integer initial, Integer seed) -> {
                    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                    byte[] raw = new byte[offset + length];
                    boolean sparse = (seed & 3) == 0;
                    for (int i = offset; i < raw.length; i++) {
                        raw[i] = sparse ? (random.nextInt(64) == 0 ? (byte) random.nextInt(256) : 0)
                                : (byte) random.nextInt(256);
                    }
                    int start = (seed & 4) == 0 ? initial : 0;
                    int expected = referenceSum(raw, offset, length, start);
                    assertEquals(expected, InternetChecksum.sum(MemorySegment.ofArray(raw), offset, length, start));
                    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                        MemorySegment direct = arena.allocate(Math.max(1, raw.length), 16);
                        MemorySegment.copy(MemorySegment.ofArray(raw), 0, direct, 0, raw.length);
                        assertEquals(expected, InternetChecksum.sum(direct, offset, length, start));
                    }
                });
    }

    @Test
    void allZeroAndAllOnesRegionsKeepTheirDistinctEncodings() {
        for (int length : new int[] {0, 2, 254, 256, 1480, 4096}) {
            assertEquals(0, InternetChecksum.sum(MemorySegment.ofArray(new byte[length]), 0, length), "zeros " + length);
            byte[] ones = new byte[length];
            java.util.Arrays.fill(ones, (byte) 0xFF);
            int expected = length == 0 ? 0 : 0xFFFF;
            assertEquals(expected, InternetChecksum.sum(MemorySegment.ofArray(ones), 0, length), "ones " + length);
        }
    }

    @Test
    void wideSumMatchesWordByWordSum() {
        qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 200), integers().between(0, 7))
                .checkAssert((List<Integer> bytes, Integer start) -> {
                    byte[] raw = new byte[bytes.size() + 8];
                    for (int i = 0; i < bytes.size(); i++) {
                        raw[start + i] = (byte) (int) bytes.get(i);
                    }
                    MemorySegment seg = MemorySegment.ofArray(raw);
                    long acc = 0;
                    for (int i = 0; i < bytes.size(); i += 2) {
                        int hi = bytes.get(i);
                        int lo = i + 1 < bytes.size() ? bytes.get(i + 1) : 0;
                        acc += (hi << 8) | lo;
                    }
                    assertEquals(InternetChecksum.fold(acc), InternetChecksum.sum(seg, start, bytes.size()));
                });
    }
}
