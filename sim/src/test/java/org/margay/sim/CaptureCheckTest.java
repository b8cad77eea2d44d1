package org.margay.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.impair.ImpairmentProfile;

/**
 * Records the client's link of a clean and an impaired transfer as pcapng and lets tshark judge it: no malformed
 * packets, no bad checksums on the client's own packets, no "ACKed segment that wasn't captured". Skips with a
 * message when tshark is not installed.
 */
class CaptureCheckTest {
    private static final String CLIENT_MAC = "02:00:00:00:00:01";

    @TempDir
    Path dir;

    private static String tshark() {
        for (String candidate : new String[] {"/usr/bin/tshark", "/usr/local/bin/tshark"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** The frame numbers tshark shows for {@code filter} (empty when none match). */
    private static List<String> matching(String tshark, Path file, String filter) throws IOException, InterruptedException {
        // The scenario's server port is 5000, which tshark assigns to the IPA (GSM over IP) dissector: random payload
        // then "exceeds the containing item" often enough to look malformed. The payload is opaque data here.
        List<String> command = List.of(tshark, "-n", "-r", file.toString(), "-d", "tcp.port==5000,data",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", filter, "-T", "fields", "-e", "frame.number");
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, process.exitValue(), "tshark failed: " + err);
        List<String> frames = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                frames.add(line.trim());
            }
        }
        return frames;
    }

    private void check(SimReport report, Path file, boolean clean) throws IOException, InterruptedException {
        String tshark = tshark();
        Assumptions.assumeTrue(tshark != null, "tshark is not installed: capture checks skipped");
        assertTrue(report.intact(), report.summaryLine());
        assertTrue(Files.size(file) > 0);
        assertTrue(matching(tshark, file, "tcp").size() > 100, "tshark sees the TCP traffic");
        String own = "eth.src == " + CLIENT_MAC;
        // A corrupted frame from the peer may well look malformed; our own never may.
        String malformed = clean ? "_ws.malformed" : "_ws.malformed && " + own;
        assertEquals(List.of(), matching(tshark, file, malformed), "malformed packets");
        assertEquals(List.of(), matching(tshark, file, own
                + " && (ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\")"),
                "bad checksums on our packets");
        assertEquals(List.of(), matching(tshark, file, (clean ? "" : own + " && ") + "tcp.analysis.ack_lost_segment"),
                "ACKed segment that wasn't captured");
        if (!clean) {
            // The filters work: the peer's frames corrupted on its uplink arrive here with bad checksums.
            assertTrue(matching(tshark, file, "!(" + own + ") && (ip.checksum.status == \"Bad\" || "
                    + "tcp.checksum.status == \"Bad\")").size() > 0, "corrupted peer frames are visible: " + report.summaryLine());
        }
        if (clean) {
            assertEquals(List.of(), matching(tshark, file,
                    "ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\""), "bad checksums");
        }
    }

    @Test
    void cleanRunCaptureIsWellFormed() throws Exception {
        Path file = dir.resolve("clean.pcapng");
        SimReport report = TransferScenario.builder().connections(2).bytesPerDirection(100_000).seed(21)
                .captureClient(file).build().run();
        check(report, file, true);
    }

    @Test
    void impairedRunCaptureIsWellFormed() throws Exception {
        Path file = dir.resolve("impaired.pcapng");
        SimReport report = TransferScenario.builder().connections(2).bytesPerDirection(50_000).seed(22)
                .impairment(TransferScenarioTest.impairment(3, 3, 3, 10)).captureClient(file).build().run();
        check(report, file, false);
    }
}
