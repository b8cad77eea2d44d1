package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.margay.pcap.CaptureInterface;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.CaptureRecord;
import org.margay.pcap.CaptureWriter;

/**
 * Fuzz targets for {@link CaptureReader} over arbitrary bytes, seeded with classic pcap files
 * ({@link #pcapFile}) and pcapng files ({@link #pcapngFile}); the bodies are the same, the seeds steer the
 * fuzzer into one container or the other.
 *
 * <p>The contract: opening and reading never throws anything but {@link IOException} (in practice
 * {@code CaptureFormatException}) whatever the bytes; every accessor works on a delivered record; a record cap
 * is honoured; and the records read, written again with {@link CaptureWriter} as pcapng, read back equal.
 */
class CaptureReaderFuzzTest {
    /** Records read per input at most, so a target run stays short. */
    private static final int MAX_RECORDS = 1_000;
    /** A small record cap, so the cap's own paths are fuzzed too. */
    private static final int SMALL_CAP = 96;

    @FuzzTest
    void pcapFile(byte[] input) throws IOException {
        readAndRewrite(input);
    }

    @FuzzTest
    void pcapngFile(byte[] input) throws IOException {
        readAndRewrite(input);
    }

    private static void readAndRewrite(byte[] input) throws IOException {
        List<CaptureRecord> records = read(input, CaptureReader.DEFAULT_MAX_RECORD_BYTES);
        List<CaptureRecord> capped = read(input, SMALL_CAP);
        for (CaptureRecord record : capped) {
            require(record.capturedLength() <= SMALL_CAP, "record above the cap", input);
        }
        for (int i = 0; i < Math.min(records.size(), capped.size()); i++) {
            requireEqual(records.get(i), capped.get(i), "record " + i + " under a small cap", input);
        }
        rewrite(records, input);
    }

    /** Reads every record it can; a format error ends the list (it is allowed, never anything unchecked). */
    private static List<CaptureRecord> read(byte[] input, int cap) {
        List<CaptureRecord> records = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(Channels.newChannel(new ByteArrayInputStream(input)), cap)) {
            require(reader.version() != null && reader.format() != null && reader.byteOrder() != null, "header", input);
            while (records.size() < MAX_RECORDS && reader.next()) {
                CaptureRecord record = reader.record();
                MemorySegment data = reader.data();
                requireEqual((long) reader.capturedLength(), data.byteSize(), "data size", input);
                require(reader.originalLength() >= reader.capturedLength(), "original below captured", input);
                require(reader.timestampNanos() >= 0 && reader.timestampNanos() <= 999_999_999, "nanos", input);
                require(reader.dataOffset() + reader.capturedLength() <= reader.buffer().byteSize(), "data past the buffer", input);
                require(reader.recordCount() == records.size() + 1, "record count", input);
                long sum = reader.snapLength() + reader.fcsBytes() + reader.interfaceIndex() + reader.sectionIndex()
                        + reader.recordOffset() + reader.link().ordinal() + (reader.nanosecondPcap() ? 1 : 0);
                for (CaptureInterface face : reader.interfaces()) {
                    sum += face.link().ordinal() + face.snapLength() + face.tsresol();
                }
                require(sum != Long.MIN_VALUE, "unreachable", input);
                require(!record.toString().isEmpty(), "toString", input);
                records.add(record);
            }
        } catch (IOException expected) {
            // CaptureFormatException (an IOException) is the reader's answer to bad bytes.
            require(expected.getMessage() != null && !expected.getMessage().isEmpty(), "exception without a message", input);
        }
        return records;
    }

    /** Writes the records as pcapng and reads them back: same timestamps, link types, lengths and bytes. */
    private static void rewrite(List<CaptureRecord> records, byte[] input) throws IOException {
        List<CaptureRecord> writable = new ArrayList<>();
        for (CaptureRecord record : records) {
            if (record.seconds() >= 0 && record.seconds() <= 0xFFFF_FFFFL && record.linkType() >= 0
                    && record.linkType() <= 0xFFFF) {
                writable.add(record);
            }
        }
        if (writable.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureWriter writer = CaptureWriter.pcapng(bytes)) {
            for (CaptureRecord record : writable) {
                writer.write(writer.interfaceFor(record.linkType()), record.seconds(), record.nanos(),
                        MemorySegment.ofArray(record.data()), record.originalLength());
            }
        }
        List<CaptureRecord> back = read(bytes.toByteArray(), CaptureReader.DEFAULT_MAX_RECORD_BYTES);
        requireEqual(writable.size(), back.size(), "records after rewriting", input);
        for (int i = 0; i < writable.size(); i++) {
            CaptureRecord a = writable.get(i);
            CaptureRecord b = back.get(i);
            CaptureRecord expected = new CaptureRecord(a.seconds(), a.nanos(), b.interfaceIndex(), a.linkType(),
                    a.originalLength(), a.data());
            requireEqual(expected, b, "record " + i + " after rewriting", input);
        }
    }
}
