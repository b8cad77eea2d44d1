package org.margay.examples.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
import org.margay.examples.echo.TcpEchoClient;
import org.margay.examples.echo.TcpEchoServer;
import org.margay.examples.echo.UdpEchoClient;
import org.margay.examples.echo.UdpEchoServer;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.pdpix.inet.LibOSGroup;
import org.margay.pdpix.inet.LinkLibOS;
import org.margay.stack.StackConfig;

/**
 * The appliance between two links: host A (10.0.0.1) — link left — forwarder (link libOS) — link right — host B
 * (10.0.0.2), all in one group on a virtual clock. Allowed traffic crosses one TTL lower with valid checksums;
 * the blocked port range never reaches host B.
 */
class FilteringForwarderTest {
    private static final long LIMIT = 60_000_000_000L;

    @Test
    void forwardsAllowedTrafficAndDropsTheBlockedPorts() {
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        LibOSGroup group = new LibOSGroup(clock);
        try (LoopbackPair left = new LoopbackPair("left", 2048, 2048, 128, 512, clock);
             LoopbackPair right = new LoopbackPair("right", 2048, 2048, 128, 512, clock);
             InetLibOS a = InetLibOS.builder().device(left.a()).group(group)
                     .stack(StackConfig.builder().address("10.0.0.1/24").build()).open();
             InetLibOS b = InetLibOS.builder().device(right.b()).group(group)
                     .stack(StackConfig.builder().address("10.0.0.2/24").build()).open();
             LinkLibOS link = LinkLibOS.builder().device(left.b()).device(right.a()).group(group).open()) {
            Set<Integer> sentTtls = new TreeSet<>();
            Set<Integer> receivedTtls = new TreeSet<>();
            a.stack().frameObserver((out, now, seg, off, len) -> ipv4Ttl(out, seg, off, len, sentTtls));
            b.stack().frameObserver((out, now, seg, off, len) -> ipv4Ttl(!out, seg, off, len, receivedTtls));

            AppRunner runner = new AppRunner();
            FilteringForwarder forwarder = runner.start(new FilteringForwarder(link, 0, 1, 5000, 5999));
            TcpEchoServer tcpServer = runner.start(new TcpEchoServer(b, new InetEndpoint(0, 7), 2));
            UdpEchoServer allowed = runner.start(new UdpEchoServer(b, new InetEndpoint(0, 53), 0));
            UdpEchoServer blocked = runner.start(new UdpEchoServer(b, new InetEndpoint(0, 5353), 0));

            TcpEchoClient tcp = runner.start(new TcpEchoClient(a,
                    new TcpEchoClient.Options(InetEndpoint.parse("10.0.0.2:7"), 2, 10, 3000)));
            UdpEchoClient udp = runner.start(new UdpEchoClient(a,
                    new TcpEchoClient.Options(InetEndpoint.parse("10.0.0.2:53"), 1, 10, 200)));
            assertTrue(runner.runUntil(() -> tcp.finished() && udp.finished(), LIMIT), () -> tcp.report() + " / " + udp.report());
            assertTrue(tcp.report().ok(20), () -> tcp.report().toString());
            assertTrue(udp.report().ok(10), () -> udp.report().toString());

            UdpEchoClient lost = runner.start(new UdpEchoClient(a,
                    new TcpEchoClient.Options(InetEndpoint.parse("10.0.0.2:5353"), 1, 1, 200)));
            assertTrue(runner.runUntil(() -> forwarder.filter().droppedByPort() >= 1, LIMIT), "the datagram reached the filter");
            for (int i = 0; i < 200; i++) {
                runner.runOnce();
            }
            assertEquals(0, blocked.datagrams(), "nothing in the blocked range reaches host B");
            assertEquals(0, lost.report().replies());
            assertEquals(10, allowed.datagrams());

            assertTrue(forwarder.rewrite().rewritten() > 40, () -> "rewritten: " + forwarder.rewrite().rewritten());
            assertEquals(0, forwarder.rewrite().expired());
            assertEquals(0, forwarder.filter().droppedMalformed());
            assertEquals(1, sentTtls.size(), () -> "host A sends one TTL: " + sentTtls);
            int ttl = sentTtls.iterator().next();
            assertEquals(Set.of(ttl - 1), receivedTtls, "host B sees every IPv4 packet one hop older");
            assertEquals("", forwarder.error());
            forwarder.stop();
            tcpServer.stop();
            allowed.stop();
            blocked.stop();
        }
    }

    /** Records the TTL of an IPv4 frame (no VLAN) seen in the direction of interest. */
    private static void ipv4Ttl(boolean interesting, MemorySegment seg, long off, int len, Set<Integer> into) {
        if (interesting && len >= 34 && seg.get(ValueLayout.JAVA_BYTE, off + 12) == 0x08
                && seg.get(ValueLayout.JAVA_BYTE, off + 13) == 0x00) {
            into.add(seg.get(ValueLayout.JAVA_BYTE, off + 14 + 8) & 0xFF);
        }
    }
}
