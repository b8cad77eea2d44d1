package org.margay.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;

/**
 * A next hop that never answers ARP: the packets queued for it are dropped (counted) and their senders learn
 * "host unreachable" (RFC 1122 §2.4, §3.4): a connection attempt fails, a connected UDP socket gets the error.
 */
class ArpFailureTest {
    private static final long S = 1_000_000_000L;
    private static final int NOBODY = Ipv4Address.parse("10.0.0.99");
    private static final int NOBODY_OFF_LINK = Ipv4Address.parse("192.0.2.7");

    @Test
    void aConnectionAttemptFailsWithHostUnreachableWhenArpGivesUp() {
        try (TwoHosts hosts = new TwoHosts()) {
            TcpConnection c = hosts.a.tcp().connect(NOBODY, 80);
            long start = hosts.clock.nanoTime();
            assertTrue(hosts.runUntil(() -> c.state() == TcpState.CLOSED, 60 * S));
            assertEquals(TcpError.EHOSTUNREACH, c.error());
            long took = hosts.clock.nanoTime() - start;
            // Three requests, 1 s then 2 s apart, and a last wait of 4 s: ARP gives up at 7 s.
            assertEquals(7 * S, took);
            assertTrue(hosts.a.stats().arpUnreachableReported() >= 1);
            assertEquals(hosts.a.stats().arpResolutionDrops(), hosts.a.stats().arpUnreachableReported());
            assertEquals(0, hosts.a.tcp().connectionCount());
        }
    }

    @Test
    void anUnansweringGatewayIsReportedForOffLinkPeers() {
        int gateway = Ipv4Address.parse("10.0.0.254");
        try (TwoHosts hosts = new TwoHosts(a -> a.defaultGateway(gateway), b -> { })) {
            TcpConnection c = hosts.a.tcp().connect(NOBODY_OFF_LINK, 443);
            assertTrue(hosts.runUntil(() -> c.state() == TcpState.CLOSED, 60 * S));
            assertEquals(TcpError.EHOSTUNREACH, c.error());
        }
    }

    @Test
    void aConnectedUdpSocketGetsHostUnreachable() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket connected = hosts.a.udp().bind(0);
            connected.connect(NOBODY, 53);
            MemorySegment data = MemorySegment.ofArray(new byte[32]);
            assertEquals(UdpErrors.NONE, hosts.a.udp().send(connected, data, 0, 32));
            assertTrue(hosts.runUntil(() -> hosts.a.stats().arpResolutionDrops() == 1, 60 * S));
            assertEquals(UdpErrors.EHOSTUNREACH, connected.takeError());
            assertEquals(UdpErrors.NONE, connected.takeError(), "reported once");
            assertEquals(1, hosts.a.stats().arpUnreachableReported());
        }
    }

    @Test
    void anUnconnectedUdpSocketIsNotTold() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket unconnected = hosts.a.udp().bind(0);
            MemorySegment data = MemorySegment.ofArray(new byte[32]);
            assertEquals(UdpErrors.NONE, hosts.a.udp().sendTo(unconnected, NOBODY, 53, data, 0, 32));
            assertTrue(hosts.runUntil(() -> hosts.a.stats().arpResolutionDrops() == 1, 60 * S));
            assertEquals(UdpErrors.NONE, unconnected.takeError());
            assertEquals(0, hosts.a.stats().arpUnreachableReported());
        }
    }

    @Test
    void fragmentsAndPingsAreDroppedWithoutReports() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket connected = hosts.a.udp().bind(0);
            connected.connect(NOBODY, 53);
            MemorySegment data = MemorySegment.ofArray(new byte[4000]); // three fragments, one report
            assertEquals(UdpErrors.NONE, hosts.a.udp().send(connected, data, 0, 4000));
            hosts.a.ping(NOBODY, 1, 1, 8);
            assertTrue(hosts.runUntil(() -> hosts.a.arpCache().resolving() == 0, 60 * S));
            assertEquals(4, hosts.a.stats().arpResolutionDrops());
            assertEquals(1, hosts.a.stats().arpUnreachableReported());
            assertEquals(UdpErrors.EHOSTUNREACH, connected.takeError());
        }
    }

    @Test
    void aSynchronizedConnectionOnlyRecordsItAsSoft() {
        try (TwoHosts hosts = new TwoHosts()) {
            hosts.b.tcp().listen(80, 4);
            TcpConnection c = hosts.a.tcp().connect(TwoHosts.B, 80);
            assertTrue(hosts.runUntil(() -> c.state() == TcpState.ESTABLISHED, 10 * S));
            // b falls silent: a's entry for b is removed, so the next data waits for an ARP reply that never comes.
            hosts.a.arpCache().remove(TwoHosts.B, null);
            hosts.b.close();
            MemorySegment data = MemorySegment.ofArray(new byte[100]);
            assertEquals(100, c.send(data, 0, 100));
            assertTrue(hosts.runUntil(() -> hosts.a.stats().arpUnreachableReported() > 0, 60 * S));
            assertEquals(TcpState.ESTABLISHED, c.state(), "RFC 1122 §4.2.3.9: host unreachable is soft");
            assertEquals(TcpError.EHOSTUNREACH, c.softError());
        }
    }
}
