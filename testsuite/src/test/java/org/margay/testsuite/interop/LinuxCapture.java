package org.margay.testsuite.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tcpdump} of one scenario on Linux's side of a {@link PeerLink} ({@code -i any} in Linux's namespace, so a
 * TAP that appears later is captured too), headers only ({@value #SNAP_LENGTH}-byte snap length), checked afterwards
 * with {@code tshark}:
 * <ul>
 *   <li>no malformed packet;</li>
 *   <li>no bad IPv4, TCP, UDP or ICMP checksum (tshark verifies the ones whose bytes were all captured: headers,
 *       pure ACKs, SYNs, FINs, pings, small datagrams; Linux's own {@code InCsumErrors} counters cover the payload
 *       of the rest);</li>
 *   <li>no "ACKed segment that wasn't captured" (only meaningful when tcpdump dropped nothing);</li>
 *   <li>no more RSTs than the scenario asked for.</li>
 * </ul>
 * The capture file (under {@code target/interop-captures}) is deleted after a clean check and kept (its path in the
 * failure message) otherwise, or always with {@code -Dmargay.interop.keepCaptures=true}.
 */
final class LinuxCapture implements AutoCloseable {
    static final int SNAP_LENGTH = 128;
    /** {@code -Dmargay.interop.keepCaptures=true} keeps every capture, also the clean ones (for investigating). */
    private static final boolean KEEP = Boolean.getBoolean("margay.interop.keepCaptures");
    private static final Path DIRECTORY = Path.of("target", "interop-captures");
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final PeerLink link;
    private final Path file;
    private final Path log;
    private final Process tcpdump;
    private String tcpdumpOutput = "";
    private boolean stopped;

    private LinuxCapture(PeerLink link, String scenario) throws IOException, InterruptedException {
        this.link = link;
        Files.createDirectories(DIRECTORY);
        this.file = DIRECTORY.resolve(scenario + "-" + link.kind().label() + ".pcap").toAbsolutePath();
        Files.deleteIfExists(file);
        this.log = DIRECTORY.resolve(scenario + "-" + link.kind().label() + ".tcpdump.log").toAbsolutePath();
        this.tcpdump = new ProcessBuilder("ip", "netns", "exec", link.linux().name(), "tcpdump", "-i", "any", "-n",
                "-s", Integer.toString(SNAP_LENGTH), "-B", "16384", "-U", "-w", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // tcpdump says "listening on ..." once its socket is bound; frames before that would be missed.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains("listening on")) {
            if (!tcpdump.isAlive() || System.nanoTime() > deadline) {
                tcpdump.destroyForcibly();
                throw new AssertionError("tcpdump did not start: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }

    /** Whether captures can be made and checked here (tcpdump and tshark installed). */
    static boolean toolsPresent() {
        return ServeInteropTest.onPath("tcpdump") && ServeInteropTest.onPath("tshark");
    }

    /** Starts capturing everything Linux sends and receives in {@code link}'s namespace. */
    static LinuxCapture start(PeerLink link, String scenario) throws IOException, InterruptedException {
        return new LinuxCapture(link, scenario);
    }

    /** Stops tcpdump (it writes out what it buffered). Idempotent. */
    void stop() throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        Thread.sleep(100);   // the last frames reach the socket
        tcpdump.destroy();   // SIGTERM: tcpdump flushes and prints its counts
        if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
            tcpdump.destroyForcibly();
        }
        tcpdumpOutput = Files.readString(log);
        Files.deleteIfExists(log);
    }

    /**
     * Stops the capture and checks it; deletes the file when it is clean. Returns the findings (also for reports).
     *
     * @param allowedResets RSTs the scenario expects (a client that closes with unread data, for example)
     * @throws AssertionError naming the problem and the kept capture file
     */
    Findings check(int allowedResets) throws IOException, InterruptedException {
        stop();
        Findings f = analyse();
        List<String> problems = new ArrayList<>();
        if (f.frames == 0) {
            problems.add("nothing was captured");
        }
        if (f.malformed > 0) {
            problems.add(f.malformed + " malformed packet(s)");
        }
        if (f.badChecksums > 0) {
            problems.add(f.badChecksums + " bad checksum(s)");
        }
        if (f.kernelDropped == 0 && f.ackedUnseen > 0) {
            problems.add(f.ackedUnseen + " \"ACKed segment that wasn't captured\"");
        }
        if (f.resets > allowedResets) {
            problems.add(f.resets + " RST(s), " + allowedResets + " expected");
        }
        if (f.linuxChecksumErrors > 0) {
            problems.add("Linux counted " + f.linuxChecksumErrors + " checksum error(s) (InCsumErrors)");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("capture check on " + link + ": " + String.join("; ", problems) + " (" + f
                    + "); capture kept at " + file + "; offending frames:\n" + f.details);
        }
        if (!KEEP) {
            Files.deleteIfExists(file);
        }
        return f;
    }

    /** Keeps the file (a scenario failed before its check) and says where it is. */
    String keep() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            return "capture at " + file + " (tcpdump did not stop cleanly: " + e + ")";
        }
        return "capture kept at " + file;
    }

    @Override
    public void close() {
        if (!stopped) {
            tcpdump.destroyForcibly();
        }
    }

    private Findings analyse() throws IOException {
        Findings f = new Findings();
        Matcher m = DROPPED.matcher(tcpdumpOutput);
        f.kernelDropped = m.find() ? Long.parseLong(m.group(1)) : 0;
        // One pass over every frame (no display filter, which would cost a second pass to count the frames).
        List<String> lines = runTshark(List.of("-T", "fields", "-E", "separator=|",
                "-e", "frame.number", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
                "-e", "udp.checksum.status", "-e", "icmp.checksum.status", "-e", "tcp.flags.reset", "-e", "_ws.expert.message",
                "-e", "_ws.col.Info"));
        StringBuilder details = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            f.frames++;
            String[] c = line.split("\\|", -1);
            String expert = c.length > 8 ? c[8] : "";
            boolean bad = false;
            if (expert.contains("Malformed")) {
                f.malformed++;
                bad = true;
            }
            if (hasZero(c, 3) || hasZero(c, 4) || hasZero(c, 5) || hasZero(c, 6)) {
                if (expert.contains("0xffff instead of 0x0000")) {
                    // Both are zero in one's complement and both verify (RFC 1624 section 3): Linux writes 0xffff now
                    // and then; tshark only notes that the other form is preferred.
                    f.negativeZeroChecksums++;
                } else {
                    f.badChecksums++;
                    bad = true;
                }
            }
            if (expert.contains("ACKed segment that wasn't captured")) {
                f.ackedUnseen++;
                bad = true;
            }
            if (c.length > 7 && c[7].contains("1")) {
                f.resets++;
                bad = true;
            }
            if (expert.contains("retransmission")) {
                if (c.length > 2 && c[2].equals(link.margayIp())) {
                    f.retransmissionsToMargay++;
                } else {
                    f.retransmissionsFromMargay++;
                }
            }
            if (bad && details.length() < 4000) {
                details.append("  ").append(line).append('\n');
            }
        }
        f.details = details.toString();
        f.linuxChecksumErrors = linuxChecksumErrors();
        return f;
    }

    private static boolean hasZero(String[] columns, int i) {
        if (i >= columns.length || columns[i].isEmpty()) {
            return false;
        }
        for (String v : columns[i].split(",")) {
            if (v.trim().equals("0")) {
                return true;
            }
        }
        return false;
    }

    private List<String> runTshark(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-o", "tcp.desegment_tcp_streams:FALSE"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark did not finish on " + file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("tshark failed (" + p.exitValue() + ") on " + file);
        }
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    /** Linux's TCP and UDP InCsumErrors in the link's namespace (SNMP counters are per namespace). */
    private long linuxChecksumErrors() {
        String snmp = link.linux().exec("cat", "/proc/net/snmp").output();
        long total = 0;
        List<String> lines = snmp.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String head = lines.get(i);
            String values = lines.get(i + 1);
            if ((head.startsWith("Tcp:") && values.startsWith("Tcp:")) || (head.startsWith("Udp:") && values.startsWith("Udp:"))) {
                String[] names = head.trim().split("\\s+");
                String[] numbers = values.trim().split("\\s+");
                for (int k = 1; k < names.length && k < numbers.length; k++) {
                    if (names[k].equals("InCsumErrors")) {
                        total += Long.parseLong(numbers[k]);
                    }
                }
            }
        }
        return total;
    }

    /** What the capture showed. */
    static final class Findings {
        long frames;
        long kernelDropped;
        long malformed;
        long badChecksums;
        long negativeZeroChecksums;
        long ackedUnseen;
        long resets;
        long retransmissionsToMargay;
        long retransmissionsFromMargay;
        long linuxChecksumErrors;
        String details = "";

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "frames=%d tcpdump-dropped=%d malformed=%d bad-checksums=%d (0xffff-for-zero=%d) acked-unseen=%d"
                            + " rst=%d retrans-to-margay=%d retrans-from-margay=%d linux-csum-errors=%d", frames, kernelDropped,
                    malformed, badChecksums, negativeZeroChecksums, ackedUnseen, resets, retransmissionsToMargay, retransmissionsFromMargay,
                    linuxChecksumErrors);
        }
    }
}
