package org.margay.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.arp.cache.ArpCache;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;

class StackBasicsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void pingResolvesArpAndGetsAReply() {
        try (TwoHosts hosts = new TwoHosts()) {
            List<Integer> replies = new ArrayList<>();
            hosts.a.echoListener((source, id, seq, length, now) -> replies.add(seq));
            hosts.settle();
            assertTrue(hosts.a.ping(TwoHosts.B, 7, 1, 56));
            hosts.settle();
            assertEquals(List.of(1), replies);
            assertEquals(ArpCache.STATE_REACHABLE, hosts.a.arpCache().state(TwoHosts.B));
            // b learned a from a's request (RFC 826: it was the target)
            assertEquals(ArpCache.STATE_REACHABLE, hosts.b.arpCache().state(TwoHosts.A));
            assertEquals(1, hosts.b.stats().icmpEchoRepliesSent());
            assertTrue(hosts.a.ping(TwoHosts.B, 7, 2, 1000));
            hosts.settle();
            assertEquals(List.of(1, 2), replies);
            assertEquals(0, hosts.a.stats().totalDrops());
            assertEquals(0, hosts.b.stats().totalDrops());
        }
    }

    @Test
    void unansweredArpRetriesThenDropsQueuedPackets() {
        try (TwoHosts hosts = new TwoHosts()) {
            hosts.settle();
            int nobody = Ipv4Address.parse("10.0.0.99");
            hosts.a.ping(nobody, 1, 1, 8);
            hosts.a.ping(nobody, 1, 2, 8);
            hosts.settle();
            assertEquals(2, hosts.a.arpCache().pendingFor(nobody));
            hosts.runUntil(() -> hosts.a.stats().arpResolutionDrops() == 2, 30 * S);
            assertEquals(2, hosts.a.stats().arpResolutionDrops());
            assertEquals(3, hosts.a.arpCache().requestsSent());
            assertEquals(ArpCache.STATE_NONE, hosts.a.arpCache().state(nobody));
        }
    }

    @Test
    void udpDatagramsArriveAndClosedPortsAnswerUnreachable() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket server = hosts.b.udp().bind(9000);
            UdpSocket client = hosts.a.udp().bind(0);
            byte[] message = "hello, margay".getBytes();
            assertEquals(0, hosts.a.udp().sendTo(client, TwoHosts.B, 9000, MemorySegment.ofArray(message), 0,
                    message.length));
            hosts.settle();
            byte[] got = new byte[100];
            assertEquals(message.length, server.receive(MemorySegment.ofArray(got), 0, 100));
            assertEquals(TwoHosts.A, server.lastSourceIp());
            assertEquals(client.localPort(), server.lastSourcePort());
            assertArrayEquals(message, java.util.Arrays.copyOf(got, message.length));

            assertEquals(0, hosts.a.udp().sendTo(client, TwoHosts.B, 9001, MemorySegment.ofArray(message), 0,
                    message.length));
            hosts.settle();
            assertEquals(1, hosts.b.stats().udpNoPort());
            assertEquals(1, hosts.b.stats().icmpErrorsSent());
            assertEquals(UdpErrors.ECONNREFUSED, client.takeError());
            assertEquals(UdpErrors.NONE, client.takeError());
        }
    }

    @Test
    void largeUdpDatagramsAreFragmentedAndReassembled() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket server = hosts.b.udp().bind(9000);
            UdpSocket client = hosts.a.udp().bind(0);
            byte[] message = new byte[20_000];
            new Random(3).nextBytes(message);
            assertEquals(0, hosts.a.udp().sendTo(client, TwoHosts.B, 9000, MemorySegment.ofArray(message), 0,
                    message.length));
            hosts.settle();
            byte[] got = new byte[65536];
            assertEquals(message.length, server.receive(MemorySegment.ofArray(got), 0, got.length));
            assertArrayEquals(message, java.util.Arrays.copyOf(got, message.length));
            assertEquals(14, hosts.a.stats().ipFragmentsSent());
            assertEquals(1, hosts.b.stats().ipReassembled());
        }
    }

    @Test
    void icmpErrorsAreRateLimited() {
        try (TwoHosts hosts = new TwoHosts(a -> { }, b -> b.icmpRateLimit(1, 2))) {
            UdpSocket client = hosts.a.udp().bind(0);
            MemorySegment one = MemorySegment.ofArray(new byte[1]);
            for (int i = 0; i < 5; i++) {
                hosts.a.udp().sendTo(client, TwoHosts.B, 4000 + i, one, 0, 1);
            }
            hosts.settle();
            assertEquals(5, hosts.b.stats().udpNoPort());
            assertEquals(2, hosts.b.stats().icmpErrorsSent());
            assertEquals(3, hosts.b.stats().icmpRateLimited());
            hosts.advance(S); // one token back
            hosts.a.udp().sendTo(client, TwoHosts.B, 4999, one, 0, 1);
            hosts.settle();
            assertEquals(3, hosts.b.stats().icmpErrorsSent());
        }
    }

    @Test
    void tcpTransfersBothWaysAndCloses() {
        try (TwoHosts hosts = new TwoHosts()) {
            TcpListener listener = hosts.b.tcp().listen(80, 8);
            TcpConnection client = hosts.a.tcp().connect(TwoHosts.B, 80);
            hosts.runUntil(() -> client.state() == TcpState.ESTABLISHED, 10 * S);
            TcpConnection server = listener.accept();
            assertTrue(server != null, "accepted");
            byte[] up = new byte[300_000];
            byte[] down = new byte[200_000];
            new Random(1).nextBytes(up);
            new Random(2).nextBytes(down);
            Transfer t = new Transfer(client, server, up, down);
            assertTrue(hosts.runUntil(t::step, 60 * S), "transfer finished: " + t);
            assertArrayEquals(up, t.receivedByServer());
            assertArrayEquals(down, t.receivedByClient());
            assertTrue(hosts.runUntil(() -> client.state() == TcpState.CLOSED && server.state() == TcpState.CLOSED,
                    200 * S), "closed: " + client.state() + " " + server.state());
            assertTrue(hosts.a.tcpLayer().stats().fastPathShare() > 0.5,
                    "fast path " + hosts.a.tcpLayer().stats());
        }
    }
}
