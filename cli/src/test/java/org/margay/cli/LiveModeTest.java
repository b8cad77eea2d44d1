package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.explain.live.EventLog;

/**
 * Live mode ({@code --pcap FILE}) as a user meets it: {@code demo} and a {@code serve}/{@code connect} pair over a
 * shared-memory link, in this JVM. The capture has exactly the frames the stack counted; tshark reads it with
 * checksum validation on and reports nothing malformed, no bad checksum, no warning; {@code explain FILE} finds the
 * event log and shows the stack's exact events, and says so. The trace and summary of {@code demo} do not change.
 */
class LiveModeTest {
    private static final Pattern CAPTURE = Pattern.compile(
            "pcap=(\\S+) frames=(\\d+) in=(\\d+) out=(\\d+) events=(\\d+) samples=(\\d+) log=(\\S+)");

    @TempDir
    Path dir;

    @Test
    void demoRecordsItsLinkAndBothStacksEventsWithoutChangingItsOutput() throws Exception {
        Path pcap = dir.resolve("demo.pcapng");
        CliRun plain = CliRun.of("demo", "--seed", "3");
        CliRun recorded = CliRun.of("demo", "--seed", "3", "--pcap", pcap.toString());
        assertEquals(0, recorded.exit(), String.join("\n", recorded.out()));
        List<String> withoutCapture = new ArrayList<>(recorded.out());
        withoutCapture.removeIf(l -> l.startsWith("capture: ") || l.startsWith("  open it with: "));
        assertEquals(plain.out(), withoutCapture, "recording changes nothing the demo prints or does");
        String line = recorded.out().stream().filter(l -> l.startsWith("capture: ")).findFirst().orElseThrow();
        Matcher m = CAPTURE.matcher(line);
        assertTrue(m.find(), line);
        Matcher stack = Pattern.compile("client stack: frames-in=(\\d+) frames-out=(\\d+)").matcher(line);
        assertTrue(stack.find(), line);
        assertEquals(stack.group(1), m.group(3), "frames received: the stack's count");
        assertEquals(stack.group(2), m.group(4), "frames sent: the stack's count");
        assertTrue(Long.parseLong(m.group(5)) > 0, "events were logged");
        assertTrue(Files.isRegularFile(EventLog.sidecarOf(pcap)));
        checkWithTshark(pcap, Long.parseLong(m.group(2)));

        CliRun explain = CliRun.of("explain", pcap.toString());
        assertEquals(0, explain.exit(), explain.allErr());
        assertTrue(explain.out().getFirst().contains("is a live capture; events from the stack's event log"),
                explain.out().getFirst());
        assertTrue(explain.out().stream().anyMatch(l -> l.contains("[events from the stack's event log: exact for both"
                + " sides (client, server)]")), String.join("\n", explain.out()));
        assertTrue(explain.out().stream().anyMatch(l -> l.contains("server  state  CLOSED -> SYN-RECEIVED")));
        CliRun passive = CliRun.of("explain", "--passive", pcap.toString());
        assertEquals(0, passive.exit());
        assertTrue(passive.out().stream().anyMatch(l -> l.contains("[from the capture: inferred]")),
                "--passive ignores the log");
    }

    @Test
    void serveAndConnectRecordWhatTheyExchange() throws Exception {
        Path link = Path.of("/dev/shm").resolve("ml-live-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        assumeTrue(Files.isDirectory(link.getParent()), "no /dev/shm for the shared-memory link");
        Path servePcap = dir.resolve("serve.pcapng");
        Path connectPcap = dir.resolve("connect.pcapng");
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        CliRun connect;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Thread.ofPlatform().start(() -> exit.complete(Main.run("serve", "--device", "shm:" + link, "--ip",
                    "10.83.0.2/24", "--app", "discard", "--pcap", servePcap.toString())));
            for (int i = 0; i < 400 && !bytes.toString(StandardCharsets.UTF_8).contains("serve: listening")
                    && !exit.isDone(); i++) {
                Thread.sleep(25);
            }
            System.setOut(saved);
            assumeTrue(!exit.isDone(), "serve could not open the shared-memory link: " + bytes);
            connect = CliRun.of("connect", "--device", "shm:" + link, "--ip", "10.83.0.1/24", "--to", "10.83.0.2:9",
                    "--send-bytes", "300000", "--pcap", connectPcap.toString());
            System.setOut(capture);
            assertTrue(Running.stopAll(15_000));
            assertEquals(0, exit.get(15, TimeUnit.SECONDS));
        } finally {
            System.setOut(saved);
            Files.deleteIfExists(link);
        }
        assertEquals(0, connect.exit(), connect.allErr());
        assertTrue(connect.lastOut().matches("sha256=[0-9a-f]{64} bytes=300000"), connect.lastOut());
        List<String> serve = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(serve.getLast().startsWith("serve: stopped app=discard libos=inet"), serve.getLast());
        assertTrue(serve.getFirst().endsWith(" pcap=" + servePcap), serve.getFirst());
        String captureLine = serve.get(serve.size() - 2);
        Matcher m = CAPTURE.matcher(captureLine);
        assertTrue(captureLine.startsWith("serve: capture ") && m.find(), captureLine);
        Matcher counted = Pattern.compile("frames-in=(\\d+) frames-out=(\\d+)").matcher(serve.getLast());
        assertTrue(counted.find());
        assertEquals(counted.group(1), m.group(3), "serve: frames received as the stack counted them");
        assertEquals(counted.group(2), m.group(4), "serve: frames sent as the stack counted them");
        checkWithTshark(servePcap, Long.parseLong(m.group(2)));

        String connectLine = connect.err().stream().filter(l -> l.startsWith("connect: capture ")).findFirst()
                .orElseThrow();
        Matcher c = CAPTURE.matcher(connectLine);
        assertTrue(c.find(), connectLine);
        checkWithTshark(connectPcap, Long.parseLong(c.group(2)));
        CliRun explain = CliRun.of("explain", connectPcap.toString());
        assertEquals(0, explain.exit(), explain.allErr());
        assertTrue(explain.out().stream().anyMatch(l -> l.contains("[events from the stack's event log: exact for client"
                + " (margay; the peer is seen on the wire only)]")), String.join("\n", explain.out()));
        assertTrue(explain.out().stream().anyMatch(l -> l.contains("client  state  SYN-SENT -> ESTABLISHED")));
    }

    @Test
    void pcapIsForMargaysOwnStack() {
        CliRun r = CliRun.of("serve", "--libos", "kernel", "--app", "echo", "--pcap", dir.resolve("x.pcapng").toString());
        assertEquals(2, r.exit());
        assertTrue(r.allErr().contains("--pcap records Margay's own stack"), r.allErr());
        CliRun bad = CliRun.of("demo", "--pcap", dir.resolve("no-such-dir").resolve("x.pcapng").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.lastOut().startsWith("demo: libos=inet FAILED (--pcap: cannot create"), bad.lastOut());
    }

    /**
     * tshark reads every frame, with checksum validation on, and reports no malformed packet, no bad checksum and
     * nothing at warning level or above; its frame count is {@code frames}.
     */
    private static void checkWithTshark(Path pcap, long frames) throws IOException, InterruptedException {
        assumeTrue(onPath("tshark"), "tshark is not installed (Debian package tshark)");
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
                "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
                "-e", "frame.number", "-e", "_ws.expert.severity", "-e", "_ws.malformed", "-e", "_ws.expert.message")
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(err.lines().allMatch(l -> l.isBlank() || l.startsWith("Running as user")), "tshark complained: " + err);
        List<String> lines = out.lines().toList();
        assertEquals(frames, lines.size(), "tshark sees every recorded frame");
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            assertTrue(f.length < 3 || f[2].isEmpty(), "malformed: " + line);
            if (f.length > 1 && !f[1].isEmpty()) {
                for (String severity : f[1].split(",")) {
                    // Wireshark's PI_WARN is 0x00600000: chat (handshake, FIN) and note are fine, warnings are not.
                    assertTrue(Long.parseLong(severity.trim()) < 0x00600000L, "tshark expert info: " + line);
                }
            }
            assertTrue(!line.toLowerCase(java.util.Locale.ROOT).contains("bad checksum"), line);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
