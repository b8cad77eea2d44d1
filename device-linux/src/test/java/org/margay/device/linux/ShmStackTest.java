package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * Two Margay stacks over the shared-memory device: in one JVM (one thread polls both) and across two JVMs (a
 * child process runs {@link ShmPeerMain}). Each pings the other and streams 1 MiB through a TCP echo with a
 * SHA-256 check; every frame crosses without a copy.
 */
class ShmStackTest {
    private static final String A_IP = "10.77.0.1";
    private static final String B_IP = "10.77.0.2";
    private static final int ONE_MIB = 1 << 20;

    private final ShmFiles files = new ShmFiles();

    @AfterEach
    void deleteFiles() throws IOException {
        files.close();
    }

    private static InetStack stack(ShmDevice device, String ip) {
        return new InetStack(StackConfig.builder().address(ip + "/24").build(), device, SystemClock.INSTANCE);
    }

    @Test
    void twoStacksInOneJvmPingAndStreamOneMebibyte() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, ShmConfig.builder().build()); ShmDevice b = ShmDevice.attach(file)) {
            InetStack left = stack(a, A_IP);
            InetStack right = stack(b, B_IP);
            TcpEcho echo = new TcpEcho(right.tcp().listen(7, 4));
            int[] replies = new int[1];
            left.echoListener((source, id, sequence, length, now) -> replies[0]++);
            StackDriver driver = new StackDriver(echo::step, left, right);
            for (int i = 1; i <= 3; i++) {
                assertTrue(left.ping(Ipv4Address.parse(B_IP), 1, i, 56));
                int expected = i;
                assertTrue(driver.runUntil(() -> replies[0] >= expected, 2_000), "no echo reply " + i);
            }
            byte[] data = KernelPeerScenarios.randomBytes(ONE_MIB, 3);
            TcpConnection connection = left.tcp().connect(Ipv4Address.parse(B_IP), 7);
            TcpStreamClient client = new TcpStreamClient(connection, data);
            StackDriver both = new StackDriver(() -> {
                client.step();
                echo.step();
            }, left, right);
            assertTrue(both.runUntil(client::done, 20_000), client::toString);
            assertEquals(KernelPeerScenarios.sha256(data), KernelPeerScenarios.sha256(client.received()));
            both.runUntil(echo::finished, 2_000);
            assertEquals(0, a.copiedFrames() + b.copiedFrames(), "every frame crossed in place");
            assertEquals(0, a.corruptDescriptors() + b.corruptDescriptors());
            left.close();
            right.close();
        }
    }

    @Test
    void aSecondJvmAnswersPingAndEchoesOneMebibyte() throws Exception {
        Path file = files.newPath();
        Path log = files.newPath();
        ShmDevice a = ShmDevice.create(file, ShmConfig.builder().build());
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), ShmPeerMain.class.getName(), file.toString(), B_IP, "7",
                    "25000").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (!a.peerAttached()) {
                    assertTrue(child.isAlive() && System.nanoTime() < deadline,
                            () -> "the child JVM never attached: " + read(log));
                    Thread.sleep(5); // a JVM starting: nothing to poll meanwhile
                }
                InetStack stack = stack(a, A_IP);
                long[] rtts = new long[100];
                int warmUp = 400;
                long[] sentAt = new long[1];
                int[] replies = new int[1];
                stack.echoListener((source, id, sequence, length, now) -> {
                    if (sequence == replies[0] + 1) {
                        long rtt = System.nanoTime() - sentAt[0];
                        if (replies[0] >= warmUp) {
                            rtts[replies[0] - warmUp] = rtt;
                        }
                        replies[0]++;
                    }
                });
                StackDriver driver = new StackDriver(() -> { }, stack);
                for (int i = 1; i <= warmUp + rtts.length; i++) {
                    sentAt[0] = System.nanoTime();
                    assertTrue(stack.ping(Ipv4Address.parse(B_IP), 2, i, 56));
                    int expected = i;
                    assertTrue(driver.runUntil(() -> replies[0] >= expected, 3_000),
                            () -> "no echo reply from the child: " + read(log));
                }
                long[] sorted = rtts.clone();
                Arrays.sort(sorted);
                System.out.printf("[shm] two JVMs, Margay -> Margay ping, %d x 56 B after %d warm-up: min/median/max = %.1f/%.1f/%.1f us%n",
                        rtts.length, warmUp, sorted[0] / 1e3, sorted[sorted.length / 2] / 1e3, sorted[sorted.length - 1] / 1e3);

                byte[] data = KernelPeerScenarios.randomBytes(ONE_MIB, 17);
                TcpStreamClient client = new TcpStreamClient(stack.tcp().connect(Ipv4Address.parse(B_IP), 7), data);
                long started = System.nanoTime();
                assertTrue(new StackDriver(client::step, stack).runUntil(client::done, 20_000),
                        () -> client + "; child: " + read(log));
                System.out.println("[shm] two JVMs, 1 MiB each way through the child's echo in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
                assertEquals(KernelPeerScenarios.sha256(data), KernelPeerScenarios.sha256(client.received()));
                new StackDriver(() -> { }, stack).runFor(50); // let the last ACK out
                assertEquals(0, a.copiedFrames());
                stack.close();
                a.close(); // the child sees side A leave and exits
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), () -> "the child did not exit: " + read(log));
                assertEquals(0, child.exitValue(), () -> "the child failed: " + read(log));
            } finally {
                child.destroyForcibly();
            }
        } finally {
            a.close();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
