package org.margay.testsuite.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.device.dpdk.Eal;
import org.margay.testkit.Capabilities;

/**
 * Two Margay processes, each a separate JVM running the {@code margay} CLI, joined by a DPDK {@code net_memif} pair or
 * by Margay's shared-memory device ({@code shm:PATH}): {@code serve --app discard:sha256 --trace} in one, {@code connect
 * --send-bytes} in the other, and the SHA-256 the receiver computed must equal the one the sender printed.
 *
 * <p>{@value #DEFAULT_BYTES} bytes (1 GiB) by default; {@code -Dmargay.interop.twoProcessBytes=N} changes it. The two
 * DPDK EALs run on different CPUs (memif pollers sharing one crawl). The receiver's hash is read from its trace line
 * ({@code discard: qd N ended: sha256=...}), printed as soon as the stream ends, and its summary after SIGTERM.
 */
class TwoProcessTransferTest {
    static final long DEFAULT_BYTES = 1L << 30;
    private static final long BYTES = Long.getLong("margay.interop.twoProcessBytes", DEFAULT_BYTES);
    private static final Pattern ENDED = Pattern.compile("discard: qd \\d+ ended: sha256=([0-9a-f]{64})");

    @TempDir
    Path dir;

    @Test
    void dpdkMemifPairCarriesAGibibyte() throws Exception {
        Capabilities.require(Eal.shimAvailable(), "DPDK: " + Eal.unavailableReason());
        Path socket = dir.resolve("mi-memif.sock");
        transfer("memif",
                List.of("-Dmargay.dpdk.eal=-l 0 --no-huge -m 256 --no-shconf --no-pci --log-level=4"),
                "dpdk:net_memif0,role=server,id=0,socket=" + socket,
                List.of("-Dmargay.dpdk.eal=-l 1 --no-huge -m 256 --no-shconf --no-pci --log-level=4"),
                "dpdk:net_memif0,role=client,id=0,socket=" + socket);
    }

    @Test
    void sharedMemoryLinkCarriesAGibibyte() throws Exception {
        Path file = Path.of("/dev/shm").toFile().isDirectory()
                ? Path.of("/dev/shm", "mi-shm-" + ProcessHandle.current().pid()) : dir.resolve("mi-shm");
        Files.deleteIfExists(file);
        try {
            transfer("shm", List.of(), "shm:" + file, List.of(), "shm:" + file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void transfer(String what, List<String> serverJvm, String serverDevice, List<String> clientJvm,
                          String clientDevice) throws Exception {
        Path serverLog = dir.resolve(what + "-serve.log");
        Path clientLog = dir.resolve(what + "-connect.log");
        Process server = cli(serverJvm, serverLog, "serve", "--device", serverDevice, "--ip", "10.214.0.1/24",
                "--app", "discard:sha256", "--trace");
        Process client = null;
        try {
            awaitLine(server, serverLog, "serve: listening", 30_000);
            long t0 = System.nanoTime();
            client = cli(clientJvm, clientLog, "connect", "--device", clientDevice, "--ip", "10.214.0.2/24",
                    "--to", "10.214.0.1:9", "--send-bytes", Long.toString(BYTES), "--seed", "9");
            assertTrue(client.waitFor(240, TimeUnit.SECONDS), "connect finished: " + tail(clientLog));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, client.exitValue(), "connect's exit code: " + tail(clientLog));
            String sent = Files.readAllLines(clientLog).stream().filter(l -> l.startsWith("sha256=")).findFirst().orElse(null);
            assertNotNull(sent, "connect printed its sha256 line: " + tail(clientLog));
            assertTrue(sent.endsWith(" bytes=" + BYTES), sent);
            String received = awaitLine(server, serverLog, "serve: discard: qd", 30_000);
            Matcher m = ENDED.matcher(received);
            assertTrue(m.find(), received);
            assertEquals(sent.substring("sha256=".length(), sent.indexOf(' ')), m.group(1),
                    "the receiving process hashed what the sending process sent");
            ServeInteropTest.report("two processes over " + what, String.format(Locale.ROOT,
                    "%d bytes in %.2f s incl. JVM and device start (%.0f Mbit/s); %s", BYTES, seconds,
                    BYTES * 8 / seconds / 1e6, Files.readAllLines(clientLog).stream()
                            .filter(l -> l.startsWith("connect: sent")).findFirst().orElse("")));
            server.destroy();   // SIGTERM: serve stops cleanly and prints its summary
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "serve stopped on SIGTERM");
            String summary = awaitLine(server, serverLog, "serve: stopped", 1_000);
            assertTrue(summary.contains(" discarded=" + BYTES + " sha256=" + m.group(1)), summary);
        } finally {
            if (client != null && client.isAlive()) {
                client.destroyForcibly();
            }
            if (server.isAlive()) {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** Starts the CLI in a JVM of its own with this test's class path; stdout and stderr go to {@code log}. */
    private static Process cli(List<String> jvmOptions, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.margay.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String awaitLine(Process p, Path log, String prefix, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            for (String l : Files.readAllLines(log)) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line starting '" + prefix + "' within " + millis + " ms"
                        + (p.isAlive() ? "" : " (process ended with " + p.exitValue() + ")") + ": " + tail(log));
            }
            Thread.sleep(20);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
