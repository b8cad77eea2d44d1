package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.arp.cache.ArpCache;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.margay.testkit.AllocationMeter;

/**
 * Linux's own network stack as Margay's peer, written once and run over every kernel-facing device: the
 * subclass opens the device with Linux's end of the link in {@link #linux} (address {@link #linuxIp}, interface
 * {@link #linuxInterface}), then calls {@link #startStack}. Every scenario uses stock tools ({@code ping},
 * {@code ip neigh}, {@code socat}) inside the namespace while the test thread polls the Margay stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KernelPeerScenarios {
    /** Margay's MAC on every test link: locally administered. */
    static final long MARGAY_MAC = 0x02_6D_67_00_00_02L;
    private static final Pattern RTT = Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");
    private static final int ONE_MIB = 1 << 20;

    protected Netns linux;
    protected String linuxInterface;
    protected String linuxIp;
    protected String margayIp;
    protected NetworkDevice device;
    protected InetStack stack;
    private long ownFramesSeen;
    private int echoReplies;

    /** A short name for messages ("tap", "afpacket"). */
    protected abstract String kind();

    /** Builds the stack at {@code margayIp}/24 on {@code device}, with observers the scenarios check. */
    protected final void startStack(NetworkDevice device, String margayIp) {
        this.device = device;
        this.margayIp = margayIp;
        stack = new InetStack(StackConfig.builder().address(margayIp + "/24").build(), device, SystemClock.INSTANCE);
        stack.frameObserver(this::observe);
        stack.echoListener((source, identifier, sequence, length, now) -> echoReplies++);
    }

    private void observe(boolean outbound, long now, MemorySegment segment, long offset, int length) {
        if (!outbound && length >= 12 && Bytes.u48(segment, offset + 6) == stack.macAddress()) {
            ownFramesSeen++;
        }
    }

    /** Closes the stack, the device and the namespaces (subclasses add theirs); runs even after a failure. */
    @AfterAll
    void closeEverything() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            try {
                if (device != null) {
                    device.close();
                }
            } finally {
                closeNamespaces();
            }
        }
    }

    /** Deletes the namespaces the subclass created. */
    protected void closeNamespaces() {
        if (linux != null) {
            linux.close();
        }
    }

    private StackDriver driver(Runnable application) {
        return new StackDriver(application, stack);
    }

    @Test
    void linuxPingsMargay() throws Exception {
        long requestsBefore = stack.stats().icmpEchoRequestsReceived();
        Process ping = new ProcessBuilder(linux.inside("ping", "-c", "5", "-i", "0.2", "-W", "1", margayIp))
                .redirectErrorStream(true).start();
        assertTrue(driver(() -> { }).runWhile(ping, 15_000), "ping did not finish");
        String output = new String(ping.getInputStream().readAllBytes());
        assertEquals(0, ping.exitValue(), "ping failed:\n" + output);
        assertTrue(output.contains("5 received"), output);
        assertTrue(stack.stats().icmpEchoRequestsReceived() - requestsBefore >= 5, stack.stats().toString());
        Matcher rtt = RTT.matcher(output);
        assertTrue(rtt.find(), output);
        System.out.println("[" + kind() + "] Linux -> Margay ping, 5 x 56 B: " + rtt.group());
    }

    @Test
    void theStackNeverSeesItsOwnFrames() {
        int before = echoReplies;
        assertTrue(stack.ping(Ipv4Address.parse(linuxIp), 0x6d68, 1, 56));
        assertTrue(driver(() -> { }).runUntil(() -> echoReplies > before, 3_000), "no echo reply from Linux");
        driver(() -> { }).runFor(100);
        assertTrue(stack.stats().framesTransmitted() > 0);
        assertEquals(0, ownFramesSeen, "the stack received frames it sent itself");
    }

    @Test
    void arpResolvesBothWays() {
        linux.exec("ip", "neigh", "flush", "dev", linuxInterface);
        long requestsBefore = stack.stats().arpRequestsReceived();
        long repliesBefore = stack.stats().arpRepliesSent();
        Process ping = start(linux.inside("ping", "-c", "1", "-W", "2", margayIp));
        assertTrue(driver(() -> { }).runWhile(ping, 10_000), "ping did not finish");
        assertEquals(0, ping.exitValue(), "ping after a neighbour flush failed");
        assertTrue(stack.stats().arpRequestsReceived() > requestsBefore, "Linux sent no ARP request: " + stack.stats());
        assertTrue(stack.stats().arpRepliesSent() > repliesBefore, "Margay sent no ARP reply: " + stack.stats());
        String neighbour = linux.exec("ip", "neigh", "show", margayIp, "dev", linuxInterface);
        assertTrue(neighbour.contains(MacAddress.format(stack.macAddress()).toLowerCase()),
                "Linux did not learn Margay's MAC: " + neighbour);
        assertEquals(ArpCache.STATE_REACHABLE, stack.arpCache().state(Ipv4Address.parse(linuxIp)),
                "Margay did not learn Linux's MAC from its request");
    }

    @Test
    void margayPingsLinux() {
        int linux = Ipv4Address.parse(linuxIp);
        boolean resolved = stack.arpCache().state(linux) != ArpCache.STATE_NONE;
        long arpRequestsBefore = stack.stats().arpRequestsSent();
        int before = echoReplies;
        StackDriver driver = driver(() -> { });
        for (int sequence = 1; sequence <= 3; sequence++) {
            assertTrue(stack.ping(linux, 0x6d67, sequence, 56), "no route or buffer for the echo request");
            int expected = before + sequence;
            assertTrue(driver.runUntil(() -> echoReplies >= expected, 3_000),
                    "no echo reply " + sequence + " from Linux: " + stack.stats());
        }
        if (!resolved) {
            assertTrue(stack.stats().arpRequestsSent() > arpRequestsBefore, "Margay resolved Linux without ARP?");
        }
    }

    @Test
    void linuxStreamsOneMebibyteThroughMargayEcho(@TempDir Path directory) throws Exception {
        HostSupport.assumeTools("socat");
        byte[] data = randomBytes(ONE_MIB, 5);
        Path in = Files.write(directory.resolve("in.bin"), data);
        Path out = directory.resolve("out.bin");
        Path errors = directory.resolve("socat.err");
        TcpEcho echo = new TcpEcho(stack.tcp().listen(7007, 4));
        try {
            Process socat = new ProcessBuilder(linux.inside("socat", "-t", "10", "-T", "15", "-",
                    "TCP:" + margayIp + ":7007")).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(errors.toFile()).start();
            long started = System.nanoTime();
            boolean ended = driver(echo::step).runWhile(socat, 20_000);
            long micros = (System.nanoTime() - started) / 1000;
            assertTrue(ended, "socat did not finish; echoed " + echo.echoed() + ", " + echo.connection());
            assertEquals(0, socat.exitValue(), () -> "socat failed: " + read(errors));
            byte[] back = Files.readAllBytes(out);
            assertEquals(sha256(data), sha256(back), "echo differs: " + back.length + " of " + data.length + " bytes");
            System.out.println("[" + kind() + "] socat -> Margay echo, 1 MiB each way in " + micros / 1000 + " ms");
            driver(echo::step).runUntil(echo::finished, 2_000);
        } finally {
            echo.close();
        }
    }

    /**
     * Margay as the client, Linux as an echo server. The server is a few lines of Python rather than
     * {@code socat ... PIPE}: socat writes to its own pipe with blocking writes and deadlocks on itself once a
     * transfer exceeds the pipe's 64 KiB while the socket is slow to drain.
     */
    @Test
    void margayStreamsOneMebibyteToLinuxEcho() throws Exception {
        HostSupport.assumeTools("python3");
        byte[] data = randomBytes(ONE_MIB, 11);
        Process server = new ProcessBuilder(linux.inside("python3", "-c", LINUX_ECHO_SERVER, linuxIp, "7008"))
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream()));
            String first = lines.readLine();
            assertEquals("listening", first, "the Python echo server did not start");
            TcpConnection connection = stack.tcp().connect(Ipv4Address.parse(linuxIp), 7008);
            TcpStreamClient client = new TcpStreamClient(connection, data);
            long started = System.nanoTime();
            boolean done = driver(client::step).runUntil(client::done, 20_000);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(done, client::toString);
            assertEquals(sha256(data), sha256(client.received()), "echo from Linux differs");
            System.out.println("[" + kind() + "] Margay -> Linux echo, 1 MiB each way in " + millis + " ms");
            assertTrue(server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the echo server did not end");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** A blocking one-connection echo server: argv[1] address, argv[2] port; prints "listening" when ready. */
    private static final String LINUX_ECHO_SERVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((sys.argv[1], int(sys.argv[2])))",
            "s.listen(1)",
            "s.settimeout(15)",
            "print('listening', flush=True)",
            "c, _ = s.accept()",
            "c.settimeout(15)",
            "while True:",
            "    d = c.recv(65536)",
            "    if not d:",
            "        break",
            "    c.sendall(d)",
            "c.shutdown(socket.SHUT_WR)",
            "c.close()");

    /**
     * The device's own hot path (no stack): bursts of frames to nobody on the link, and receive polls, allocate
     * nothing once warm. Linux drops the frames (wrong destination MAC, unknown EtherType).
     */
    @Test
    void theDevicesHotPathAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        PacketBurst out = new PacketBurst(4);
        PacketBurst in = new PacketBurst(32);
        long[] sent = new long[1];
        Runnable round = () -> {
            for (int i = 0; i < 4; i++) {
                PacketBuffer frame = device.pool().allocate();
                if (frame == null) {
                    break;
                }
                int at = frame.append(60);
                MemorySegment s = frame.segment();
                Bytes.u48(s, at, 0x02_00_00_00_00_99L);
                Bytes.u48(s, at + 6, device.macAddress());
                Bytes.u16(s, at + 12, 0x88B5); // IEEE 802 local experimental EtherType
                out.add(frame);
            }
            sent[0] += device.transmit(out);
            out.releaseAll(); // whatever the device pushed back
            device.receive(in);
            in.releaseAll();
        };
        for (int i = 0; i < 20_000; i++) {
            round.run();
        }
        // Steady state: of three windows of 20000 rounds, the quietest allocates (next to) nothing. A window
        // may catch a one-off deoptimisation (a rare branch such as an EAGAIN taken for the first time) and
        // the interpreted stretch that follows; that is warm-up, not a per-frame cost.
        long quietest = Long.MAX_VALUE;
        long sentBefore = sent[0];
        for (int window = 0; window < 3; window++) {
            long before = meter.allocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
            quietest = Math.min(quietest, meter.allocatedBytes() - before);
        }
        assertTrue(sent[0] - sentBefore > 3 * 40_000, "frames sent: " + (sent[0] - sentBefore));
        assertTrue(quietest < 16 * 1024, quietest + " bytes allocated for 80000 frames in the quietest window");
    }

    // ------------------------------------------------------------------ helpers

    static Process start(java.util.List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
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
