package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads the outside corpus in place (system property {@code margay.corpus}): every capture listed in
 * {@code pcap-rows.tsv} gives the packet count in its {@code packets} column, or fails with a
 * {@link CaptureFormatException} when that column says "unreadable"; and libpcap's two corrupt files fail with
 * the meaning libpcap gives (their {@code .expected-error.txt}).
 */
class CorpusTest {
    private static Path corpus() {
        String property = System.getProperty("margay.corpus");
        Path path = property == null ? null : Path.of(property);
        Assumptions.assumeTrue(path != null && Files.isRegularFile(path.resolve("pcap-rows.tsv")),
                "outside corpus not found (system property margay.corpus=" + property + "); skipping");
        return path;
    }

    @Test
    void everyCorpusCaptureHasTheListedPacketCount() throws IOException {
        Path corpus = corpus();
        List<String> lines = Files.readAllLines(corpus.resolve("pcap-rows.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int fileColumn = header.indexOf("file");
        int packetsColumn = header.indexOf("packets");
        assertTrue(fileColumn >= 0 && packetsColumn >= 0, "pcap-rows.tsv lacks file/packets columns: " + header);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Path file = corpus.resolve("pcap").resolve(cells[fileColumn]);
            String packets = cells[packetsColumn];
            checked++;
            if (packets.toLowerCase(Locale.ROOT).startsWith("unreadable")) {
                try {
                    long count = count(file);
                    problems.add(cells[fileColumn] + ": expected a format error, read " + count + " packets");
                } catch (CaptureFormatException expected) {
                    // as listed
                }
            } else {
                try {
                    long count = count(file);
                    if (count != Long.parseLong(packets)) {
                        problems.add(cells[fileColumn] + ": read " + count + " packets, expected " + packets);
                    }
                } catch (CaptureFormatException e) {
                    problems.add(cells[fileColumn] + ": " + e.getMessage());
                }
            }
        }
        assertTrue(checked > 0, "no rows in pcap-rows.tsv");
        assertEquals(List.of(), problems);
    }

    private static long count(Path file) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next()) {
                assertEquals(reader.capturedLength(), reader.data().byteSize());
            }
            return reader.recordCount();
        }
    }

    @Test
    void libpcapRejectsVersion14WithTheSameMeaning() throws IOException {
        Path corpus = corpus();
        Path file = corpus.resolve("pcap/libpcap/pcap-invalid-version-1.pcap");
        String expected = expectedError(file);
        assertTrue(expected.contains("unsupported pcap savefile version 1.4"), expected);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> count(file));
        assertTrue(e.getMessage().contains("unsupported pcap savefile version 1.4"), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void libpcapRejectsHeaderTrailerLengthMismatchWithTheSameMeaning() throws IOException {
        Path corpus = corpus();
        Path file = corpus.resolve("pcap/libpcap/shb-option-too-long.pcapng");
        String expected = expectedError(file);
        assertTrue(expected.contains("block total length in header") && expected.contains("and trailer 808464432 don't match"),
                expected);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> count(file));
        // libpcap skips the section header's trailer and stumbles on the next block's (header 32); this reader
        // checks the section header block itself (header 52): same problem, same corrupt trailer value.
        assertTrue(e.getMessage().contains("block total length in header 52 and trailer 808464432 don't match"),
                e.getMessage());
        assertEquals(0, e.offset());
    }

    private static String expectedError(Path file) throws IOException {
        Path expected = file.resolveSibling(file.getFileName() + ".expected-error.txt");
        assertNotNull(expected);
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(expected, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }
}
