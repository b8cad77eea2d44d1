package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairTest {
    static final long MINUTES = 60_000_000_000L;

    @Test
    void cleanLinkTransfersBothWaysAndClosesWithFastPath() {
        WirePair p = new WirePair(TcpConfig.defaults(), 1, 0, 0, 0);
        p.closeAfterReceiving = true; // the fast path is defined for ESTABLISHED (TCP-ENGINE.md)
        p.open(300_000, 200_000);
        assertTrue(p.run(10 * MINUTES), "did not finish");
        assertNull(p.verify());
        TcpLayerStats sa = p.a.stats();
        TcpLayerStats sb = p.b.stats();
        long data = sa.dataSegmentsIn() + sb.dataSegmentsIn();
        long fast = sa.fastPathDataSegments() + sb.fastPathDataSegments();
        assertTrue(fast >= 0.99 * data, "fast path share of data segments: " + fast + "/" + data);
        assertEquals(0, p.a.connectionCount());
        assertEquals(0, p.b.connectionCount());
    }

    @Test
    void cleanLinkOneWayBulk() {
        WirePair p = new WirePair(TcpConfig.defaults(), 2, 0, 0, 0);
        p.open(1_000_000, 0);
        assertTrue(p.run(10 * MINUTES), "did not finish");
        assertNull(p.verify());
    }

    @Test
    void emptyStreamsBothWays() {
        WirePair p = new WirePair(TcpConfig.defaults(), 3, 0, 0, 0);
        p.open(0, 0);
        assertTrue(p.run(10 * MINUTES));
        assertNull(p.verify());
    }

    @Test
    void lossyLinkStillDeliversEverything() {
        WirePair p = new WirePair(TcpConfig.defaults(), 4, 0.05, 0.05, 0.05);
        p.open(100_000, 50_000);
        assertTrue(p.run(30 * MINUTES), "did not finish: " + p.endpoints());
        assertNull(p.verify());
    }

    @Test
    void newRenoWithoutSackOrTimestampsOnLossyLink() {
        TcpConfig config = TcpConfig.builder().congestionControl("newreno").sack(false).timestamps(false)
                .windowScaling(false).build();
        WirePair p = new WirePair(config, 5, 0.05, 0.05, 0.02);
        p.open(80_000, 30_000);
        assertTrue(p.run(30 * MINUTES), "did not finish");
        assertNull(p.verify());
    }

    @Test
    void simultaneousOpenBetweenTwoLayersCompletes() {
        TcpLayer a = new TcpLayer(TcpConfig.defaults(), 1);
        TcpLayer b = new TcpLayer(TcpConfig.defaults(), 2);
        RecordingSink toB = new RecordingSink();
        RecordingSink toA = new RecordingSink();
        TcpConnection ca = a.connect(0, WirePair.A_IP, 7000, WirePair.B_IP, 7001);
        TcpConnection cb = b.connect(0, WirePair.B_IP, 7001, WirePair.A_IP, 7000);
        long now = 0;
        for (int round = 0; round < 6; round++) {
            a.poll(now, toB);
            b.poll(now, toA);
            for (Sent s : toB.take()) {
                b.onSegment(now, WirePair.A_IP, WirePair.B_IP, toView(s));
            }
            for (Sent s : toA.take()) {
                a.onSegment(now, WirePair.B_IP, WirePair.A_IP, toView(s));
            }
            now += 1_000_000;
        }
        assertEquals(TcpState.ESTABLISHED, ca.state());
        assertEquals(TcpState.ESTABLISHED, cb.state());
    }

    /** Rebuilds a wire segment from a recorded one (options included). */
    static org.margay.net.tcp.TcpSegment toView(Sent s) {
        Seg g = new Seg(s.localPort(), s.remotePort()).seq(s.seq()).flags(s.flags()).window(s.window())
                .payload(s.payload());
        g.ack = s.ackNo();
        if (s.mss() >= 0) g.mss(s.mss());
        if (s.windowShift() >= 0) g.ws(s.windowShift());
        if (s.sackPermitted()) g.sackOk();
        if (s.hasTs()) g.ts(s.tsVal(), s.tsEcr());
        for (int[] b : s.sackBlocks()) g.sack(b[0], b[1]);
        return g.view();
    }
}
