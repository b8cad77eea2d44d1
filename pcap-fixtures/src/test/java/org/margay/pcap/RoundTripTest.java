package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** parse(write(records)) == records for both formats, both resolutions and both byte orders. */
class RoundTripTest {
    private static final int[] LINK_TYPES = {1, 101, 113, 0, 228, 147};

    private static Gen<CaptureRecord> records(long maxSeconds, boolean micros, boolean manyLinks) {
        Gen<Long> seconds = Generate.longRange(0, maxSeconds);
        Gen<Integer> nanos = Generate.range(0, 999_999_999).map(n -> micros ? n / 1000 * 1000 : n);
        Gen<byte[]> data = Generate.byteArrays(Generate.range(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<Integer> extra = Generate.pick(List.of(0, 0, 1, 3, 1500, 70_000));
        Gen<Integer> link = manyLinks ? Generate.range(0, LINK_TYPES.length - 1).map(i -> LINK_TYPES[i]) : Generate.constant(1);
        return seconds.zip(nanos, data, extra, link,
                (s, n, d, e, l) -> new CaptureRecord(s, n, 0, l, d.length + (long) e, d));
    }

    /** The interface index the writer will give each record: first-seen order of link types. */
    private static List<CaptureRecord> withInterfaces(List<CaptureRecord> in) {
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        return in.stream().map(r -> {
            if (!seen.contains(r.linkType())) {
                seen.add(r.linkType());
            }
            return new CaptureRecord(r.seconds(), r.nanos(), seen.indexOf(r.linkType()), r.linkType(),
                    r.originalLength(), r.data());
        }).toList();
    }

    @Test
    void pcapngRoundTripsEveryResolutionAndByteOrder() {
        for (TimestampResolution resolution : TimestampResolution.values()) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                boolean micros = resolution == TimestampResolution.MICROSECONDS;
                qt().withExamples(150).forAll(SourceDSL.lists().of(records(18_000_000_000L, micros, true))
                        .ofSizeBetween(0, 12)).checkAssert(list -> {
                            List<CaptureRecord> expected = withInterfaces(list);
                            assertEquals(expected, read(write(expected, resolution, order, true)));
                        });
            }
        }
    }

    @Test
    void pcapRoundTripsEveryResolutionAndByteOrder() {
        for (TimestampResolution resolution : TimestampResolution.values()) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                boolean micros = resolution == TimestampResolution.MICROSECONDS;
                qt().withExamples(150).forAll(SourceDSL.lists().of(records(0xFFFF_FFFFL, micros, false))
                        .ofSizeBetween(0, 12)).checkAssert(list ->
                            assertEquals(list, read(write(list, resolution, order, false))));
            }
        }
    }

    @Test
    void microsecondWritersTruncateNanoseconds() throws IOException {
        byte[] data = {1, 2, 3};
        List<CaptureRecord> in = List.of(new CaptureRecord(10, 123_456_789, 0, 1, 3, data));
        List<CaptureRecord> expected = List.of(new CaptureRecord(10, 123_456_000, 0, 1, 3, data));
        assertEquals(expected, CaptureBytes.readAll(CaptureBytes.writePcap(in, 1, TimestampResolution.MICROSECONDS,
                ByteOrder.LITTLE_ENDIAN)));
        assertEquals(expected, CaptureBytes.readAll(CaptureBytes.writePcapng(in, TimestampResolution.MICROSECONDS,
                ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void pathWriterAndReaderRoundTrip(@TempDir Path dir) throws IOException {
        Path pcapng = dir.resolve("a.pcapng");
        Path pcap = dir.resolve("a.pcap");
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        try (CaptureWriter w = CaptureWriter.pcapng(pcapng)) {
            int eth = w.interfaceFor(LinkType.ETHERNET.value());
            w.write(eth, 1_700_000_000L, 5, MemorySegment.ofArray(frame));
            w.flush();
            w.write(eth, 1_700_000_001L, 999_999_999, MemorySegment.ofArray(frame), 1514);
        }
        try (CaptureWriter w = CaptureWriter.pcap(pcap, LinkType.ETHERNET.value(), TimestampResolution.NANOSECONDS)) {
            w.write(0, 1_700_000_000L, 5, MemorySegment.ofArray(frame));
        }
        List<CaptureRecord> ng = CaptureReader.readAll(pcapng);
        assertEquals(2, ng.size());
        assertEquals(new CaptureRecord(1_700_000_001L, 999_999_999, 0, 1, 1514, frame), ng.get(1));
        assertEquals(List.of(new CaptureRecord(1_700_000_000L, 5, 0, 1, 60, frame)), CaptureReader.readAll(pcap));
        try (CaptureReader r = CaptureReader.open(Files.newInputStream(pcapng))) {
            assertEquals(CaptureFormat.PCAPNG, r.format());
            r.next();
            assertEquals(LinkType.ETHERNET, r.link());
            assertEquals(60, r.data().byteSize());
            assertEquals(r.buffer().get(java.lang.foreign.ValueLayout.JAVA_BYTE, r.dataOffset() + 12), 0x08);
        }
    }

    @Test
    void largeRecordsUpToTheCapRoundTrip() throws IOException {
        byte[] big = new byte[CaptureReader.DEFAULT_MAX_RECORD_BYTES];
        new java.util.Random(7).nextBytes(big);
        List<CaptureRecord> in = List.of(new CaptureRecord(1, 2, 0, 1, big.length, big),
                new CaptureRecord(3, 4, 0, 1, 10, new byte[10]), new CaptureRecord(5, 6, 0, 1, big.length, big));
        assertEquals(in, CaptureBytes.readAll(CaptureBytes.writePcapng(in, TimestampResolution.NANOSECONDS,
                ByteOrder.LITTLE_ENDIAN)));
        assertEquals(in, CaptureBytes.readAll(CaptureBytes.writePcap(in, 1, TimestampResolution.NANOSECONDS,
                ByteOrder.BIG_ENDIAN)));
    }

    private static byte[] write(List<CaptureRecord> records, TimestampResolution resolution, ByteOrder order,
                                boolean pcapng) {
        try {
            return pcapng ? CaptureBytes.writePcapng(records, resolution, order)
                    : CaptureBytes.writePcap(records, 1, resolution, order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CaptureRecord> read(byte[] file) {
        try {
            return CaptureBytes.readAll(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
