package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.pcap.CaptureRecord;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * {@code margay replay} on the project's own Linux capture: the guess, what Margay answers (ARP, ping, ICMP port
 * unreachable), the summary, and that a replay on the virtual clock is deterministic.
 */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path capture() throws Exception {
        Path file = dir.resolve("session.pcapng");
        try (InputStream in = ProjectCaptures.open(ProjectCaptures.LINUX_VETH_SESSION)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void replayGuessesTheHostAnswersAndRecords() throws Exception {
        Path in = capture();
        Path out = dir.resolve("out.pcapng");
        CliRun r = CliRun.of("replay", in.toString(), "--app", "echo", "--out", out.toString());
        assertEquals(0, r.exit(), r.allErr());
        assertEquals("replay: guessed --ip 10.77.0.2/24 --mac 02:00:00:00:00:0b --port 7777 (most common destination:"
                + " 10 of 17 IPv4 frames)", r.out().getFirst());
        assertTrue(r.lastOut().matches("replay: frames-in=19 frames-out=\\d+ skipped=0 connections=0 bytes-in=0 bytes-out=0"
                + " clock=virtual capture-time=\\d+\\.\\d{3}s out=" + out), r.lastOut());
        assertTrue(r.err().isEmpty(), "no progress bar when stderr is not a terminal: " + r.err());
        List<CaptureRecord> sent = CaptureReader.readAll(out);
        assertTrue(sent.size() >= 4, "ARP reply, two echo replies, port unreachables: " + sent.size());
        long first = CaptureReader.readAll(in).getFirst().seconds();
        assertEquals(first, sent.getFirst().seconds(), "output timestamps follow the capture's clock");
    }

    @Test
    void theVirtualClockMakesReplaysIdentical() throws Exception {
        Path in = capture();
        Path a = dir.resolve("a.pcapng");
        Path b = dir.resolve("b.pcapng");
        assertEquals(0, CliRun.of("replay", in.toString(), "--app", "discard", "--out", a.toString()).exit());
        assertEquals(0, CliRun.of("replay", in.toString(), "--app", "discard", "--out", b.toString()).exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void progressCanBeForcedOntoStderr() throws Exception {
        CliRun r = CliRun.of("replay", capture().toString(), "--app", "echo", "--out", dir.resolve("p.pcapng").toString(),
                "--progress", "--ip", "10.77.0.2/24", "--port", "7");
        assertEquals(0, r.exit());
        assertTrue(r.allErr().contains("replay: [##############################] 100% 19 frames in"), r.allErr());
        assertTrue(r.out().getFirst().startsWith("replay: guessed --mac 02:00:00:00:00:0b (most"), r.out().getFirst());
    }
}
