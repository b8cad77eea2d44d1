package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataPathTest {

    @Test
    void bulkSendIsSegmentedAtEffectiveMssWithinInitialWindow() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        byte[] data = Harness.bytes(30_000, 3);
        assertEquals(30_000, c.send(data, 0, data.length));
        List<Sent> out = h.poll();
        assertEquals(10, out.size()); // IW = 10 segments (RFC 6928)
        for (Sent s : out) {
            assertEquals(1448, s.len());
            assertTrue(s.hasTs());
        }
        assertEquals(c.sndUna() + 14480, c.sndNxt());
        byte[] first = out.get(0).payload();
        byte[] expected = new byte[1448];
        System.arraycopy(data, 0, expected, 0, 1448);
        assertArrayEquals(expected, first);
    }

    @Test
    void ackAdvancesSndUnaAndGrowsCwndAndTakesFastPath() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.send(Harness.bytes(50_000, 1), 0, 50_000); // more than the initial window: cwnd-limited
        List<Sent> out = h.poll();
        long cwnd = c.stats().cwnd();
        h.advance(10 * MS);
        h.inject(h.peerAck(out.get(1).seq() + out.get(1).len()).window(65535 >> 7 << 7 >> 7));
        // The window differs from the first one, so this ACK took the slow path; the next takes the fast one.
        h.inject(h.peerAck(c.sndNxt()).window(65535 >> 7 << 7 >> 7));
        assertEquals(c.sndNxt(), c.sndUna());
        assertEquals(50_000 - 14480, c.unacknowledgedBytes());
        assertTrue(c.stats().cwnd() > cwnd);
        assertTrue(c.stats().fastPathSegments() >= 1);
        assertTrue(c.stats().srttNanos() > 0);
    }

    @Test
    void nagleHoldsSmallSegmentWhileDataUnacknowledged() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.send(new byte[100], 0, 100);
        assertEquals(1, h.poll().size()); // nothing in flight: sent at once
        c.send(new byte[100], 0, 100);
        assertEquals(0, h.poll().size()); // Nagle: wait for the ACK
        h.inject(h.peerAck(c.sndNxt()));
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(100, out.get(0).len());
    }

    @Test
    void noDelaySendsSmallSegmentsAtOnce() {
        Harness h = new Harness(TcpConfig.builder().noDelay(true).build());
        TcpConnection c = h.connect();
        c.send(new byte[100], 0, 100);
        assertEquals(1, h.poll().size());
        c.send(new byte[100], 0, 100);
        assertEquals(1, h.poll().size());
    }

    @Test
    void delayedAckFiresAfterConfiguredDelay() {
        Harness h = new Harness(TcpConfig.builder().quickAckSegments(0).build()); // default delay: 40 ms
        TcpConnection c = h.connect();
        h.inject(h.peerData(100));
        assertEquals(0, h.poll().size());
        assertEquals(h.now + 40 * MS, h.layer.nextDeadline());
        List<Sent> out = h.fire();
        assertEquals(1, out.size());
        assertTrue(out.get(0).pureAck());
        assertEquals(h.peerNxt, out.get(0).ackNo());
        assertEquals(100, c.readableBytes());
    }

    @Test
    void quickAckModeAcknowledgesTheFirstSegmentsAtOnce() {
        Harness h = new Harness(); // Linux-like defaults: 40 ms delayed ACK, 16 quick ACKs
        TcpConnection c = h.connect();
        for (int i = 0; i < TcpConfig.DEFAULT_QUICK_ACK_SEGMENTS; i++) {
            h.inject(h.peerData(100));
            List<Sent> out = h.poll();
            assertEquals(1, out.size(), "segment " + i + " is acknowledged at once");
            assertEquals(h.peerNxt, out.get(0).ackNo());
        }
        // The budget is spent: the next small segment waits for the delayed-ACK timer.
        h.inject(h.peerData(100));
        assertEquals(0, h.poll().size());
        assertEquals(h.now + TcpConfig.DEFAULT_DELAYED_ACK_NANOS, h.layer.nextDeadline());
        assertEquals(1, h.fire().size());
        assertEquals(1700, c.readableBytes());
    }

    @Test
    void quickAckModeReturnsAfterAnIdlePeriodLongerThanTheRto() {
        Harness h = new Harness(TcpConfig.builder().quickAckSegments(2).build());
        TcpConnection c = h.connect();
        for (int i = 0; i < 2; i++) {
            h.inject(h.peerData(100));
            assertEquals(1, h.poll().size());
        }
        h.inject(h.peerData(100));
        assertEquals(0, h.poll().size(), "budget spent: delayed");
        assertEquals(1, h.fire().size());
        h.advance(c.rttEstimator().rtoNanos() / 2);
        h.inject(h.peerData(100));
        assertEquals(0, h.poll().size(), "a short pause does not restart quick ACKs");
        assertEquals(1, h.fire().size());
        h.advance(c.rttEstimator().rtoNanos() + MS);
        h.inject(h.peerData(100));
        assertEquals(1, h.poll().size(), "after more than an RTO idle, ACK at once again");
    }

    @Test
    void quickAckBudgetIsBoundedByHalfTheReceiveWindow() {
        // A 4 KiB receive ring holds under three full segments: half the window in segments rounds to 1, so the
        // budget is Linux's floor of 2 however large quickAckSegments is.
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(4096).quickAckSegments(100).build());
        h.connect();
        for (int i = 0; i < 2; i++) {
            h.inject(h.peerData(10));
            assertEquals(1, h.poll().size());
        }
        h.inject(h.peerData(10));
        assertEquals(0, h.poll().size());
    }

    @Test
    void routineWindowUpdatesTakeTheFastPathAndAreNotDuplicateAcks() {
        Harness h = new Harness(TcpConfig.builder().noDelay(true).build());
        TcpConnection c = h.connect(); // the peer's window shift is 7
        c.send(new byte[3000], 0, 3000);
        List<Sent> sent = h.poll();
        assertEquals(3, sent.size());
        int firstEnd = sent.get(0).seq() + sent.get(0).len();
        long slowBefore = c.stats().slowPathSegments();
        // An ACK of new data that also moves the right edge out: one fast-path step.
        h.inject(h.peerAck(firstEnd).window(600));
        assertEquals(600L << 7, c.sndWnd());
        // A window update acknowledging nothing new (SEG.ACK = SND.UNA, data outstanding): not a duplicate ACK,
        // since the window changed (RFC 5681 §2).
        h.inject(h.peerAck(firstEnd).window(700));
        assertEquals(700L << 7, c.sndWnd());
        assertEquals(0, c.stats().dupAcksReceived());
        assertEquals(slowBefore, c.stats().slowPathSegments(), "both on the fast path: " + c.stats());
        // The same ACK again with the window unchanged is a duplicate ACK, for the slow path to count.
        h.inject(h.peerAck(firstEnd).window(700));
        assertEquals(1, c.stats().dupAcksReceived());
        assertEquals(1, c.stats().slowPathReason(TcpStats.SLOW_DUPLICATE_ACK));
        // New data acknowledged (on the slow path while a duplicate ACK is counted) clears the count.
        int secondEnd = sent.get(1).seq() + sent.get(1).len();
        h.inject(h.peerAck(secondEnd).window(700));
        // A window that closes, or opens from zero, or whose right edge moves left, stays on the slow path.
        h.inject(h.peerAck(secondEnd).window(0));
        assertEquals(0, c.sndWnd());
        assertEquals(1, c.stats().slowPathReason(TcpStats.SLOW_WINDOW));
        h.inject(h.peerAck(secondEnd).window(10));
        assertEquals(2, c.stats().slowPathReason(TcpStats.SLOW_WINDOW), "opening from zero: the persist timer's");
        h.inject(h.peerAck(secondEnd).window(5));
        assertEquals(3, c.stats().slowPathReason(TcpStats.SLOW_WINDOW), "shrinking");
        assertEquals(5L << 7, c.sndWnd());
    }

    @Test
    void everySecondFullSegmentIsAckedAtOnce() {
        Harness h = new Harness(TcpConfig.builder().quickAckSegments(0).build());
        TcpConnection c = h.connect();
        h.inject(h.peerData(1448));
        assertEquals(0, h.poll().size());
        h.inject(h.peerData(1448));
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt, out.get(0).ackNo());
        assertTrue(c.stats().fastPathSegments() >= 1); // the first took the slow path: its window was new
    }

    @Test
    void outOfOrderDataIsAckedAtOnceWithSackAndHoleFillAcksAtOnce() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        Seg first = h.peerData(1000);
        Seg second = h.peerData(1000);
        h.inject(second);
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        Sent ack = out.get(0);
        assertEquals(first.seq, ack.ackNo());
        assertEquals(1, ack.sackBlocks().size());
        assertEquals(second.seq, ack.sackBlocks().get(0)[0]);
        assertEquals(second.seq + 1000, ack.sackBlocks().get(0)[1]);
        h.inject(first);
        out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt, out.get(0).ackNo());
        assertEquals(0, out.get(0).sackBlocks().size());
        byte[] got = new byte[2000];
        assertEquals(2000, c.receive(got, 0, 2000));
    }

    @Test
    void duplicateDataIsReportedWithDsack() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        Seg s = h.peerData(500);
        h.inject(s);
        h.inject(s); // a duplicate below RCV.NXT
        List<Sent> out = h.poll();
        Sent ack = out.get(out.size() - 1);
        assertEquals(h.peerNxt, ack.ackNo());
        assertEquals(1, ack.sackBlocks().size());
        assertEquals(s.seq, ack.sackBlocks().get(0)[0]);
        assertEquals(s.seq + 500, ack.sackBlocks().get(0)[1]);
        assertEquals(1, c.stats().dsacksSent());
    }

    @Test
    void receiveReturnsMinusOneAtEndOfStream() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.peerData(10).fin());
        h.peerNxt++;
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        byte[] buf = new byte[64];
        assertEquals(10, c.receive(buf, 0, 64));
        assertEquals(-1, c.receive(buf, 0, 64));
        assertTrue(c.eof());
    }

    @Test
    void windowIsScaledDownInOutgoingSegments() {
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(1 << 20).build());
        TcpConnection c = h.connect();
        assertEquals(5, c.rcvWindowShift());
        h.inject(h.peerData(1000));
        h.advance(300 * MS);
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals((c.rcvWnd()) >> 5, out.get(0).window());
    }

    @Test
    void zeroWindowThenPersistProbesWithBackoffThenWindowOpens() {
        Harness h = new Harness(TcpConfig.builder().initialRtoNanos(1000 * MS).build());
        TcpConnection c = h.connect();
        int start = c.sndNxt();
        c.send(Harness.bytes(3000, 9), 0, 3000);
        List<Sent> out = h.poll();
        int end = c.sndNxt();
        h.inject(h.peerAck(end).window(0));
        assertEquals(0, c.sndWnd());
        c.send(new byte[100], 0, 100);
        assertEquals(0, h.poll().size());
        long t0 = h.now;
        List<Sent> p1 = h.fire();
        assertEquals(1, p1.size());
        assertEquals(c.sndUna() - 1, p1.get(0).seq()); // Linux-style probe
        long gap1 = h.now - t0;
        long t1 = h.now;
        List<Sent> p2 = h.fire();
        assertEquals(1, p2.size());
        long gap2 = h.now - t1;
        assertTrue(gap2 > gap1, "persist timer backs off: " + gap1 + " then " + gap2);
        assertEquals(2, c.stats().zeroWindowProbes());
        assertEquals(TcpState.ESTABLISHED, c.state()); // never gives up on a zero window
        h.inject(h.peerAck(end).window(100));
        h.poll();
        assertEquals(3100, c.sndNxt() - start); // everything queued went out once the window opened
    }

    @Test
    void backPressureLosesNothing() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.send(Harness.bytes(2000, 5), 0, 2000);
        h.sink.refuse = 1;
        assertEquals(0, h.poll().size());
        assertTrue(h.layer.hasPendingOutput());
        List<Sent> out = h.poll();
        assertEquals(2, out.size());
        assertEquals(2000, out.get(0).len() + out.get(1).len());
    }

    @Test
    void sendBufferFullReturnsPartialAndWritableCallbackFires() {
        Harness h = new Harness(TcpConfig.builder().sendBufferSize(4096).build());
        TcpConnection c = h.connect();
        int[] writable = {0};
        c.listener(new TcpConnectionListener() {
            @Override
            public void onWritable(TcpConnection connection) {
                writable[0]++;
            }
        });
        assertEquals(4096, c.send(new byte[10000], 0, 10000));
        assertFalse(c.writable());
        h.poll();
        h.inject(h.peerAck(c.sndNxt()));
        assertEquals(1, writable[0]);
        assertTrue(c.writable());
    }

    @Test
    void readingAClosedWindowSendsAWindowUpdate() {
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(4096).windowScaling(false).build());
        TcpConnection c = h.connect(true, true, -1, 1460);
        h.inject(h.peerData(1448));
        h.inject(h.peerData(1448));
        h.inject(h.peerData(1200));
        List<Sent> out = h.poll();
        assertEquals(0, out.get(out.size() - 1).window());
        assertEquals(0, h.poll().size());
        byte[] buf = new byte[4096];
        assertEquals(4096, c.receive(buf, 0, 4096));
        out = h.poll();
        assertEquals(1, out.size(), "window update");
        assertEquals(4096, out.get(0).window());
    }

    @Test
    void smallReadsDoNotTriggerWindowUpdates() {
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(64 * 1024).windowScaling(false).build());
        TcpConnection c = h.connect(true, true, -1, 1460);
        h.inject(h.peerData(1000));
        h.advance(300 * MS);
        h.poll();
        byte[] buf = new byte[100];
        c.receive(buf, 0, 100);
        assertEquals(0, h.poll().size(), "receiver SWS avoidance (RFC 9293 §3.8.6.2.2)");
    }
}
