package org.margay.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.margay.cli.DecodeCommand;
import picocli.CommandLine;

/**
 * {@code margay decode} run in-process (the CLI command, not just the library) on every corpus capture in both
 * output modes: it never crashes, hangs or prints a stack trace; readable captures exit 0 with nothing on
 * stderr; corrupt ones (libpcap's, and copies of good files cut short) print the packets before the problem,
 * then exactly one line {@code margay decode: FILE: MESSAGE}, and exit 1; usage errors exit 2.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a watchdog against hangs, not a performance bound
class DecodeRobustnessTest {
    private static final List<List<String>> MODES = List.of(
            List.of(), List.of("-e", "-vvv", "-#", "-tttt"), List.of("-tt", "-v"), List.of("--fields"));

    /** One in-process run of the command. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine command = new CommandLine(new DecodeCommand(o, e));
        command.setOut(new java.io.PrintWriter(o, true));
        command.setErr(new java.io.PrintWriter(e, true));
        int code = command.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(List<String> mode, Path file) {
        List<String> all = new ArrayList<>(mode);
        all.add(file.toString());
        return all.toArray(String[]::new);
    }

    private static void assertOneErrorLine(Run run, Path file) {
        assertEquals(1, run.exitCode(), run.err());
        String[] lines = run.err().split("\n");
        assertEquals(1, lines.length, "exactly one error line: " + run.err());
        assertTrue(lines[0].startsWith("margay decode: " + file + ": "), lines[0]);
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    @Test
    void everyCorpusCaptureDecodesWithoutCrashing() {
        Path root = Corpus.root();
        Assumptions.assumeTrue(root != null, Corpus.absent());
        int readable = 0;
        int corrupt = 0;
        for (Path capture : Corpus.captures(root)) {
            boolean bad = Files.exists(Corpus.beside(capture, ".expected-error.txt"));
            for (List<String> mode : MODES) {
                Run run = run(args(mode, capture));
                if (bad) {
                    assertOneErrorLine(run, capture);
                } else {
                    assertEquals(0, run.exitCode(), capture + " " + mode + ": " + run.err());
                    assertEquals("", run.err(), capture + " " + mode);
                    assertFalse(run.out().contains("internal error"), capture + " " + mode);
                }
            }
            if (bad) {
                corrupt++;
            } else {
                readable++;
            }
        }
        System.out.println("decode robustness: " + readable + " readable and " + corrupt
                + " corrupt corpus captures, " + MODES.size() + " output modes each");
        assertTrue(corrupt > 0 && readable > 0, "expected both readable and corrupt captures in the corpus");
    }

    @Test
    void capturesCutShortPrintWhatCameBeforeThenOneError(@TempDir Path dir) throws IOException {
        Path root = Corpus.root();
        Assumptions.assumeTrue(root != null, Corpus.absent());
        Path original = root.resolve("pcap/tcpdump/dns_tcp.pcap");
        Assumptions.assumeTrue(Files.exists(original), "dns_tcp.pcap is not in the corpus");
        byte[] bytes = Files.readAllBytes(original);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        Run whole = run(original.toString());
        Run partial = run(cut.toString());
        assertOneErrorLine(partial, cut);
        List<String> wholeLines = whole.out().lines().toList();
        assertEquals(wholeLines.subList(0, wholeLines.size() - 1), partial.out().lines().toList());
        Run fields = run("--fields", cut.toString());
        assertOneErrorLine(fields, cut);
        assertEquals(wholeLines.size(), fields.out().lines().count(), "header plus all but the last packet");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run().exitCode(), "no FILE");
        assertEquals(2, run("-tt", "-tttt", "x.pcap").exitCode(), "two timestamp forms");
        assertEquals(2, run("--no-such-option", "x.pcap").exitCode());
    }

    @Test
    void aMissingFileIsOneErrorLine(@TempDir Path dir) {
        Path missing = dir.resolve("absent.pcap");
        assertOneErrorLine(run(missing.toString()), missing);
    }
}
