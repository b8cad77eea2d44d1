package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --libos kernel} stopped as a signal would stop it, and {@code connect --libos kernel} sending and
 * receiving against plain Java sockets: the summary and sha256 lines scripts rely on.
 */
class ServeConnectKernelTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void serveRunsUntilStoppedThenPrintsItsCounters() throws Exception {
        int port = freePort();
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Thread.ofPlatform().start(() -> exit.complete(Main.run("serve", "--libos", "kernel", "--app", "echo",
                    "--port", String.valueOf(port))));
            for (int i = 0; i < 200 && !bytes.toString(StandardCharsets.UTF_8).contains("serve: listening"); i++) {
                Thread.sleep(25);
            }
            assertEquals(1, Running.count());
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("hello margay".getBytes(StandardCharsets.US_ASCII));
                assertEquals("hello margay", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
            }
            assertTrue(Running.stopAll(15_000));
            assertEquals(0, exit.get(15, TimeUnit.SECONDS));
        } finally {
            System.setOut(saved);
        }
        var lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("serve: listening app=echo port=" + port + " libos=kernel", lines.getFirst());
        assertTrue(lines.getLast().matches("serve: stopped app=echo libos=kernel connections=1 bytes-in=12 bytes-out=12"
                + " failures=\\d+ frames-in=- frames-out=- drops=- echoed=12 datagrams=0 uptime=\\d+\\.\\d{3}s"), lines.getLast());
        assertEquals(0, Running.count());
    }

    @Test
    void connectSendsTheSeededStreamAndPrintsItsHash() throws Exception {
        long n = 5 * 1024 * 1024 + 7;
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            CliRun r = CliRun.of("connect", "--libos", "kernel", "--to", "127.0.0.1:" + server.getLocalPort(),
                    "--send-bytes", String.valueOf(n), "--seed", "9");
            assertEquals(0, r.exit(), r.allErr());
            byte[] data = received.get(20, TimeUnit.SECONDS);
            assertEquals(n, data.length);
            assertEquals("sha256=" + sha256(data) + " bytes=" + n, r.lastOut());
            assertEquals(sha256(seeded(9, n)), sha256(data), "the documented stream: 64 KiB blocks of SplittableRandom(seed)");
        }
    }

    @Test
    void connectReceivesAndStopsAtTheCount() throws Exception {
        byte[] data = seeded(3, 3 * 1024 * 1024);
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(data);
                } catch (IOException ignored) {
                    // the client may close first
                }
            });
            CliRun r = CliRun.of("connect", "--libos", "kernel", "--to", "127.0.0.1:" + server.getLocalPort(),
                    "--recv-bytes", "3M");
            assertEquals(0, r.exit(), r.allErr());
            assertEquals("sha256=" + sha256(data) + " bytes=" + data.length, r.lastOut());
        }
    }

    @Test
    void aStreamEndingEarlyIsAFailureThatStillReportsWhatCame() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(new byte[1000]);
                } catch (IOException ignored) {
                    // nothing to do
                }
            });
            CliRun r = CliRun.of("connect", "--libos", "kernel", "--to", "127.0.0.1:" + server.getLocalPort(),
                    "--recv-bytes", "1M");
            assertEquals(1, r.exit());
            assertTrue(r.lastOut().endsWith(" bytes=1000"), r.lastOut());
            assertTrue(r.allErr().contains("the stream ended after 1000 of 1048576 bytes"), r.allErr());
        }
    }

    @Test
    void aRefusedConnectionIsExitCodeOne() throws Exception {
        CliRun r = CliRun.of("connect", "--libos", "kernel", "--to", "127.0.0.1:" + freePort(), "--send-bytes", "1K");
        assertEquals(1, r.exit());
        assertTrue(r.allErr().contains("cannot connect to 127.0.0.1:") && r.allErr().contains("ECONNREFUSED"), r.allErr());
    }

    /** The documented data of {@code connect --send-bytes}: the first n bytes of 64 KiB SplittableRandom blocks. */
    static byte[] seeded(long seed, long n) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[(int) n];
        byte[] block = new byte[64 * 1024];
        for (int at = 0; at < n; at += block.length) {
            random.nextBytes(block);
            System.arraycopy(block, 0, out, at, (int) Math.min(block.length, n - at));
        }
        return out;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
