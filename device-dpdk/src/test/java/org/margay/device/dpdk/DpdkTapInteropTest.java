package org.margay.device.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.margay.testkit.Capabilities;
import org.margay.testkit.NetNamespace;

/**
 * Margay on a DPDK {@code net_tap} port with Linux as the peer: the TAP's kernel side is moved into a test
 * namespace at 10.77.0.1/24, Margay is 10.77.0.2. Linux pings Margay, and 1 MiB goes each way over TCP with
 * socat on the Linux side, checked by SHA-256.
 */
class DpdkTapInteropTest {
    private static final String LINUX = "10.77.0.1";
    private static final String MARGAY = "10.77.0.2";

    private static NetNamespace ns;
    private static DpdkDevice tap;
    private static InetStack stack;

    @BeforeAll
    static void setUp() {
        Capabilities.require(Eal.shimAvailable(), String.valueOf(Eal.unavailableReason()));
        Capabilities.require(NetNamespace.available(), NetNamespace.unavailableReason());
        Capabilities.require(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Eal.init();
        String iface = "mi-dt" + Integer.toHexString((int) (ProcessHandle.current().pid() & 0xFFFF));
        ns = NetNamespace.create("dtap");
        tap = DpdkDevices.probe("net_tap" + (ProcessHandle.current().pid() % 1000) + ",iface=" + iface);
        NetNamespace.host("ip", "link", "set", iface, "netns", ns.name());
        ns.execChecked("ip", "addr", "add", LINUX + "/24", "dev", iface);
        ns.execChecked("ip", "link", "set", iface, "up");
        // Linux must put real checksums on the wire, or Margay (which verifies them) drops its segments.
        ns.exec("ethtool", "-K", iface, "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        stack = new InetStack(StackConfig.builder().address(Ipv4Address.parse(MARGAY), 24).build(), tap, SystemClock.INSTANCE);
    }

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.close();
        }
        if (tap != null) {
            tap.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void linuxPingsMargay() throws Exception {
        Process ping = ns.start("ping", "-c", "5", "-i", "0.2", "-W", "2", MARGAY);
        pollUntil(() -> !ping.isAlive(), 15_000);
        String out = new String(ping.getInputStream().readAllBytes());
        assertEquals(0, ping.waitFor(), out);
        assertTrue(out.contains("5 received"), out);
    }

    @Test
    void tcpOneMebibyteEachWay() throws Exception {
        byte[] up = new byte[1 << 20];
        byte[] down = new byte[1 << 20];
        new Random(7).nextBytes(up);
        new Random(8).nextBytes(down);
        Path upFile = Files.createTempFile("margay-up", ".bin");
        Path downFile = Files.createTempFile("margay-down", ".bin");
        try {
            Files.write(upFile, up);
            // Linux -> Margay: socat sends the file to Margay's listener and closes.
            TcpListener listener = stack.tcp().listen(7000, 8);
            Process sender = ns.start("socat", "-u", "OPEN:" + upFile, "TCP:" + MARGAY + ":7000");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            TcpConnection[] in = new TcpConnection[1];
            byte[] chunk = new byte[65536];
            pollUntil(() -> {
                if (in[0] == null) {
                    in[0] = listener.accept();
                    return false;
                }
                int n;
                while ((n = in[0].receive(chunk, 0, chunk.length)) > 0) {
                    received.write(chunk, 0, n);
                }
                if (n < 0) {
                    in[0].close();
                    return true;
                }
                return false;
            }, 20_000);
            assertArrayEquals(sha256(up), sha256(received.toByteArray()), "Linux -> Margay stream intact");
            assertTrue(sender.waitFor(5, TimeUnit.SECONDS));

            // Margay -> Linux: socat listens and writes what arrives to a file.
            Process receiver = ns.start("socat", "-u", "TCP-LISTEN:7001,reuseaddr", "CREATE:" + downFile);
            Thread.sleep(300);
            TcpConnection out = stack.tcp().connect(Ipv4Address.parse(LINUX), 7001);
            int[] sent = new int[1];
            pollUntil(() -> {
                if (sent[0] < down.length) {
                    int n = out.send(down, sent[0], down.length - sent[0]);
                    if (n > 0) {
                        sent[0] += n;
                        if (sent[0] == down.length) {
                            out.close();
                        }
                    }
                }
                return !receiver.isAlive();
            }, 20_000);
            assertTrue(receiver.waitFor(5, TimeUnit.SECONDS));
            assertArrayEquals(sha256(down), sha256(Files.readAllBytes(downFile)), "Margay -> Linux stream intact");
        } finally {
            Files.deleteIfExists(upFile);
            Files.deleteIfExists(downFile);
        }
    }

    private static void pollUntil(BooleanSupplier done, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            stack.poll();
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("not done within " + millis + " ms; device " + tap.statistics() + "; " + stack.stats());
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
