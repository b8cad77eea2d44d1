package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Bad input gives a {@link CaptureFormatException} naming the offset and the problem, or a clean end: never an
 * unchecked exception, never a hang; records before the problem are delivered.
 */
class CorruptInputTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5};

    private static List<CaptureRecord> sample() {
        return List.of(new CaptureRecord(1, 1000, 0, 1, 5, DATA), new CaptureRecord(2, 2000, 0, 1, 60, new byte[] {9}),
                new CaptureRecord(3, 3000, 0, 1, 3, new byte[] {7, 7, 7}));
    }

    private static List<byte[]> validFiles() throws IOException {
        CaptureBytes.Pcapng ng = new CaptureBytes.Pcapng(ByteOrder.BIG_ENDIAN);
        ng.shb().idb(1, 0, 9, 1L).epb(0, 5, DATA, 5);
        ng.begin(3).u32x(5).b.bytes(DATA);
        ng.end();
        return List.of(
                CaptureBytes.writePcap(sample(), 1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN),
                CaptureBytes.writePcap(sample(), 1, TimestampResolution.NANOSECONDS, ByteOrder.BIG_ENDIAN),
                CaptureBytes.writePcapng(sample(), TimestampResolution.NANOSECONDS, ByteOrder.LITTLE_ENDIAN),
                ng.toArray());
    }

    @Test
    void everyTruncationEndsCleanlyOrWithAFormatErrorAfterTheCompleteRecords() throws IOException {
        for (byte[] file : validFiles()) {
            List<CaptureRecord> all = CaptureBytes.readAll(file);
            for (int length = 0; length < file.length; length++) {
                CaptureBytes.ReadResult result = CaptureBytes.read(Arrays.copyOf(file, length), 1 << 16);
                // Every record delivered is one of the full file's, in order.
                assertEquals(all.subList(0, result.records().size()), result.records(), "prefix of " + length);
                if (result.failure() == null) {
                    assertTrue(result.records().size() <= all.size());
                } else {
                    assertTrue(result.failure().getMessage().contains("at byte offset "), result.failure().getMessage());
                    assertTrue(result.failure().getMessage().contains("truncated"), result.failure().getMessage());
                }
            }
        }
    }

    @Test
    void aFileCutInItsLastRecordDeliversTheEarlierRecordsThenSaysTruncated() throws IOException {
        byte[] file = CaptureBytes.writePcap(sample(), 1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN);
        CaptureBytes.ReadResult result = CaptureBytes.read(Arrays.copyOf(file, file.length - 1), 1 << 16);
        assertEquals(sample().subList(0, 2), result.records());
        assertNotNull(result.failure());
        long lastOffset = file.length - 16 - 3;
        assertEquals(lastOffset, result.failure().offset());
        assertEquals("at byte offset " + lastOffset + ": truncated dump file: record of captured length 3 has only 2"
                + " data bytes before end of file", result.failure().getMessage());
    }

    @Test
    void randomBytesNeverThrowUncheckedOrHang() {
        qt().withExamples(3000).forAll(Generate.byteArrays(Generate.range(0, 300),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))).checkAssert(CorruptInputTest::readQuietly);
    }

    @Test
    void mutatedValidFilesNeverThrowUncheckedOrHang() throws IOException {
        List<byte[]> files = validFiles();
        qt().withExamples(3000).forAll(Generate.range(0, files.size() - 1), Generate.range(0, 10_000),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)).checkAssert((which, where, value) -> {
                    byte[] file = files.get(which).clone();
                    file[where % file.length] = value;
                    readQuietly(file);
                });
    }

    private static void readQuietly(byte[] file) {
        try {
            CaptureBytes.read(file, 1 << 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CaptureFormatException failure(byte[] file) throws IOException {
        CaptureBytes.ReadResult result = CaptureBytes.read(file, 1 << 16);
        assertNotNull(result.failure(), "expected a format error");
        return result.failure();
    }

    private static void assertFailure(byte[] file, long offset, String... phrases) throws IOException {
        CaptureFormatException e = failure(file);
        assertEquals(offset, e.offset(), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "'" + e.getMessage() + "' should say '" + phrase + "'");
        }
    }

    @Test
    void headerProblems() throws IOException {
        assertFailure(new byte[0], 0, "truncated", "magic");
        assertFailure(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, "bad magic number 0x01020304");
        CaptureBytes.Builder pcap = new CaptureBytes.Builder(ByteOrder.LITTLE_ENDIAN);
        pcap.u32(0xA1B2C3D4L).u16(3).u16(0).u32(0).u32(0).u32(65535).u32(1);
        assertFailure(pcap.toArray(), 0, "unsupported pcap savefile version 3.0");
        assertFailure(Arrays.copyOf(pcap.toArray(), 20), 0, "truncated", "file header");
        CaptureBytes.Builder modified = new CaptureBytes.Builder(ByteOrder.LITTLE_ENDIAN);
        modified.u32(0xA1B2CD34L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
        assertFailure(modified.toArray(), 0, "modified");
        CaptureBytes.Pcapng badOrder = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        badOrder.begin(0x0A0D0D0A).u32x(0x11223344).u16x(1).u16x(0).u64x(-1).end();
        assertFailure(badOrder.toArray(), 0, "byte-order magic 0x44332211");
        CaptureBytes.Pcapng badVersion = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        badVersion.begin(0x0A0D0D0A).u32x(0x1A2B3C4D).u16x(2).u16x(0).u64x(-1).end();
        assertFailure(badVersion.toArray(), 0, "unsupported pcapng version 2.0");
    }

    @Test
    void pcapRecordProblems() throws IOException {
        CaptureBytes.Builder b = new CaptureBytes.Builder(ByteOrder.LITTLE_ENDIAN);
        b.u32(0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
        b.u32(0).u32(0).u32(5).u32(4).bytes(DATA);
        assertFailure(b.toArray(), 24, "captured length 5 is greater than its original length 4");
        CaptureBytes.Builder big = new CaptureBytes.Builder(ByteOrder.LITTLE_ENDIAN);
        big.u32(0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
        big.u32(0).u32(0).u32(1 << 20).u32(1 << 20);
        assertFailure(big.toArray(), 24, "captured length 1048576 is beyond the reader's cap of 65536");
    }

    private static CaptureBytes.Pcapng sectionWithInterface() {
        CaptureBytes.Pcapng ng = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        return ng.shb().idb(1, 0, -1, null);
    }

    @Test
    void pcapngBlockProblems() throws IOException {
        int afterIdb = sectionWithInterface().toArray().length;

        CaptureBytes.Pcapng mismatch = sectionWithInterface().epb(0, 1, DATA, 5);
        byte[] file = mismatch.toArray();
        file[file.length - 4] ^= 4;
        assertFailure(file, afterIdb, "enhanced packet block", "block total length in header 40 and trailer 44 don't match");

        CaptureBytes.Pcapng notMultiple = sectionWithInterface();
        notMultiple.b.u32(6).u32(35).u32(0);
        assertFailure(notMultiple.toArray(), afterIdb, "35 is not a multiple of 4");

        CaptureBytes.Pcapng tooSmall = sectionWithInterface();
        tooSmall.b.u32(6).u32(8).u32(8);
        assertFailure(tooSmall.toArray(), afterIdb, "8 is too small");

        CaptureBytes.Pcapng epbTooSmall = sectionWithInterface();
        epbTooSmall.begin(6).u32x(0).end();
        assertFailure(epbTooSmall.toArray(), afterIdb, "enhanced packet block total length 16 is too small");

        CaptureBytes.Pcapng undefined = sectionWithInterface().epb(3, 1, DATA, 5);
        assertFailure(undefined.toArray(), afterIdb, "undefined interface 3", "defined 1");

        CaptureBytes.Pcapng noInterface = new CaptureBytes.Pcapng(ByteOrder.LITTLE_ENDIAN);
        noInterface.shb().epb(0, 1, DATA, 5);
        assertFailure(noInterface.toArray(), 28, "undefined interface 0");

        CaptureBytes.Pcapng overrun = sectionWithInterface();
        overrun.begin(6).u32x(0).u32x(0).u32x(0).u32x(100).u32x(100).b.bytes(DATA);
        overrun.end();
        assertFailure(overrun.toArray(), afterIdb, "captured length 100 overruns its block");

        CaptureBytes.Pcapng capturedBeyondOriginal = sectionWithInterface().epb(0, 1, DATA, 4);
        assertFailure(capturedBeyondOriginal.toArray(), afterIdb, "captured length 5 is greater than its original length 4");

        CaptureBytes.Pcapng optionOverrun = sectionWithInterface();
        optionOverrun.begin(1).u16x(1).u16x(0).u32x(0).u16x(2).u16x(40).u32x(0).end();
        assertFailure(optionOverrun.toArray(), afterIdb, "interface description block", "option 2 of length 40", "overruns its block");

        CaptureBytes.Pcapng badTsresol = sectionWithInterface();
        badTsresol.begin(1).u16x(1).u16x(0).u32x(0).u16x(9).u16x(2).u32x(0).end();
        assertFailure(badTsresol.toArray(), afterIdb, "if_tsresol has length 2");

        CaptureBytes.Pcapng truncatedBlock = sectionWithInterface().epb(0, 1, DATA, 5);
        byte[] cut = Arrays.copyOf(truncatedBlock.toArray(), afterIdb + 20);
        assertFailure(cut, afterIdb, "truncated dump file", "enhanced packet block of total length 40 has only 20 bytes");
    }

    @Test
    void oversizedUnknownBlocksAreSkippedButOversizedPacketBlocksAreRefused() throws IOException {
        CaptureBytes.Pcapng ng = sectionWithInterface();
        ng.begin(0x0BAD).b.bytes(new byte[200_000]);
        ng.end().epb(0, 1, DATA, 5);
        CaptureBytes.ReadResult result = CaptureBytes.read(ng.toArray(), 1 << 12);
        assertNull(result.failure());
        assertEquals(List.of(new CaptureRecord(0, 1000, 0, 1, 5, DATA)), result.records());

        CaptureBytes.Pcapng huge = sectionWithInterface().epb(0, 1, new byte[200_000], 200_000);
        CaptureFormatException e = CaptureBytes.read(huge.toArray(), 1 << 12).failure();
        assertNotNull(e);
        assertTrue(e.getMessage().contains("beyond the reader's cap"), e.getMessage());
    }

    @Test
    void afterAFailureNextKeepsThrowingTheSameException() throws IOException {
        byte[] file = CaptureBytes.writePcap(sample(), 1, TimestampResolution.MICROSECONDS, ByteOrder.LITTLE_ENDIAN);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(Arrays.copyOf(file, 30)))) {
            CaptureFormatException first = assertThrows(CaptureFormatException.class, r::next);
            assertSame(first, assertThrows(CaptureFormatException.class, r::next));
        }
    }
}
