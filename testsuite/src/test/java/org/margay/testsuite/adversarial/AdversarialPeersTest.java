package org.margay.testsuite.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.Apps;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.testkit.Capabilities;
import org.margay.testkit.NetNamespace;

/**
 * Issue #9's adversarial peers: a Margay server (the {@code http} app on port 80; the {@code echo} app on a second
 * stack for the injections) on a TAP interface in a throw-away namespace, attacked from the Linux side with hping3, scapy ({@code adversarial/peer.py})
 * and nmap. Each test asserts what Margay answered (the RFC 5961 challenge ACKs, SYN cookies, fragment drops, ...);
 * after each, curl must still fetch a file, the stack's loop must not have failed, and its buffer pools and
 * reassembler must be within their configured sizes (read from the stack itself, {@link Gauges}).
 *
 * <p>Needs root, /dev/net/tun, curl, hping3, nmap and python3-scapy: skipped with the reason elsewhere, failed in CI.
 */
class AdversarialPeersTest {
    private static final int BIG = 1 << 20;
    @TempDir
    static Path dir;
    private static NetNamespace ns;
    private static MargayOnTap margay;
    private static Path peer;
    private static String bigSha;
    private static long offHeapBaseline;

    @BeforeAll
    static void start() throws Exception {
        Capabilities.require(NetNamespace.available(), NetNamespace.unavailableReason());
        Capabilities.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing");
        for (String tool : new String[] {"curl", "hping3", "nmap", "socat"}) {
            Capabilities.require(onPath(tool), tool + " is not installed");
        }
        Capabilities.require(Files.exists(Path.of("/usr/lib/python3/dist-packages/scapy/__init__.py")),
                "python3-scapy is not installed");
        peer = resource("/adversarial/peer.py");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("small.txt"), "small\n");
        byte[] big = new byte[BIG];
        new Random(9).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        bigSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        ns = NetNamespace.create("ma-adv");
        margay = MargayOnTap.open(ns, "ma-tap1", "10.215.1", b -> b);
        margay.serve(Apps.parse("http:" + www), 80);
        assertServing("at start");
        offHeapBaseline = margay.gauges().offHeapBytes();
    }

    @AfterAll
    static void stop() {
        if (margay != null) {
            margay.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** After every attack: the stack is alive, serves, and holds no more memory than it is configured to. */
    @AfterEach
    void stillServingWithinBounds() throws Exception {
        assertNull(margay.loopFailure(), "the stack's loop did not fail");
        assertServing("after the attack");
        Gauges g = margay.gauges();
        report("gauges", g.toString());
        assertTrue(g.withinBounds(), "pools and reassembler within their sizes: " + g);
        assertTrue(g.offHeapBytes() - offHeapBaseline < 64L << 20, "off-heap memory did not grow by 64 MiB: " + g);
    }

    @Test
    void synFloodLeavesCurlClientsServedThroughSynCookies() throws Exception {
        Gauges before = margay.gauges();
        Process flood = ns.start("hping3", "-S", "-p", "80", "-a", margay.attackerIp(), "--flood", margay.margayIp());
        List<String> failures = new ArrayList<>();
        int maxConnections = 0;
        try {
            Thread.sleep(1000);
            assertTrue(flood.isAlive(), "hping3 is flooding");
            for (int i = 0; i < 10; i++) {
                NetNamespace.Result r = ns.execWithTimeout(20, "curl", "-sS", "--fail", "--max-time", "10",
                        "http://" + margay.margayIp() + "/small.txt");
                if (r.exitCode() != 0 || !r.output().equals("small\n")) {
                    failures.add(i + ": " + r.exitCode() + " " + r.output());
                }
                maxConnections = Math.max(maxConnections, margay.gauges().connections());
            }
        } finally {
            flood.destroy();
            flood.waitFor(5, TimeUnit.SECONDS);
        }
        Gauges after = margay.gauges();
        Gauges.Snapshot d = after.counters();
        report("syn flood", "syns=" + (d.synsReceived() - before.counters().synsReceived()) + " cookies-sent="
                + (d.synCookiesSent() - before.counters().synCookiesSent()) + " cookies-accepted="
                + (d.synCookiesAccepted() - before.counters().synCookiesAccepted()) + " max-connections=" + maxConnections);
        assertEquals(List.of(), failures, "every curl during the flood succeeded");
        assertTrue(d.synsReceived() - before.counters().synsReceived() > 1000, "the flood reached Margay: " + d);
        assertTrue(d.synCookiesSent() > before.counters().synCookiesSent(), "a full backlog answered with SYN cookies: " + d);
        TcpConfig tcp = TcpConfig.defaults();
        assertTrue(maxConnections <= tcp.synBacklog() + tcp.acceptBacklog() + 16,
                "half-open connections stay within the SYN backlog: " + maxConnections);
    }

    @Test
    void blindInjectionsMeetRfc5961() throws Exception {
        Map<String, Map<String, String>> r = runPeer("rfc5961", "80");
        // RFC 5961 §3.2: an RST exactly at RCV.NXT resets (silently); the connection is then gone, so data draws an RST.
        assertCase(r, "rst-exact", "none", "False");
        assertEquals("rst", r.get("rst-exact").get("after"), r.get("rst-exact").toString());
        // §3.2: an RST elsewhere in the window draws a challenge ACK and the connection lives on.
        assertCase(r, "rst-in-window", "challenge-ack", "True");
        // RFC 9293 §3.10.7.4: an RST outside the window is dropped silently.
        assertCase(r, "rst-out-of-window", "none", "True");
        // §4.2: a SYN in a synchronized state draws a challenge ACK wherever it falls.
        assertCase(r, "syn-in-window", "challenge-ack", "True");
        assertCase(r, "syn-out-of-window", "challenge-ack", "True");
        // §5.2: data whose ACK is below SND.UNA - MAX.SND.WND is dropped with a challenge ACK.
        assertCase(r, "data-old-ack", "challenge-ack", "True");
        // RFC 9293 §3.10.7.4: an unacceptable segment is answered with an ACK (and dropped).
        assertCase(r, "data-out-of-window", "challenge-ack", "True");
        assertCase(r, "data-below-window", "challenge-ack", "True");
        // RFC 9293 §3.10.7.4 / RFC 5961 §5.2: an ACK for data never sent: ACK back, drop the segment.
        assertCase(r, "ack-unsent", "challenge-ack", "True");
        assertCase(r, "data-ack-unsent", "challenge-ack", "True");
    }

    /**
     * The same injections against the {@code echo} app, on a second stack of its own (one PDPIX app runner per library
     * OS: see {@link MargayOnTap}), with socat's echo checked before and after.
     */
    @Test
    void blindInjectionsOnAnEchoConnectionMeetRfc5961() throws Exception {
        try (MargayOnTap echo = MargayOnTap.open(ns, "ma-tap3", "10.215.3", b -> b)) {
            echo.serve(Apps.parse("echo"), 7);
            String check = "echo margay-echo | socat -t 2 - TCP:" + echo.margayIp() + ":7";
            assertEquals("margay-echo", ns.execWithTimeout(10, "sh", "-c", check).output().trim(), "echo before");
            Map<String, Map<String, String>> r = runPeer(echo, "rfc5961", "7");
            assertCase(r, "rst-exact", "none", "False");
            assertCase(r, "rst-in-window", "challenge-ack", "True");
            assertCase(r, "rst-out-of-window", "none", "True");
            assertCase(r, "syn-in-window", "challenge-ack", "True");
            assertCase(r, "syn-out-of-window", "challenge-ack", "True");
            assertCase(r, "data-old-ack", "challenge-ack", "True");
            assertCase(r, "data-out-of-window", "challenge-ack", "True");
            assertCase(r, "ack-unsent", "challenge-ack", "True");
            assertEquals("margay-echo", ns.execWithTimeout(10, "sh", "-c", check).output().trim(), "echo after");
            assertNull(echo.loopFailure());
            Gauges g = echo.gauges();
            assertTrue(g.withinBounds(), g.toString());
        }
    }

    @Test
    void badOptionLengthsInASynAreRefusedOrIgnoredWithoutHarm() throws Exception {
        Gauges before = margay.gauges();
        Map<String, Map<String, String>> r = runPeer("bad-options", "80");
        // RFC 9293 §3.1 (MUST-7): an illegal option length must be handled (Margay drops the segment);
        // options that are well formed but odd are taken with their RFC limits.
        for (String c : new String[] {"mss-length-0", "mss-length-1", "mss-length-3", "option-past-header",
                                      "sackok-length-9", "timestamp-length-6", "unknown-kind-length-0"}) {
            String outcome = r.get(c).get("outcome");
            assertTrue("none".equals(outcome) || "rst".equals(outcome), c + " is refused: " + r.get(c));
        }
        // RFC 7323 §2.3: a shift above 14 is used as 14 (the SYN is accepted).
        assertEquals("synack", r.get("wscale-200").get("outcome"), r.get("wscale-200").toString());
        assertTrue(margay.gauges().counters().totalDrops() >= before.counters().totalDrops(), "counted");
    }

    @Test
    void bogusSackBlocksDoNotDerailADownload() throws Exception {
        Map<String, String> r = runPeer("bogus-sack", "80", "/big.bin", String.valueOf(BIG)).get("bogus-sack");
        assertEquals("True", r.get("complete"), r.toString());
        assertEquals(bigSha, r.get("sha"), "the file arrived intact despite the lying SACK blocks");
    }

    @Test
    void zeroWindowHoldIsProbedAndOthersAreServed() throws Exception {
        Process p = ns.start("/usr/bin/python3", peer.toString(), margay.tap(), margay.mac(), margay.margayIp(),
                margay.attackerIp(), "zero-window", "80", "/big.bin", String.valueOf(BIG), "4");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
            if (line.equals("HOLDING")) {
                break;
            }
        }
        assertTrue(lines.contains("HOLDING"), "the peer closed its window: " + lines);
        for (int i = 0; i < 3; i++) {
            assertServing("while a peer holds a zero window");
        }
        Gauges held = margay.gauges();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the peer finished");
        Map<String, String> r = parse(lines).get("zero-window");
        report("zero window", r + " while held: " + held);
        assertTrue(held.withinBounds(), held.toString());
        // RFC 9293 §3.8.6.1: the sender probes a zero window (MUST-36) and sends at most one byte beyond it.
        assertTrue(Integer.parseInt(r.get("probes")) >= 1, "Margay probed the zero window: " + r);
        assertTrue(Integer.parseInt(r.get("beyond_window")) <= 1, "no data beyond the window but a 1-byte probe: " + r);
        assertEquals("True", r.get("complete"), "the download finished once the window opened: " + r);
        assertEquals(bigSha, r.get("sha"));
    }

    @Test
    void overlappingTinyAndTeardropFragmentsAreHandled() throws Exception {
        Gauges before = margay.gauges();
        Map<String, Map<String, String>> r = runPeer("fragments");
        Gauges after = margay.gauges();
        // RFC 791: fragments as small as 8 bytes are legal and reassemble.
        assertEquals("reply", r.get("tiny").get("outcome"), r.toString());
        // Overlaps drop the datagram (RFC 5722's rule, applied to IPv4); so does a teardrop pair.
        assertEquals("none", r.get("overlap").get("outcome"), r.toString());
        assertEquals("none", r.get("teardrop").get("outcome"), r.toString());
        // RFC 791: no datagram is longer than 65,535 bytes.
        assertEquals("none", r.get("beyond-65535").get("outcome"), r.toString());
        assertEquals("reply", r.get("ping-after").get("outcome"), r.toString());
        assertTrue(after.counters().ipFragments() - before.counters().ipFragments() >= 3000, after.toString());
        assertTrue(after.counters().ipFragmentDrops() > before.counters().ipFragmentDrops(), after.toString());
        assertTrue(after.reassemblyBytes() <= after.reassemblyLimit(), "reassembly held within its cap: " + after);
    }

    @Test
    void nmapScansFindTheServicesAndLeaveThemServing() {
        String target = margay.margayIp();
        NetNamespace.Result syn = ns.execWithTimeout(120, "nmap", "-n", "-Pn", "-sS", "-p", "1-1024", target);
        assertEquals(0, syn.exitCode(), syn.output());
        assertTrue(syn.output().contains("80/tcp open"), syn.output());
        assertTrue(syn.output().contains("1023 closed"), "closed ports answer with RST: " + syn.output());
        NetNamespace.Result connect = ns.execWithTimeout(120, "nmap", "-n", "-Pn", "-sT", "-p", "1-1024", target);
        assertEquals(0, connect.exitCode(), connect.output());
        assertTrue(connect.output().contains("80/tcp open"), connect.output());
        NetNamespace.Result os = ns.execWithTimeout(180, "nmap", "-n", "-Pn", "-O", "-p", "80,81", target);
        assertEquals(0, os.exitCode(), os.output());
        assertTrue(os.output().contains("80/tcp open"), os.output());
        report("nmap -O", os.output().lines().filter(l -> l.startsWith("OS") || l.startsWith("Aggressive")
                || l.startsWith("No exact") || l.startsWith("Too many")).toList().toString());
    }

    // ------------------------------------------------------------------ helpers

    private static void assertServing(String when) {
        NetNamespace.Result r = ns.execWithTimeout(20, "curl", "-sS", "--fail", "--max-time", "10",
                "http://" + margay.margayIp() + "/small.txt");
        assertEquals(0, r.exitCode(), "curl " + when + ": " + r.output());
        assertEquals("small\n", r.output(), "curl " + when);
    }

    private static void assertCase(Map<String, Map<String, String>> results, String name, String outcome, String alive) {
        Map<String, String> r = results.get(name);
        assertTrue(r != null, "the peer reported " + name + ": " + results);
        assertEquals(outcome, r.get("outcome"), name + ": " + r);
        assertEquals(alive, r.get("alive"), name + " (connection alive afterwards): " + r);
    }

    /** Runs peer.py ATTACK ARGS in the namespace; returns its RESULT lines by case. */
    private static Map<String, Map<String, String>> runPeer(String attack, String... args) throws Exception {
        return runPeer(margay, attack, args);
    }

    /** {@link #runPeer(String, String...)} against another stack. */
    private static Map<String, Map<String, String>> runPeer(MargayOnTap target, String attack, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", peer.toString(), target.tap(), target.mac(),
                target.margayIp(), target.attackerIp(), attack));
        command.addAll(List.of(args));
        NetNamespace.Result r = ns.execWithTimeout(120, command.toArray(String[]::new));
        report("peer " + attack, r.output().trim().replace('\n', ';'));
        assertEquals(0, r.exitCode(), r.output());
        return parse(r.output().lines().toList());
    }

    private static Map<String, Map<String, String>> parse(List<String> lines) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : line.substring(7).split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    kv.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            out.put(kv.get("case"), kv);
        }
        return out;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(AdversarialPeersTest.class.getResource(name).toURI());
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static void report(String what, String figure) {
        System.err.println("adversarial: " + what + ": " + figure);
    }
}
