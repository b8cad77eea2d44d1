package org.margay.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpSocket;
import org.margay.netsim.LinkProfile;

class SimulationTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final int A = Ipv4Address.parse("10.0.0.1");
    private static final int B = Ipv4Address.parse("10.0.0.2");

    private static LinkProfile link(ImpairmentProfile impairment) {
        return LinkProfile.builder().latencyNanos(MS).bandwidthBitsPerSecond(100_000_000L).bothWays(impairment).build();
    }

    @Test
    void pingBetweenTwoStacks() {
        try (Simulation sim = new Simulation()) {
            SimHost a = sim.addHost("a", 0x02_00_00_00_00_01L, "10.0.0.1/24", link(ImpairmentProfile.NONE));
            SimHost b = sim.addHost("b", 0x02_00_00_00_00_02L, "10.0.0.2/24", link(ImpairmentProfile.NONE));
            List<long[]> replies = new ArrayList<>();
            a.stack().echoListener((source, id, seq, length, now) -> replies.add(new long[] {source, seq, length, now}));
            long sent = sim.now();
            assertTrue(a.stack().ping(B, 1, 1, 56));
            assertTrue(sim.runUntil(() -> !replies.isEmpty(), 5 * S));
            assertEquals(B, (int) replies.get(0)[0]);
            assertEquals(56, replies.get(0)[2]);
            // ARP request + reply and echo request + reply each cross two 1 ms links
            // the echo request and reply each cross two 1 ms links (ARP may resolve early: B's gratuitous ARP
            // refreshes A's resolving entry, RFC 826's merge rule)
            assertTrue(replies.get(0)[3] - sent >= 4 * MS, "took " + (replies.get(0)[3] - sent));
            assertEquals(1, b.stack().stats().icmpEchoRepliesSent());
        }
    }

    @Test
    void udpDatagramsArriveIntactOrNotAtAllUnderCorruption() {
        // One frame per datagram, corrupted at most once on its way (on a's uplink only): the link flips one
        // bit per corrupted frame, which the UDP checksum always catches. Two flips in one datagram (two
        // impaired hops, or two fragments) can cancel in the 16-bit one's-complement sum; real links have
        // the Ethernet FCS for that.
        ImpairmentProfile bad = ImpairmentProfile.builder().corrupt(20).loss(5).seed(77).build();
        try (Simulation sim = new Simulation()) {
            SimHost a = sim.addHost("a", 0x02_00_00_00_00_01L, "10.0.0.1/24", LinkProfile.builder().latencyNanos(MS)
                    .bandwidthBitsPerSecond(100_000_000L).toSwitch(bad).build());
            SimHost b = sim.addHost("b", 0x02_00_00_00_00_02L, "10.0.0.2/24", link(ImpairmentProfile.NONE));
            UdpSocket server = b.stack().udp().bind(7000);
            UdpSocket client = a.stack().udp().bind(0);
            Random sizes = new Random(5);
            int sent = 300;
            int[] lengths = new int[sent];
            for (int seq = 0; seq < sent; seq++) {
                lengths[seq] = 4 + sizes.nextInt(1468);
                byte[] d = datagram(seq, lengths[seq]);
                assertEquals(0, a.stack().udp().sendTo(client, B, 7000, MemorySegment.ofArray(d), 0, d.length));
                sim.runFor(MS);
            }
            sim.runFor(2 * S);
            byte[] got = new byte[65536];
            boolean[] seen = new boolean[sent];
            int received = 0;
            int n;
            while ((n = server.receive(MemorySegment.ofArray(got), 0, got.length)) >= 0) {
                int seq = java.nio.ByteBuffer.wrap(got).getInt();
                assertTrue(seq >= 0 && seq < sent && !seen[seq], "sequence " + seq);
                seen[seq] = true;
                assertEquals(lengths[seq], n);
                int at = Arrays.mismatch(datagram(seq, n), Arrays.copyOf(got, n));
                assertEquals(-1, at, "datagram " + seq + " of " + n + " bytes differs at " + at + ": "
                        + (at < 0 ? "" : datagram(seq, n)[at] + " vs " + got[at]) + " " + b.stack().stats());
                received++;
            }
            assertTrue(received > 0 && received < sent, "received " + received + " of " + sent);
            assertTrue(b.stack().stats().udpBadChecksum() + b.stack().stats().ipBadChecksum()
                    + b.stack().stats().ipFragmentDrops() + b.stack().stats().ipReassemblyTimeouts() > 0);
        }
    }

    private static byte[] datagram(int seq, int length) {
        byte[] d = new byte[length];
        new Random(seq * 1_000_003L).nextBytes(d);
        java.nio.ByteBuffer.wrap(d).putInt(seq);
        return d;
    }

    @Test
    void fragmentedDatagramsSurviveLossAndReordering() {
        ImpairmentProfile lossy = ImpairmentProfile.builder().loss(3).reorder(20, 500_000).duplicate(5).seed(78).build();
        try (Simulation sim = new Simulation()) {
            SimHost a = sim.addHost("a", 0x02_00_00_00_00_01L, "10.0.0.1/24", link(lossy));
            SimHost b = sim.addHost("b", 0x02_00_00_00_00_02L, "10.0.0.2/24", link(lossy));
            UdpSocket server = b.stack().udp().bind(7000);
            UdpSocket client = a.stack().udp().bind(0);
            int sent = 100;
            int[] lengths = new int[sent];
            Random sizes = new Random(6);
            for (int seq = 0; seq < sent; seq++) {
                lengths[seq] = 1500 + sizes.nextInt(12_000);
                byte[] d = datagram(seq, lengths[seq]);
                assertEquals(0, a.stack().udp().sendTo(client, B, 7000, MemorySegment.ofArray(d), 0, d.length));
                sim.runFor(2 * MS);
            }
            sim.runFor(40 * S); // past the reassembly timeout: nothing stays held
            byte[] got = new byte[65536];
            int received = 0;
            int n;
            while ((n = server.receive(MemorySegment.ofArray(got), 0, got.length)) >= 0) {
                int seq = java.nio.ByteBuffer.wrap(got).getInt();
                assertEquals(lengths[seq], n);
                assertTrue(Arrays.equals(datagram(seq, n), Arrays.copyOf(got, n)), "datagram " + seq + " intact");
                received++;
            }
            assertTrue(received > 0 && received < sent, "received " + received + " of " + sent);
            assertEquals(0, b.stack().reassembler().active());
            assertEquals(0, b.stack().reassembler().bytesHeld());
            assertTrue(b.stack().stats().ipReassemblyTimeouts() > 0, b.stack().stats().toString());
        }
    }

    @Test
    void simultaneousOpenAndClose() {
        try (Simulation sim = new Simulation()) {
            SimHost a = sim.addHost("a", 0x02_00_00_00_00_01L, "10.0.0.1/24", link(ImpairmentProfile.NONE));
            SimHost b = sim.addHost("b", 0x02_00_00_00_00_02L, "10.0.0.2/24", link(ImpairmentProfile.NONE));
            // Learn the neighbours first so both SYNs leave at the same instant and cross on the wire.
            a.stack().ping(B, 1, 1, 0);
            sim.runFor(100 * MS);
            TcpConnection ca = a.stack().tcp().connect(7000, B, 7001);
            TcpConnection cb = b.stack().tcp().connect(7001, A, 7000);
            assertTrue(sim.runUntil(() -> ca.state() == TcpState.ESTABLISHED && cb.state() == TcpState.ESTABLISHED,
                    30 * S), ca + " " + cb + " " + a.stack().stats() + " " + b.stack().stats() + " "
                    + a.stack().tcpLayer().stats() + " " + b.stack().tcpLayer().stats());
            byte[] hello = "simultaneous".getBytes();
            ca.send(hello, 0, hello.length);
            cb.send(hello, 0, hello.length);
            ca.close();
            cb.close();
            byte[] buffer = new byte[64];
            int[] got = new int[2];
            assertTrue(sim.runUntil(() -> {
                int x = ca.receive(buffer, 0, 64);
                if (x > 0) {
                    got[0] += x;
                }
                int y = cb.receive(buffer, 0, 64);
                if (y > 0) {
                    got[1] += y;
                }
                return terminal(ca) && terminal(cb);
            }, 30 * S), ca + " " + cb);
            assertEquals(hello.length, got[0]);
            assertEquals(hello.length, got[1]);
            assertEquals(0, ca.error());
            assertEquals(0, cb.error());
        }
    }

    private static boolean terminal(TcpConnection c) {
        return c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED;
    }

    @Test
    void connectionToClosedPortIsRefused() {
        try (Simulation sim = new Simulation()) {
            SimHost a = sim.addHost("a", 0x02_00_00_00_00_01L, "10.0.0.1/24", link(ImpairmentProfile.NONE));
            sim.addHost("b", 0x02_00_00_00_00_02L, "10.0.0.2/24", link(ImpairmentProfile.NONE));
            TcpConnection c = a.stack().tcp().connect(B, 9);
            assertTrue(sim.runUntil(() -> c.state() == TcpState.CLOSED, 10 * S));
            assertEquals(org.margay.net.tcp.engine.TcpError.ECONNREFUSED, c.error());
            assertNotNull(c.toString());
        }
    }
}
