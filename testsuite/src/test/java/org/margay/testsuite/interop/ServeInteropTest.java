package org.margay.testsuite.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.margay.apps.iperf.Json;
import org.margay.cli.Main;
import org.margay.testkit.Capabilities;
import org.margay.testkit.NetNamespace;

/**
 * {@code margay serve} and {@code margay connect} with Linux as the peer in throw-away network namespaces and its stock
 * tools on the other end, over every device kind ({@link LinkKind}): Margay's TAP driver and DPDK's {@code net_tap} run
 * every scenario; AF_PACKET and AF_XDP (on a veth pair) run ping, curl and the 100 MiB streams.
 *
 * <p>Scenarios: ping answers and curl fetches 50 MiB (SHA-256 checked) and reuses its connection; Margay as a client
 * streams 100 MiB each way against socat ({@code connect}); socat streams 100 MiB through the echo server and a
 * datagram through UDP echo; the iperf3 client measures forward and reverse; redis-cli and redis-benchmark talk to
 * {@code kv}. Each scenario runs serve in this JVM, stops it as SIGTERM would and checks the summary line, and is
 * captured on Linux's side and checked with tshark ({@link LinuxCapture}).
 *
 * <p>Needs root, iproute2, tcpdump, tshark and the tools, plus per device /dev/net/tun, DPDK or libxdp (skipped with
 * the reason elsewhere; required in CI).
 */
class ServeInteropTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void requirements() {
        Capabilities.require(NetNamespace.available(), NetNamespace.unavailableReason());
        Capabilities.require(LinuxCapture.toolsPresent(), "tcpdump and tshark are needed for the capture checks");
    }

    static Stream<LinkKind> everyDevice() {
        return Stream.of(LinkKind.values());
    }

    static Stream<LinkKind> tapDevices() {
        return Stream.of(LinkKind.TAP, LinkKind.DPDK_TAP);
    }

    private static void requireTool(String tool) {
        Capabilities.require(onPath(tool), tool + " is not installed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDevice")
    void pingAndHttpServeFiftyMebibytesIntactOnOneConnection(LinkKind kind) throws Exception {
        requireTool("curl");
        requireTool("ping");
        Path www = dir.resolve("www");
        byte[] fifty = new byte[50 << 20];
        new Random(50).nextBytes(fifty);
        if (!Files.exists(www.resolve("fifty.bin"))) {
            Files.createDirectories(www);
            Files.write(www.resolve("fifty.bin"), fifty);
            Files.writeString(www.resolve("small.txt"), "small\n");
        }
        Path got = dir.resolve("got-" + kind.label() + ".bin");
        scenario(kind, "http", 0, link -> {
            try (InProcessServe serve = InProcessServe.start(link, "--app", "http:" + www)) {
                assertTrue(serve.listeningLine().contains("app=http:" + www + " port=80 libos=inet device=" + link.device()),
                        serve.listeningLine());
                NetNamespace ns = link.linux();
                NetNamespace.Result ping = ns.exec("ping", "-c", "10", "-i", "0.2", "-W", "2", link.margayIp());
                assertEquals(0, ping.exitCode(), ping.output());
                report("ping over " + kind, ping.output().lines().filter(l -> l.startsWith("rtt")).findFirst().orElse("?"));
                long t0 = System.nanoTime();
                String url = "http://" + link.margayIp();
                NetNamespace.Result curl = ns.execWithTimeout(90, "curl", "-sS", "--fail", "-o", got.toString(),
                        url + "/fifty.bin", "-o", "/dev/null", url + "/small.txt", "-w", "%{num_connects} ");
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(0, curl.exitCode(), curl.output());
                assertEquals("1 0", curl.output().trim(), "the second request reused the connection (keep-alive)");
                assertEquals(sha256(fifty), sha256(got));
                report("curl 50 MiB over " + kind, String.format(Locale.ROOT, "%.2f s, %.0f Mbit/s", seconds,
                        (50 << 20) * 8 / seconds / 1e6));
                String summary = serve.stop();
                assertTrue(summary.matches("serve: stopped app=http:\\S+ libos=inet connections=1 bytes-in=\\d+ bytes-out=\\d+"
                        + " failures=\\d+ frames-in=\\d+ frames-out=\\d+ drops=\\d+ requests=2 2xx=2 3xx=0 4xx=0 5xx=0"
                        + " body-bytes=52428806 uptime=\\d+\\.\\d{3}s"), summary);
            } finally {
                Files.deleteIfExists(got);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDevice")
    void connectStreamsOneHundredMebibytesEachWay(LinkKind kind) throws Exception {
        requireTool("socat");
        long n = 100L << 20;
        byte[] source = new byte[(int) n];
        new Random(100).nextBytes(source);
        Path src = dir.resolve("source.bin");
        if (!Files.exists(src)) {
            Files.write(src, source);
        }
        Path sink = dir.resolve("sink-" + kind.label() + ".bin");
        scenario(kind, "stream", 0, link -> {
            NetNamespace ns = link.linux();
            String[] margay = PeerLink.concat(link.margayArguments().toArray(String[]::new), "--to");
            Process listener = ns.start("socat", "-u", "TCP-LISTEN:9000,reuseaddr", "CREATE:" + sink);
            try {
                awaitListening(ns, "9000");
                String sent = connect(link, PeerLink.concat(margay, link.linuxIp() + ":9000", "--send-bytes", "100M", "--seed", "7"));
                assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "socat received everything and ended");
                assertEquals("sha256=" + sha256(sink) + " bytes=" + n, sent, "what Linux received is what Margay sent");
            } finally {
                listener.destroy();
                Files.deleteIfExists(sink);
            }
            Process sender = ns.start("socat", "-u", "OPEN:" + src, "TCP-LISTEN:9001,reuseaddr");
            try {
                awaitListening(ns, "9001");
                String received = connect(link, PeerLink.concat(margay, link.linuxIp() + ":9001", "--recv-bytes", "100M"));
                assertEquals("sha256=" + sha256(source) + " bytes=" + n, received, "what Margay received is what Linux sent");
                assertTrue(sender.waitFor(10, TimeUnit.SECONDS), "socat sent everything and ended");
            } finally {
                sender.destroy();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tapDevices")
    void echoCarriesOneHundredMebibytesFromSocatAndUdpDatagrams(LinkKind kind) throws Exception {
        requireTool("socat");
        byte[] data = new byte[100 << 20];
        new Random(16).nextBytes(data);
        Path in = dir.resolve("echo-in.bin");
        Path out = dir.resolve("echo-out-" + kind.label() + ".bin");
        if (!Files.exists(in)) {
            Files.write(in, data);
        }
        scenario(kind, "echo", 0, link -> {
            try (InProcessServe serve = InProcessServe.start(link, "--app", "echo")) {
                NetNamespace ns = link.linux();
                long t0 = System.nanoTime();
                NetNamespace.Result tcp = ns.execWithTimeout(90, "sh", "-c",
                        "socat -b 65536 -t 30 - TCP:" + link.margayIp() + ":7 < " + in + " > " + out);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(0, tcp.exitCode(), tcp.output());
                assertEquals(sha256(data), sha256(out), "the echo came back intact");
                report("socat 100 MiB through echo over " + kind, String.format(Locale.ROOT, "%.2f s", seconds));
                NetNamespace.Result udp = ns.execWithTimeout(10, "sh", "-c",
                        "echo margay-udp | socat -t 2 - UDP:" + link.margayIp() + ":7");
                assertEquals(0, udp.exitCode(), udp.output());
                assertEquals("margay-udp", udp.output().trim());
                String summary = serve.stop();
                assertTrue(summary.contains(" echoed=" + data.length + " datagrams=1 "), summary);
            } finally {
                Files.deleteIfExists(out);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tapDevices")
    void iperf3MeasuresForwardAndReverse(LinkKind kind) throws Exception {
        requireTool("iperf3");
        // -R: when the test time is up the client closes its data socket while Margay may still be sending, so Linux
        // answers the segments in flight with RSTs (RFC 9293 3.10.7.1: data for a closed socket). Forward: none.
        scenario(kind, "iperf3", 4, link -> {
            try (InProcessServe serve = InProcessServe.start(link, "--app", "iperf3")) {
                for (boolean reverse : new boolean[] {false, true}) {
                    List<String> cmd = new java.util.ArrayList<>(List.of("iperf3", "-c", link.margayIp(), "-t", "1", "-J"));
                    if (reverse) {
                        cmd.add("-R");
                    }
                    NetNamespace.Result r = link.linux().execWithTimeout(30, cmd.toArray(String[]::new));
                    assertEquals(0, r.exitCode(), r.output());
                    Map<String, Object> end = object(Json.parseObject(r.output()), "end");
                    double received = number(object(end, "sum_received"), "bytes");
                    double bps = number(object(end, "sum_received"), "bits_per_second");
                    Object retransmits = object(end, "sum_sent").get("retransmits");
                    assertTrue(received > 1_000_000, "data went through: " + received);
                    report("iperf3 over " + kind + (reverse ? " -R" : ""), String.format(Locale.ROOT,
                            "%.0f Mbit/s (Linux sender retransmits: %s)", bps / 1e6, reverse ? "n/a" : retransmits));
                }
                String summary = serve.stop();
                assertTrue(summary.contains(" tests=2 tests-failed=0 denied=0 "), summary);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tapDevices")
    void kvAnswersRedisCliAndRedisBenchmark(LinkKind kind) throws Exception {
        requireTool("redis-cli");
        requireTool("redis-benchmark");
        scenario(kind, "kv", 0, link -> {
            try (InProcessServe serve = InProcessServe.start(link, "--app", "kv")) {
                NetNamespace ns = link.linux();
                String ip = link.margayIp();
                assertEquals("OK", ns.execChecked("redis-cli", "-h", ip, "set", "greeting", "hello").trim());
                assertEquals("hello", ns.execChecked("redis-cli", "-h", ip, "get", "greeting").trim());
                NetNamespace.Result bench = ns.execWithTimeout(60, "redis-benchmark", "-h", ip, "-n", "4000", "-c", "4",
                        "-t", "ping,set,get", "-q");
                assertEquals(0, bench.exitCode(), bench.output());
                for (String test : new String[] {"SET:", "GET:"}) {
                    assertTrue(bench.output().lines().anyMatch(l -> l.contains(test) && l.contains("requests per second")),
                            bench.output());
                }
                report("redis-benchmark over " + kind, bench.output().lines()
                        .filter(l -> l.contains("requests per second")).map(l -> l.replaceAll("\\s+", " ").trim())
                        .reduce((a, b) -> a + "; " + b).orElse("?"));
                String summary = serve.stop();
                assertTrue(summary.matches(".* failures=0 .*"), summary);
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    /** A scenario's body: runs Margay and the Linux tools on a link. */
    @FunctionalInterface
    interface Body {
        void run(PeerLink link) throws Exception;
    }

    /**
     * Builds a link of {@code kind}, captures the scenario on Linux's side and checks the capture after it passed
     * (keeping the capture file when anything failed).
     */
    static LinuxCapture.Findings scenario(LinkKind kind, String name, int allowedResets, Body body) throws Exception {
        long t0 = System.nanoTime();
        try (PeerLink link = PeerLink.open(kind); LinuxCapture capture = LinuxCapture.start(link, name)) {
            long t1 = System.nanoTime();
            try {
                body.run(link);
            } catch (Throwable t) {
                t.addSuppressed(new AssertionError(capture.keep()));
                throw t;
            }
            long t2 = System.nanoTime();
            LinuxCapture.Findings f = capture.check(allowedResets);
            report("capture of " + name + " over " + kind, f + " linux-tx-drops=" + link.lastLinuxTxDrops()
                    + String.format(Locale.ROOT, " (set-up %.1f s, scenario %.1f s, check %.1f s)", (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9));
            return f;
        }
    }

    /** Runs {@code margay connect} in this JVM; returns its sha256 line (exit code 0 checked). */
    private static String connect(PeerLink link, String... args) throws Exception {
        Thread configure = link.kind().isTap() ? link.expectNewTap() : null;
        try (CapturedOut out = new CapturedOut()) {
            long t0 = System.nanoTime();
            int code = Main.run(PeerLink.concat(new String[] {"connect"}, args));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, code, String.join("\n", out.lines()));
            String line = out.await("sha256=", 1000);
            assertNotNull(line, "connect printed its sha256 line");
            String rate = out.lines().stream().filter(l -> l.startsWith("connect: sent") || l.startsWith("connect: received"))
                    .findFirst().orElse("");
            report("connect " + (Arrays.asList(args).contains("--send-bytes") ? "--send-bytes" : "--recv-bytes")
                    + " 100M over " + link.kind(), String.format(Locale.ROOT, "%.2f s incl. set-up; %s", seconds, rate));
            return line;
        } finally {
            if (configure != null) {
                configure.join(10_000);
            }
        }
    }

    private static void awaitListening(NetNamespace ns, String port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ns.exec("ss", "-ltn", "sport = :" + port).output().contains(":" + port)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("socat did not listen on " + port);
    }

    static void report(String what, String figure) {
        System.err.println("interop: " + what + ": " + figure);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        for (String d : new String[] {"/usr/sbin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
