package org.margay.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.decode.TsharkFieldsFormatter;

/**
 * {@code margay decode} against the outside corpus: every capture's {@code --fields} output compared cell by
 * cell with tshark's {@code *.tshark-fields.tsv}, and the tcpdump-style output compared packet by packet with
 * tcpdump 4.99's {@code *.tcpdump-vvv-e.txt} and with the upstream tcpdump test outputs ({@code *.out}, options
 * from {@code *.TESTLIST.txt}). Prints the agreement tables; fails below 99 % of tshark cells, and below floors
 * a little under today's tcpdump agreement so that it cannot regress unnoticed.
 */
class DecodeConformanceTest {
    /** The tshark cells that must agree (the issue's contract). */
    private static final double FIELDS_FLOOR = 99.0;
    /** Today: 100 % of the 1,284 packets (exact or differing only in application payload). */
    private static final double TCPDUMP_VVV_FLOOR = 98.0;
    /** Today: 94.3 % of the 122 packets; the rest are tcpdump-master wording changes (see MANIFEST.md). */
    private static final double UPSTREAM_FLOOR = 90.0;

    private static String decode(Path capture, DecodeOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CaptureDecoder.decode(capture, options, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAgreeWithTsharkCellByCell() throws IOException {
        Path root = Corpus.root();
        Assumptions.assumeTrue(root != null, Corpus.absent());
        List<String> columns = TsharkFieldsFormatter.COLUMNS;
        Map<String, int[]> perColumn = new LinkedHashMap<>();
        for (String column : columns) {
            if (!TsharkFieldsFormatter.APPROXIMATE_COLUMNS.contains(column)) {
                perColumn.put(column, new int[2]);
            }
        }
        List<String> disagreements = new ArrayList<>();
        int files = 0;
        for (Path capture : Corpus.captures(root)) {
            Path expectedFile = Corpus.beside(capture, ".tshark-fields.tsv");
            if (!Files.exists(expectedFile)) {
                continue;
            }
            List<String> expected = read(expectedFile).lines().filter(l -> !l.startsWith("#")).toList();
            if (expected.isEmpty()) {
                continue; // tshark could not read it (a corrupt file): see DecodeRobustnessTest
            }
            files++;
            List<String> ours = decode(capture, DecodeOptions.fields()).lines().toList();
            assertEquals(String.join("\t", columns), expected.get(0), "the corpus header changed: " + expectedFile);
            assertEquals(expected.get(0), ours.isEmpty() ? "" : ours.get(0), "header of " + capture);
            for (int row = 1; row < expected.size(); row++) {
                String[] want = expected.get(row).split("\t", -1);
                String[] got = row < ours.size() ? ours.get(row).split("\t", -1) : new String[0];
                for (int c = 0; c < columns.size(); c++) {
                    int[] counts = perColumn.get(columns.get(c));
                    if (counts == null) {
                        continue;
                    }
                    String w = c < want.length ? want[c] : "";
                    String g = c < got.length ? got[c] : "<missing>";
                    counts[1]++;
                    if (w.equals(g)) {
                        counts[0]++;
                    } else if (disagreements.size() < 40) {
                        disagreements.add(Corpus.name(root, capture) + " frame " + row + " " + columns.get(c)
                                + ": tshark '" + w + "', margay '" + g + "'");
                    }
                }
            }
        }
        long agree = 0;
        long total = 0;
        StringBuilder table = new StringBuilder("tshark fields agreement per column (" + files + " captures):\n");
        for (Map.Entry<String, int[]> e : perColumn.entrySet()) {
            int[] c = e.getValue();
            agree += c[0];
            total += c[1];
            table.append(String.format("  %-30s %6d / %6d  %7.3f%%%n", e.getKey(), c[0], c[1],
                    c[1] == 0 ? 100.0 : 100.0 * c[0] / c[1]));
        }
        double overall = total == 0 ? 100.0 : 100.0 * agree / total;
        table.append(String.format("  %-30s %6d / %6d  %7.3f%%%n", "OVERALL", agree, total, overall));
        for (String d : disagreements) {
            table.append("  differs: ").append(d).append('\n');
        }
        System.out.print(table);
        assertTrue(total > 0, "no tshark expectations found under " + root);
        assertTrue(overall >= FIELDS_FLOOR, String.format("only %.3f%% of tshark cells agree (floor %.1f%%)%n%s",
                overall, FIELDS_FLOOR, table));
    }

    @Test
    void tcpdumpLinesAgreeWithTcpdump499() throws IOException {
        Path root = Corpus.root();
        Assumptions.assumeTrue(root != null, Corpus.absent());
        DecodeOptions vvv = DecodeOptions.tcpdump(new TcpdumpStyle(true, 3, false, TimestampFormat.DATE_AND_TIME, true));
        TcpdumpRecords.Tally overall = new TcpdumpRecords.Tally();
        StringBuilder report = new StringBuilder("tcpdump -# -n -tttt -vvv -e agreement per capture:\n");
        for (Path capture : Corpus.captures(root)) {
            Path expectedFile = Corpus.beside(capture, ".tcpdump-vvv-e.txt");
            if (!Files.exists(expectedFile)) {
                continue;
            }
            TcpdumpRecords.Tally tally = TcpdumpRecords.tally(decode(capture, vvv), read(expectedFile));
            overall.add(tally);
            report.append(String.format("  %-50s %s%n", Corpus.name(root, capture), tally));
            for (String d : tally.differences) {
                report.append(d).append('\n');
            }
        }
        report.append(String.format("  %-50s %s%n", "OVERALL", overall));
        System.out.print(report);
        assertTrue(overall.total() > 0, "no tcpdump expectations found under " + root);
        assertTrue(overall.agreement() >= TCPDUMP_VVV_FLOOR, report.toString());
    }

    @Test
    void tcpdumpLinesAgreeWithUpstreamTestOutputs() throws IOException {
        Path root = Corpus.root();
        Assumptions.assumeTrue(root != null, Corpus.absent());
        TcpdumpRecords.Tally overall = new TcpdumpRecords.Tally();
        StringBuilder report = new StringBuilder("tcpdump upstream test outputs (TZ=GMT0 tcpdump -# -n -r FILE OPTIONS):\n");
        List<Path> testlists;
        try (var walk = Files.walk(root.resolve("pcap"))) {
            testlists = walk.filter(p -> p.getFileName().toString().endsWith(".TESTLIST.txt")).sorted().toList();
        }
        for (Path testlist : testlists) {
            for (String line : read(testlist).lines().toList()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                String name = parts[0];
                Path capture = testlist.resolveSibling(parts[1]);
                Path expected = testlist.resolveSibling(parts[2]);
                List<String> options = List.of(parts).subList(3, parts.length);
                DecodeOptions decodeOptions = upstreamOptions(options);
                if (decodeOptions == null) {
                    report.append(String.format("  %-32s skipped: options %s are not margay decode's%n", name,
                            String.join(" ", options)));
                    continue;
                }
                TcpdumpRecords.Tally tally = TcpdumpRecords.tally(decode(capture, decodeOptions), read(expected));
                overall.add(tally);
                report.append(String.format("  %-32s %s%n", name, tally));
                for (String d : tally.differences) {
                    report.append(d).append('\n');
                }
            }
        }
        report.append(String.format("  %-32s %s%n", "OVERALL", overall));
        System.out.print(report);
        assertTrue(overall.total() > 0, "no upstream tcpdump tests found under " + root);
        assertTrue(overall.agreement() >= UPSTREAM_FLOOR, report.toString());
    }

    /**
     * The decode options for an upstream test line (TESTrun adds {@code -#} and, unless a {@code -t} form or
     * SPECIAL_t is given, {@code -tttt}); null when it uses an option {@code margay decode} does not have.
     */
    private static DecodeOptions upstreamOptions(List<String> options) {
        boolean link = false;
        boolean quiet = false;
        int verbosity = 0;
        TimestampFormat timestamps = null;
        boolean timeOfDay = false;
        for (String option : options) {
            switch (option) {
                case "-e" -> link = true;
                case "-q" -> quiet = true;
                case "-tt" -> timestamps = TimestampFormat.EPOCH;
                case "-tttt" -> timestamps = TimestampFormat.DATE_AND_TIME;
                case "SPECIAL_t" -> timeOfDay = true;
                default -> {
                    if (option.matches("-v+")) {
                        verbosity += option.length() - 1;
                    } else {
                        return null;
                    }
                }
            }
        }
        if (timestamps == null) {
            timestamps = timeOfDay ? TimestampFormat.TIME_OF_DAY : TimestampFormat.DATE_AND_TIME;
        }
        return DecodeOptions.tcpdump(new TcpdumpStyle(link, verbosity, quiet, timestamps, true));
    }
}
