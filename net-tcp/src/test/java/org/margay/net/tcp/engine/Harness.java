package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.margay.net.tcp.TcpSegment;

/**
 * Drives one {@link TcpLayer} (the connection under test) against a hand-played peer: segments are built with
 * {@link Seg} and injected, output is collected by a {@link RecordingSink}, time is a fake clock in nanoseconds.
 */
final class Harness {
    static final int LOCAL_IP = 0x0A000001;
    static final int REMOTE_IP = 0x0A000002;
    static final int LOCAL_PORT = 80;
    static final int REMOTE_PORT = 40000;
    static final long MS = 1_000_000L;
    /** The round trip the hand-played peer takes to answer a SYN. */
    static final long HANDSHAKE_RTT = 40 * MS;

    final TcpLayer layer;
    final RecordingSink sink = new RecordingSink();
    long now = 1_000 * MS;
    TcpConnection conn;
    int peerIss = 0x10000000;
    /** The peer's next sequence number (its SND.NXT). */
    int peerNxt;
    int peerTsVal = 5000;
    /** Settings for the next connect/accept (null: the layer's). */
    TcpConfig perConnection;

    Harness(TcpConfig config) {
        layer = new TcpLayer(config, 42);
    }

    Harness() {
        this(TcpConfig.builder().build());
    }

    Seg seg() {
        return new Seg(REMOTE_PORT, conn != null ? conn.localPort() : LOCAL_PORT);
    }

    void inject(Seg s) {
        layer.onSegment(now, REMOTE_IP, LOCAL_IP, s.view());
    }

    void inject(TcpSegment s) {
        layer.onSegment(now, REMOTE_IP, LOCAL_IP, s);
    }

    List<Sent> poll() {
        layer.poll(now, sink);
        return sink.take();
    }

    void advance(long nanos) {
        now += nanos;
    }

    /** Moves the clock to the layer's next deadline (if any) and polls. */
    List<Sent> fire() {
        List<Sent> out = new java.util.ArrayList<>(poll()); // pending output first
        long d = layer.nextDeadline();
        if (d != Long.MAX_VALUE && d > now) {
            now = d;
        }
        out.addAll(poll());
        return out;
    }

    /** Active open with the options given to the peer's SYN-ACK; returns the connection, ESTABLISHED. */
    TcpConnection connect(boolean ts, boolean sack, int ws, int mss) {
        conn = layer.connect(now, LOCAL_IP, 0, REMOTE_IP, REMOTE_PORT, perConnection);
        List<Sent> out = poll();
        assertEquals(1, out.size());
        Sent syn = out.get(0);
        assertTrue(syn.syn() && !syn.ack());
        advance(HANDSHAKE_RTT);
        Seg synAck = seg().seq(peerIss).ack(syn.seq() + 1).syn().window(65535).mss(mss);
        if (ws >= 0) synAck.ws(ws);
        if (sack) synAck.sackOk();
        if (ts) synAck.ts(peerTsVal, syn.tsVal());
        inject(synAck);
        peerNxt = peerIss + 1;
        List<Sent> acks = poll();
        assertEquals(TcpState.ESTABLISHED, conn.state());
        assertEquals(1, acks.size());
        return conn;
    }

    /** The default: timestamps, SACK, window scale 7, MSS 1460. */
    TcpConnection connect() {
        return connect(true, true, 7, 1460);
    }

    /** Passive open: a listener on LOCAL_PORT, a SYN from the peer, the ACK of our SYN-ACK. */
    TcpConnection accept(boolean ts, boolean sack, int ws, int mss) {
        TcpListener l = layer.listen(LOCAL_IP, LOCAL_PORT, 16, perConnection);
        Seg syn = new Seg(REMOTE_PORT, LOCAL_PORT).seq(peerIss).syn().window(65535).mss(mss);
        if (ws >= 0) syn.ws(ws);
        if (sack) syn.sackOk();
        if (ts) syn.ts(peerTsVal, 0);
        inject(syn);
        List<Sent> out = poll();
        assertEquals(1, out.size());
        Sent synAck = out.get(0);
        assertTrue(synAck.syn() && synAck.ack());
        peerNxt = peerIss + 1;
        advance(HANDSHAKE_RTT);
        Seg ack = new Seg(REMOTE_PORT, LOCAL_PORT).seq(peerNxt).ack(synAck.seq() + 1).window(65535 >> Math.max(ws, 0));
        if (ts) ack.ts(peerTsVal, synAck.tsVal());
        inject(ack);
        conn = l.accept();
        return conn;
    }

    /** An ACK from the peer for {@code ack}, with timestamps if negotiated. */
    Seg peerAck(int ack) {
        Seg s = seg().seq(peerNxt).ack(ack).window(65535);
        if (conn.timestampsEnabled()) {
            s.ts(++peerTsVal, 0);
        }
        return s;
    }

    /** Data from the peer at peerNxt (advancing it). */
    Seg peerData(int n) {
        Seg s = seg().seq(peerNxt).ack(conn.sndNxt()).window(65535).payload(n).psh();
        if (conn.timestampsEnabled()) {
            s.ts(++peerTsVal, 0);
        }
        peerNxt += n;
        return s;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
