package org.margay.testsuite.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.iperf.Json;
import org.margay.cli.Main;
import org.margay.testkit.Capabilities;
import org.margay.testkit.NetNamespace;

/**
 * {@code margay serve} and {@code margay connect} over Margay's own TAP driver, with Linux as the peer in a throw-away
 * network namespace and its stock tools on the other end: curl fetches 50 MiB (SHA-256 checked) and reuses its
 * connection, the iperf3 client measures forward and reverse, socat streams through the echo server and over UDP,
 * Margay streams 100 MiB each way as a client against socat, ping answers. Each scenario runs serve in this JVM and
 * stops it as SIGTERM would, then checks the summary line.
 *
 * <p>Needs root, /dev/net/tun, iproute2 and the tools (skipped with the reason elsewhere; required in CI).
 */
class ServeInteropTest {
    @TempDir
    static Path dir;
    private static NetNamespace ns;

    @BeforeAll
    static void namespace() {
        Capabilities.require(NetNamespace.available(), NetNamespace.unavailableReason());
        Capabilities.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing");
        ns = NetNamespace.create("serve");
    }

    @AfterAll
    static void removeNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    private static void requireTool(String tool) {
        Capabilities.require(onPath(tool), tool + " is not installed");
    }

    @Test
    void httpServesFiftyMebibytesIntactAndKeepsTheConnection() throws Exception {
        requireTool("curl");
        requireTool("ping");
        Path www = Files.createDirectories(dir.resolve("www"));
        byte[] fifty = new byte[50 << 20];
        new Random(50).nextBytes(fifty);
        Files.write(www.resolve("fifty.bin"), fifty);
        Files.writeString(www.resolve("small.txt"), "small\n");
        Path got = dir.resolve("got.bin");
        try (InProcessServe serve = InProcessServe.start(ns, "mtap61", "10.213.61", "--app", "http:" + www)) {
            assertTrue(serve.listeningLine().contains("app=http:" + www + " port=80 libos=inet device=tap:mtap61"),
                    serve.listeningLine());
            NetNamespace.Result ping = ns.exec("ping", "-c", "5", "-i", "0.2", "-W", "2", "10.213.61.2");
            assertEquals(0, ping.exitCode(), ping.output());
            report("ping over TAP", ping.output().lines().filter(l -> l.startsWith("rtt")).findFirst().orElse("?"));
            long t0 = System.nanoTime();
            NetNamespace.Result curl = ns.execWithTimeout(60, "curl", "-sS", "--fail", "-o", got.toString(),
                    "http://10.213.61.2/fifty.bin", "-o", "/dev/null", "http://10.213.61.2/small.txt", "-w", "%{num_connects} ");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, curl.exitCode(), curl.output());
            assertEquals("1 0", curl.output().trim(), "the second request reused the connection (keep-alive)");
            assertEquals(sha256(fifty), sha256(got));
            report("curl 50 MiB over TAP", String.format(Locale.ROOT, "%.2f s, %.0f Mbit/s", seconds, (50 << 20) * 8 / seconds / 1e6));
            String summary = serve.stop();
            assertTrue(summary.matches("serve: stopped app=http:\\S+ libos=inet connections=1 bytes-in=\\d+ bytes-out=\\d+"
                    + " failures=\\d+ frames-in=\\d+ frames-out=\\d+ drops=\\d+ requests=2 2xx=2 3xx=0 4xx=0 5xx=0"
                    + " body-bytes=52428806 uptime=\\d+\\.\\d{3}s"), summary);
        }
    }

    @Test
    void iperf3MeasuresForwardAndReverse() throws Exception {
        requireTool("iperf3");
        try (InProcessServe serve = InProcessServe.start(ns, "mtap62", "10.213.62", "--app", "iperf3")) {
            for (boolean reverse : new boolean[] {false, true}) {
                NetNamespace.Result r = reverse
                        ? ns.execWithTimeout(30, "iperf3", "-c", "10.213.62.2", "-t", "2", "-J", "-R")
                        : ns.execWithTimeout(30, "iperf3", "-c", "10.213.62.2", "-t", "2", "-J");
                assertEquals(0, r.exitCode(), r.output());
                Map<String, Object> end = object(Json.parseObject(r.output()), "end");
                double received = number(object(end, "sum_received"), "bytes");
                double bps = number(object(end, "sum_received"), "bits_per_second");
                assertTrue(received > 1_000_000, "data went through: " + received);
                report("iperf3 over TAP" + (reverse ? " -R" : ""), String.format(Locale.ROOT, "%.0f Mbit/s", bps / 1e6));
            }
            String summary = serve.stop();
            assertTrue(summary.contains(" tests=2 tests-failed=0 denied=0 "), summary);
        }
    }

    @Test
    void echoCarriesASocatStreamAndUdpDatagrams() throws Exception {
        requireTool("socat");
        byte[] data = new byte[16 << 20];
        new Random(16).nextBytes(data);
        Path in = dir.resolve("echo-in.bin");
        Path out = dir.resolve("echo-out.bin");
        Files.write(in, data);
        try (InProcessServe serve = InProcessServe.start(ns, "mtap63", "10.213.63", "--app", "echo")) {
            NetNamespace.Result tcp = ns.execWithTimeout(60, "sh", "-c",
                    "socat -b 65536 -t 30 - TCP:10.213.63.2:7 < " + in + " > " + out);
            assertEquals(0, tcp.exitCode(), tcp.output());
            assertEquals(sha256(data), sha256(out), "the echo came back intact");
            NetNamespace.Result udp = ns.execWithTimeout(10, "sh", "-c", "echo margay-udp | socat -t 2 - UDP:10.213.63.2:7");
            assertEquals(0, udp.exitCode(), udp.output());
            assertEquals("margay-udp", udp.output().trim());
            String summary = serve.stop();
            assertTrue(summary.contains(" echoed=" + data.length + " datagrams=1 "), summary);
        }
    }

    @Test
    void connectStreamsOneHundredMebibytesEachWay() throws Exception {
        requireTool("socat");
        long n = 100L << 20;
        ns.execChecked("ip", "tuntap", "add", "dev", "mtap64", "mode", "tap");
        ns.execChecked("ip", "addr", "add", "10.213.64.1/24", "dev", "mtap64");
        ns.execChecked("ip", "link", "set", "mtap64", "up");
        String[] margay = {"--netns", ns.name(), "--device", "tap:mtap64", "--ip", "10.213.64.2/24", "--to"};

        Path sink = dir.resolve("sink.bin");
        Process listener = ns.start("socat", "-u", "TCP-LISTEN:9000,reuseaddr", "CREATE:" + sink);
        awaitListening("9000");
        String sent = connect(concat(margay, "10.213.64.1:9000", "--send-bytes", "100M", "--seed", "7"));
        assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "socat received everything and ended");
        assertEquals("sha256=" + sha256(sink) + " bytes=" + n, sent, "what Linux received is what Margay sent");

        byte[] source = new byte[(int) n];
        new Random(100).nextBytes(source);
        Path src = dir.resolve("source.bin");
        Files.write(src, source);
        Process sender = ns.start("socat", "-u", "OPEN:" + src, "TCP-LISTEN:9001,reuseaddr");
        awaitListening("9001");
        String received = connect(concat(margay, "10.213.64.1:9001", "--recv-bytes", "100M"));
        assertEquals("sha256=" + sha256(source) + " bytes=" + n, received, "what Margay received is what Linux sent");
        sender.waitFor(10, TimeUnit.SECONDS);
        sender.destroy();
    }

    @Test
    void kvAnswersRedisCli() throws Exception {
        requireTool("redis-cli");
        try (InProcessServe serve = InProcessServe.start(ns, "mtap65", "10.213.65", "--app", "kv")) {
            assertEquals("OK", ns.execChecked("redis-cli", "-h", "10.213.65.2", "set", "greeting", "hello").trim());
            assertEquals("hello", ns.execChecked("redis-cli", "-h", "10.213.65.2", "get", "greeting").trim());
            String summary = serve.stop();
            assertTrue(summary.contains(" requests=2 "), summary);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code margay connect} in this JVM; returns its sha256 line (exit code 0 checked). */
    private static String connect(String... args) throws InterruptedException {
        try (CapturedOut out = new CapturedOut()) {
            long t0 = System.nanoTime();
            int code = Main.run(concat(new String[] {"connect"}, args));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, code, String.join("\n", out.lines()));
            String line = out.await("sha256=", 1000);
            assertNotNull(line, "connect printed its sha256 line");
            report("connect " + (java.util.Arrays.asList(args).contains("--send-bytes") ? "--send-bytes" : "--recv-bytes") + " 100M over TAP", String.format(Locale.ROOT, "%.2f s (incl. set-up)", seconds));
            return line;
        }
    }

    private static void awaitListening(String port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ns.exec("ss", "-ltn", "sport = :" + port).output().contains(":" + port)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("socat did not listen on " + port);
    }

    private static void report(String what, String figure) {
        System.err.println("interop: " + what + ": " + figure);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String sha256(Path file) throws Exception {
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
