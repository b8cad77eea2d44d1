package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-connection settings: a config at connect/listen, and TCP_NODELAY / SO_KEEPALIVE changed at run time. */
class PerConnectionConfigTest {
    private static final int MIB = 1 << 20;

    @Test
    void connectionWithoutItsOwnConfigUsesTheLayers() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        assertSame(h.layer.config(), c.config());
    }

    @Test
    void buffersAboveTheLayerDefaultWorkPerConnection() {
        Harness h = new Harness(); // layer: 256 KiB rings
        h.perConnection = TcpConfig.builder().sendBufferSize(4 * MIB).receiveBufferSize(4 * MIB).build();
        h.conn = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT, h.perConnection);
        List<Sent> syn = h.poll();
        assertEquals(7, syn.get(0).windowShift()); // RFC 7323 §2.2: the shift that covers 4 MiB
        h.conn.abort();

        h = new Harness();
        h.perConnection = TcpConfig.builder().sendBufferSize(4 * MIB).receiveBufferSize(4 * MIB).build();
        TcpConnection c = h.connect();
        assertEquals(4 * MIB, c.config().receiveBufferSize());
        assertTrue(c.rcvWnd() > 256 * 1024, "window " + c.rcvWnd());
        // The peer fills 1 MiB without the application reading: all of it is taken.
        int total = 0;
        while (total < MIB) {
            h.inject(h.peerData(1448));
            total += 1448;
            h.poll();
        }
        assertEquals(total, c.readableBytes());
        // The send ring takes 3 MiB at once.
        assertEquals(3 * MIB, c.send(new byte[3 * MIB], 0, 3 * MIB));
    }

    @Test
    void mssIsClampedToTheLayersAndOfferedInTheSyn() {
        Harness h = new Harness();
        h.conn = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT,
                TcpConfig.builder().mss(1000).build());
        assertEquals(1000, h.poll().get(0).mss());
        TcpConnection big = h.layer.connect(h.now, Harness.LOCAL_IP, 0, Harness.REMOTE_IP, Harness.REMOTE_PORT + 1,
                TcpConfig.builder().mss(8960).build());
        assertEquals(1460, big.config().mss()); // TCP_MAXSEG lowers the MSS, never past the link's
    }

    @Test
    void listenerChildrenInheritTheListenersConfig() {
        Harness h = new Harness();
        h.perConnection = TcpConfig.builder().mss(1200).noDelay(true).keepAlive(true)
                .receiveBufferSize(2 * MIB).sendBufferSize(MIB).build();
        TcpListener l = h.layer.listen(Harness.LOCAL_IP, 81, 4, h.perConnection);
        assertEquals(1200, l.childConfig().mss());
        l.close();
        TcpConnection c = h.accept(true, true, 7, 1460);
        assertEquals(1200 - 12, c.effectiveMss()); // min(our 1200, their 1460) − 12 bytes of timestamps
        assertTrue(c.noDelay());
        assertTrue(c.keepAlive());
        assertEquals(2 * MIB, c.config().receiveBufferSize());
        assertEquals(6, c.rcvWindowShift()); // 2 MiB needs shift 6
        assertEquals(h.now + c.config().keepAliveIdleNanos(), c.nextDeadline());
    }

    @Test
    void noDelayAtRunTimeReleasesWhatNagleHeld() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        assertFalse(c.noDelay());
        c.send(new byte[100], 0, 100);
        assertEquals(1, h.poll().size());
        c.send(new byte[100], 0, 100);
        assertEquals(0, h.poll().size()); // RFC 9293 §3.7.4: a small segment waits while data is unacknowledged
        c.noDelay(true);
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(100, out.get(0).len());
        assertTrue(c.config().noDelay());
        assertFalse(h.layer.config().noDelay()); // the layer's settings are untouched
    }

    @Test
    void keepAliveAtRunTimeArmsAndDisarmsTheTimer() {
        Harness h = new Harness(TcpConfig.builder().keepAliveIdleNanos(5_000 * MS).keepAliveIntervalNanos(1000 * MS)
                .keepAliveProbes(2).build());
        TcpConnection c = h.connect();
        assertEquals(Long.MAX_VALUE, c.nextDeadline());
        c.keepAlive(true);
        h.poll();
        assertEquals(h.now + 5_000 * MS, c.nextDeadline());
        long start = h.now;
        List<Sent> probe = h.fire();
        assertEquals(1, probe.size());
        assertEquals(5_000 * MS, h.now - start);
        assertEquals(c.sndNxt() - 1, probe.get(0).seq()); // RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT − 1
        c.keepAlive(false);
        h.poll();
        assertEquals(Long.MAX_VALUE, c.nextDeadline());
        assertEquals(TcpState.ESTABLISHED, c.state());
    }
}
