package org.margay.device.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.margay.testkit.Capabilities;

/**
 * Two Margay stacks over a DPDK net_ring pair inside this JVM: ARP, ping and a 1 MiB TCP exchange each way,
 * zero copy (the receiving stack is handed the sender's mbufs), and every mbuf back at the end.
 */
class DpdkRingPairTest {
    private static final int A = Ipv4Address.parse("10.9.0.1");
    private static final int B = Ipv4Address.parse("10.9.0.2");

    private static DpdkDevice[] pair;

    @BeforeAll
    static void open() {
        Capabilities.require(Eal.shimAvailable(), String.valueOf(Eal.unavailableReason()));
        try {
            Eal.init();
        } catch (DpdkUnavailableException e) {
            Capabilities.require(false, "the DPDK EAL does not start here: " + e.getMessage());
        }
        pair = DpdkDevices.ringPair("mgtest" + ProcessHandle.current().pid() % 10000);
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void pingAndTcpBothWays() {
        VirtualClock clock = new VirtualClock();
        InetStack a = new InetStack(StackConfig.builder().address(A, 24).build(), pair[0], clock);
        InetStack b = new InetStack(StackConfig.builder().address(B, 24).build(), pair[1], clock);
        try {
            assertTrue(a.ping(B, 7, 1, 56));
            boolean answered = runUntil(clock, a, b, () -> a.stats().icmpEchoRepliesReceived() > 0, 5_000_000_000L);
            assertTrue(answered, () -> "ping over the ring pair answered; macs " + Long.toHexString(pair[0].macAddress()) + " "
                    + Long.toHexString(pair[1].macAddress()) + " a: " + pair[0].statistics() + " b: " + pair[1].statistics()
                    + "\n" + a.stats() + "\n" + b.stats());

            TcpListener listener = b.tcp().listen(5001, 16);
            TcpConnection client = a.tcp().connect(B, 5001);
            TcpConnection[] server = new TcpConnection[1];
            assertTrue(runUntil(clock, a, b, () -> (server[0] = server[0] != null ? server[0] : listener.accept()) != null
                    && client.state().toString().equals("ESTABLISHED"), 5_000_000_000L));

            Random random = new Random(42);
            byte[] up = new byte[1 << 20];
            byte[] down = new byte[1 << 20];
            random.nextBytes(up);
            random.nextBytes(down);
            Exchange ex = new Exchange(client, server[0], up, down);
            assertTrue(runUntil(clock, a, b, ex::step, 60_000_000_000L), "1 MiB each way arrived");
            assertArrayEquals(up, ex.atServer.toByteArray());
            assertArrayEquals(down, ex.atClient.toByteArray());
            assertTrue(pair[1].statistics().rxPackets() > 700, "frames crossed the DPDK ring");
        } finally {
            a.close();
            b.close();
        }
        settleRings(clock);
        assertEquals(0, pair[0].pool().outstanding(), () -> pair[0].pool().leakReport());
        assertEquals(0, pair[1].pool().outstanding(), () -> pair[1].pool().leakReport());
    }

    @Test
    void framesFromAnotherPoolAreCopied() {
        org.margay.fastpath.buffer.ArenaBufferPool heap = new org.margay.fastpath.buffer.ArenaBufferPool("heap", 4, 2048, 128, true);
        try {
            org.margay.fastpath.buffer.PacketBuffer frame = heap.allocate();
            frame.append(60);
            for (int i = 0; i < 60; i++) {
                frame.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, frame.start() + i, (byte) i);
            }
            org.margay.fastpath.device.PacketBurst burst = new org.margay.fastpath.device.PacketBurst(4);
            burst.add(frame);
            assertEquals(1, pair[0].transmit(burst));
            assertEquals(0, heap.outstanding(), "the device released the caller's frame after copying it");
            assertEquals(1, pair[0].copiedOnTransmit());
            org.margay.fastpath.device.PacketBurst in = new org.margay.fastpath.device.PacketBurst(4);
            assertEquals(1, pair[1].receive(in));
            org.margay.fastpath.buffer.PacketBuffer got = in.get(0);
            assertEquals(60, got.length());
            assertEquals(59, got.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, got.start() + 59));
            in.releaseAll();
        } finally {
            heap.close();
        }
    }

    private static void settleRings(VirtualClock clock) {
        org.margay.fastpath.device.PacketBurst drain = new org.margay.fastpath.device.PacketBurst(64);
        for (int i = 0; i < 100; i++) {
            pair[0].receive(drain);
            pair[1].receive(drain);
            drain.releaseAll();
        }
    }

    private static boolean runUntil(VirtualClock clock, InetStack a, InetStack b, BooleanSupplier done, long maxNanos) {
        long end = clock.nanoTime() + maxNanos;
        while (true) {
            for (int i = 0; i < 10_000; i++) {
                if (a.poll() + b.poll() == 0) {
                    break;
                }
                if (done.getAsBoolean()) {
                    return true;
                }
            }
            if (done.getAsBoolean()) {
                return true;
            }
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            if (next == Long.MAX_VALUE || next > end) {
                return done.getAsBoolean();
            }
            clock.set(Math.max(next, clock.nanoTime()));
        }
    }

    /** Streams two arrays through a connection pair and collects what arrives. */
    private static final class Exchange {
        final ByteArrayOutputStream atServer = new ByteArrayOutputStream();
        final ByteArrayOutputStream atClient = new ByteArrayOutputStream();
        private final TcpConnection client;
        private final TcpConnection server;
        private final byte[] up;
        private final byte[] down;
        private int upSent;
        private int downSent;
        private boolean serverEof;
        private boolean clientEof;
        private final byte[] chunk = new byte[16384];

        Exchange(TcpConnection client, TcpConnection server, byte[] up, byte[] down) {
            this.client = client;
            this.server = server;
            this.up = up;
            this.down = down;
        }

        boolean step() {
            upSent = push(client, up, upSent);
            downSent = push(server, down, downSent);
            serverEof |= drain(server, atServer);
            clientEof |= drain(client, atClient);
            return serverEof && clientEof;
        }

        private static int push(TcpConnection c, byte[] data, int sent) {
            if (sent < data.length) {
                int n = c.send(data, sent, data.length - sent);
                if (n > 0) {
                    sent += n;
                }
                if (sent == data.length) {
                    c.close();
                }
            }
            return sent;
        }

        private boolean drain(TcpConnection c, ByteArrayOutputStream into) {
            while (true) {
                int n = c.receive(chunk, 0, chunk.length);
                if (n < 0) {
                    return true;
                }
                if (n == 0) {
                    return false;
                }
                into.write(chunk, 0, n);
            }
        }
    }
}
