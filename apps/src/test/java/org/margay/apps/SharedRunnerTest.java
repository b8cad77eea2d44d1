package org.margay.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.http.HttpApp;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.kernel.KernelLibOS;

/**
 * Two applications on one library OS in one runner, each opening its queues through a different view of it (echo
 * through {@link RawStreamLibOS}, http through the plain one): every completion reaches the application that owns
 * its queue, none is dropped as an orphan ({@link org.margay.pdpix.LibOS#unwrap()}).
 */
class SharedRunnerTest {
    @TempDir
    Path dir;

    @Test
    void echoAndHttpShareOneLibraryOsAndOneRunner() throws Exception {
        Files.writeString(dir.resolve("small.txt"), "hello from margay\n");
        int echoPort = freePort();
        int httpPort = freePort();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<AppRunner> started = new CompletableFuture<>();
        Thread loop = Thread.ofPlatform().name("shared-runner").start(() -> {
            try (LibOS los = KernelLibOS.open(LibOSConfig.of("kernel"))) {
                AppRunner runner = new AppRunner();
                for (QueueApp part : new EchoApp().open(los, echoPort).parts()) {
                    runner.start(part);
                }
                for (QueueApp part : new HttpApp(dir).open(los, httpPort).parts()) {
                    runner.start(part);
                }
                started.complete(runner);
                runner.runUntil(stop::get, TimeUnit.SECONDS.toNanos(60));
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        });
        try {
            AppRunner runner = started.get(10, TimeUnit.SECONDS);
            for (int round = 0; round < 3; round++) {
                assertTrue(httpGet(httpPort).contains("hello from margay"), "http answers request " + round);
                byte[] ping = ("ping " + round).getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(ping, echo(echoPort, ping), "echo answers " + round);
            }
            assertEquals(0, runner.orphans(), "no completion lost its owner");
        } finally {
            stop.set(true);
            loop.join(20_000);
        }
    }

    private static String httpGet(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /small.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] echo(int port, byte[] data) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(data);
            InputStream in = s.getInputStream();
            return in.readNBytes(data.length);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
