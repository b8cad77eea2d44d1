package org.margay.testsuite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.decode.DecodeOptions;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.decode.TsharkFieldsFormatter;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * When tcpdump or tshark is installed, runs it on every project capture and compares with {@code margay decode}
 * then and there: tcpdump with {@code -n}, {@code -n -e}, {@code -n -v}, {@code -n -vv} and
 * {@code -n -e -vvv -tttt} (packet by packet, allowing only application payloads, which margay does not decode),
 * tshark with the outside corpus's columns and preferences (cell by cell). Skips with a message when a tool is
 * missing. The tools' versions may differ from those the captures were recorded with (tcpdump 4.99.3, tshark
 * 4.0.17); a difference here then says which tool changed, while {@link ProjectCaptureFieldsTest} holds the record.
 */
class ProjectCaptureLiveToolsTest {
    @TempDir
    Path dir;

    private static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "GMT0");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return out;
    }

    private Path extract(String name) throws IOException {
        Path file = dir.resolve(name + ".pcapng");
        try (InputStream in = ProjectCaptures.open(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void tcpdumpAgreesOnEveryProjectCapture() throws IOException, InterruptedException {
        Assumptions.assumeTrue(installed("tcpdump"), "tcpdump is not installed: live comparison skipped");
        Object[][] styles = {
            {List.of("-n"), new TcpdumpStyle(false, 0, false, TimestampFormat.TIME_OF_DAY, true)},
            {List.of("-n", "-e"), new TcpdumpStyle(true, 0, false, TimestampFormat.TIME_OF_DAY, true)},
            {List.of("-n", "-v"), new TcpdumpStyle(false, 1, false, TimestampFormat.TIME_OF_DAY, true)},
            {List.of("-n", "-vv"), new TcpdumpStyle(false, 2, false, TimestampFormat.TIME_OF_DAY, true)},
            {List.of("-n", "-e", "-vvv", "-tttt"), new TcpdumpStyle(true, 3, false, TimestampFormat.DATE_AND_TIME, true)},
        };
        TcpdumpRecords.Tally overall = new TcpdumpRecords.Tally();
        StringBuilder report = new StringBuilder("live tcpdump on the project captures:\n");
        for (String name : ProjectCaptureFieldsTest.names()) {
            Path file = extract(name);
            for (Object[] style : styles) {
                @SuppressWarnings("unchecked")
                List<String> options = (List<String>) style[0];
                List<String> command = new ArrayList<>(List.of("tcpdump", "-#"));
                command.addAll(options);
                command.addAll(List.of("-r", file.toString()));
                String theirs = run(command);
                String ours = ProjectCaptureFieldsTest.decode(name, DecodeOptions.tcpdump((TcpdumpStyle) style[1]));
                TcpdumpRecords.Tally tally = TcpdumpRecords.tally(ours, theirs);
                overall.add(tally);
                report.append(String.format("  %-26s %-18s %s%n", name, String.join(" ", options), tally));
                for (String d : tally.differences) {
                    report.append(d).append('\n');
                }
            }
        }
        report.append("  OVERALL ").append(overall).append('\n');
        System.out.print(report);
        assertTrue(overall.total() > 0, "tcpdump printed nothing");
        assertTrue(overall.different == 0, report.toString());
    }

    @Test
    void tsharkAgreesOnEveryProjectCapture() throws IOException, InterruptedException {
        Assumptions.assumeTrue(installed("tshark"), "tshark is not installed: live comparison skipped");
        List<String> differences = new ArrayList<>();
        for (String name : ProjectCaptureFieldsTest.names()) {
            List<String> command = new ArrayList<>(List.of("tshark", "-r", extract(name).toString(),
                    "-o", "tcp.relative_sequence_numbers:FALSE", "-o", "ip.check_checksum:TRUE",
                    "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                    "-T", "fields", "-E", "header=y", "-E", "separator=/t"));
            for (String column : TsharkFieldsFormatter.COLUMNS) {
                command.add("-e");
                command.add(column);
            }
            differences.addAll(ProjectCaptureFieldsTest.fieldDifferences(name,
                    ProjectCaptureFieldsTest.decode(name, DecodeOptions.fields()), run(command)));
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }
}
