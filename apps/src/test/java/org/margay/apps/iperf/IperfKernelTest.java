package org.margay.apps.iperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.margay.apps.HostReport;
import org.margay.apps.KernelHost;
import org.margay.testkit.Capabilities;

/**
 * The iperf3 server on kernel sockets (127.0.0.1) against the stock iperf3 client (Debian's 3.12): forward, reverse,
 * parallel and sized tests must complete with exit code 0 and sensible numbers in the client's JSON report.
 */
class IperfKernelTest {
    private static KernelHost host;

    @BeforeAll
    static void serve() {
        Capabilities.require(onPath("iperf3"), "the iperf3 client is not installed (apt-get install iperf3)");
        host = KernelHost.start(new IperfApp());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            HostReport r = host.stop();
            assertTrue(r.drained(), r.fields());
            host.close();
        }
    }

    /** Runs the iperf3 client with {@code args} and JSON output; returns the parsed report. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> iperf3(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(host.port()), "-J"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "iperf3 finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> report = Json.parseObject(out);
        assertEquals(0, p.exitValue(), out);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static double sum(Map<String, Object> report, String which, String field) {
        Map<String, Object> end = (Map<String, Object>) report.get("end");
        Map<String, Object> sum = (Map<String, Object>) end.get(which);
        return ((Number) sum.get(field)).doubleValue();
    }

    @Test
    void forward() throws Exception {
        Map<String, Object> r = iperf3("-t", "1");
        assertTrue(sum(r, "sum_received", "bytes") > 1_000_000, "the server reported what it received");
        assertTrue(sum(r, "sum_received", "bytes") <= sum(r, "sum_sent", "bytes"));
    }

    @Test
    void reverse() throws Exception {
        Map<String, Object> r = iperf3("-t", "1", "-R");
        assertTrue(sum(r, "sum_received", "bytes") > 1_000_000);
        assertTrue(sum(r, "sum_sent", "bytes") >= sum(r, "sum_received", "bytes"), "the server sent at least that");
    }

    @Test
    void parallelAndSized() throws Exception {
        Map<String, Object> r = iperf3("-n", "20M", "-P", "3");
        assertTrue(sum(r, "sum_received", "bytes") > 0);
        Map<String, Object> rr = iperf3("-n", "8M", "-R", "-P", "2", "-l", "1M");
        assertTrue(sum(rr, "sum_received", "bytes") >= 8 << 20);
    }

    @Test
    void udpIsRefusedWithAMessage() throws Exception {
        Process p = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(host.port()), "-u", "-t", "1")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.exitValue() != 0, out);
        assertTrue(out.contains("not implemented"), out);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
