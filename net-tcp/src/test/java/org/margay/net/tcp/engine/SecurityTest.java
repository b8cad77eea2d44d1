package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5961 (blind in-window attacks), RFC 7323 §5 (PAWS) and the sequence acceptability test. */
class SecurityTest {

    @Test
    void rstWithExactSequenceResetsTheConnection() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt).rst());
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ECONNRESET, c.error());
        assertEquals(0, h.poll().size()); // an RST is never answered
    }

    @Test
    void rstInWindowButNotExactDrawsChallengeAck() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt + 1000).rst());
        assertEquals(TcpState.ESTABLISHED, c.state());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).pureAck());
        assertEquals(h.peerNxt, out.get(0).ackNo());
        assertEquals(c.sndNxt(), out.get(0).seq());
        assertEquals(1, c.stats().challengeAcks());
    }

    @Test
    void rstOutsideWindowIsDroppedSilently() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt + (1 << 30)).rst());
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(0, h.poll().size());
    }

    @Test
    void synInSynchronizedStateDrawsChallengeAck() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt + 5).noAck().syn());
        assertEquals(TcpState.ESTABLISHED, c.state());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertTrue(out.get(0).pureAck());
        assertEquals(1, c.stats().challengeAcks());
    }

    @Test
    void synOutsideWindowDrawsPlainAck() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt - 100_000).noAck().syn());
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(1, h.poll().size());
        assertEquals(0, c.stats().challengeAcks());
    }

    @Test
    void ackBeyondSndNxtDrawsChallengeAckAndIsDropped() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        int una = c.sndUna();
        h.inject(h.peerData(100).ack(c.sndNxt() + 5000));
        assertEquals(una, c.sndUna());
        assertEquals(0, c.readableBytes()); // dropped, data and all
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(1, c.stats().challengeAcks());
    }

    @Test
    void ackTooFarBelowSndUnaDrawsChallengeAck() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        // MAX.SND.WND is 65535 (the SYN-ACK's window); an ACK 1 MiB behind is outside [SND.UNA − MAX.SND.WND, SND.NXT].
        h.inject(h.peerData(100).ack(c.sndUna() - (1 << 20)));
        assertEquals(0, c.readableBytes());
        assertEquals(1, c.stats().challengeAcks());
        // An old but acceptable ACK (within MAX.SND.WND) is processed: its data is accepted.
        h.peerNxt -= 100;
        h.inject(h.peerData(100).ack(c.sndUna() - 10));
        assertEquals(100, c.readableBytes());
    }

    @Test
    void challengeAcksAreRateLimited() {
        Harness h = new Harness(TcpConfig.builder().challengeAckLimit(3).build());
        TcpConnection c = h.connect();
        for (int i = 0; i < 10; i++) {
            h.inject(h.seg().seq(h.peerNxt + 100 + i).rst());
        }
        assertEquals(3, c.stats().challengeAcks());
        assertEquals(7, h.layer.stats().challengeAcksRateLimited());
        h.advance(1001 * MS);
        h.inject(h.seg().seq(h.peerNxt + 100).rst());
        assertEquals(4, c.stats().challengeAcks());
    }

    @Test
    void pawsDropsOldTimestampAndAcks() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.peerData(100));
        h.advance(300 * MS);
        h.poll();
        Seg old = h.seg().seq(h.peerNxt).ack(c.sndNxt()).payload(50).ts(h.peerTsVal - 1000, 0);
        h.inject(old);
        assertEquals(100, c.readableBytes());
        assertEquals(1, c.stats().pawsDropped());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt, out.get(0).ackNo());
    }

    @Test
    void pawsDoesNotApplyToRst() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.seg().seq(h.peerNxt).rst().ts(1, 0));
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    void timestampEchoReflectsTsRecent() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        h.inject(h.peerData(100));
        int sentTs = h.peerTsVal;
        h.advance(300 * MS);
        List<Sent> out = h.poll();
        assertEquals(sentTs, out.get(0).tsEcr());
    }

    @Test
    void segmentBeyondWindowIsUnacceptableAndAcked() {
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(4096).windowScaling(false).build());
        TcpConnection c = h.connect(true, true, -1, 1460);
        Seg far = h.seg().seq(h.peerNxt + 10_000).ack(c.sndNxt()).payload(100).ts(h.peerTsVal + 1, 0);
        h.inject(far);
        assertEquals(1, c.stats().outOfWindowDropped());
        List<Sent> out = h.poll();
        assertEquals(1, out.size());
        assertEquals(h.peerNxt, out.get(0).ackNo());
    }

    @Test
    void zeroWindowStillAcceptsAckOnDataSegment() {
        Harness h = new Harness(TcpConfig.builder().receiveBufferSize(2048).windowScaling(false).build());
        TcpConnection c = h.connect(true, true, -1, 1460);
        h.inject(h.peerData(1448));
        h.inject(h.peerData(600)); // fills the 2048-byte window
        assertEquals(2048, c.readableBytes());
        assertEquals(0, c.rcvWnd());
        c.send(new byte[10], 0, 10);
        h.poll();
        h.inject(h.peerData(10).ack(c.sndNxt()));
        h.peerNxt -= 10;
        assertEquals(c.sndNxt(), c.sndUna()); // the ACK was processed
        assertEquals(2048, c.readableBytes()); // the text was not
    }
}
