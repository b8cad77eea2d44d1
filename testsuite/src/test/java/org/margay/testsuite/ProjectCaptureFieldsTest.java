package org.margay.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.DecodeResult;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.decode.TsharkFieldsFormatter;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * Margay's own captures (made on Linux with real tools and scapy, see {@code pcap-fixtures/scripts/}) decode as
 * the real tools printed them when they were made: {@code margay decode --fields} against the recorded
 * {@code NAME.tshark-fields.tsv}, cell by cell for every column but the approximate ones, and the tcpdump form
 * against {@code NAME.tcpdump-n-e-tttt.txt}. Needs no tools and no outside corpus.
 */
class ProjectCaptureFieldsTest {

    /** Every project capture. */
    static List<String> names() {
        return ProjectCaptures.NAMES;
    }

    static String decode(String name, DecodeOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DecodeResult result = CaptureDecoder.decode(ProjectCaptures.open(name), name, options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, result.exitCode(), name + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    static String recordedFields(String name) throws IOException {
        try (InputStream in = ProjectCaptures.class.getResourceAsStream(name + ".tshark-fields.tsv")) {
            assertNotNull(in, "no recorded tshark fields for project capture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The cells of {@code ours} that differ from tshark's {@code expected}, ignoring the approximate columns. */
    static List<String> fieldDifferences(String name, String ours, String expected) {
        List<String> want = expected.lines().toList();
        List<String> got = ours.lines().toList();
        List<String> columns = TsharkFieldsFormatter.COLUMNS;
        List<String> differences = new ArrayList<>();
        assertEquals(String.join("\t", columns), want.get(0), name + ": recorded header");
        assertEquals(want.size(), got.size(), name + ": rows");
        for (int row = 0; row < want.size(); row++) {
            String[] w = want.get(row).split("\t", -1);
            String[] g = got.get(row).split("\t", -1);
            for (int c = 0; c < columns.size(); c++) {
                if (TsharkFieldsFormatter.APPROXIMATE_COLUMNS.contains(columns.get(c))) {
                    continue;
                }
                String wc = c < w.length ? w[c] : "";
                String gc = c < g.length ? g[c] : "<missing>";
                if (!wc.equals(gc)) {
                    differences.add(name + " frame " + row + " " + columns.get(c) + ": tshark '" + wc + "', margay '"
                            + gc + "'");
                }
            }
        }
        return differences;
    }

    @Test
    void everyProjectCaptureMatchesItsRecordedTsharkFields() throws IOException {
        List<String> differences = new ArrayList<>();
        for (String name : ProjectCaptureFieldsTest.names()) {
            differences.addAll(fieldDifferences(name, decode(name, DecodeOptions.fields()), recordedFields(name)));
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    @Test
    void everyProjectCaptureMatchesItsRecordedTcpdumpDecode() {
        DecodeOptions eTttt = DecodeOptions.tcpdump(new TcpdumpStyle(true, 0, false, TimestampFormat.DATE_AND_TIME,
                false));
        for (String name : ProjectCaptureFieldsTest.names()) {
            assertEquals(ProjectCaptures.tcpdumpDecode(name), decode(name, eTttt), name);
        }
    }
}
