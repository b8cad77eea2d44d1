package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.margay.net.tcp.engine.Harness.MS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keep-alive (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). */
class TimerTest {
    private static TcpConfig keepAlive() {
        return TcpConfig.builder().keepAlive(true).keepAliveIdleNanos(10_000 * MS).keepAliveIntervalNanos(1000 * MS)
                .keepAliveProbes(3).build();
    }

    @Test
    void keepAliveProbesAfterIdleThenGivesUp() {
        Harness h = new Harness(keepAlive());
        TcpConnection c = h.connect();
        long start = h.now;
        List<Sent> p = h.fire();
        assertEquals(1, p.size());
        assertEquals(10_000 * MS, h.now - start);
        assertEquals(c.sndNxt() - 1, p.get(0).seq()); // SEG.SEQ = SND.NXT − 1
        assertEquals(0, p.get(0).len());
        assertEquals(1, h.fire().size());
        assertEquals(1, h.fire().size());
        h.fire();
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpError.ETIMEDOUT, c.error());
        assertEquals(3, c.stats().keepAlivesSent());
    }

    @Test
    void answeredKeepAliveKeepsTheConnection() {
        Harness h = new Harness(keepAlive());
        TcpConnection c = h.connect();
        h.fire();
        h.inject(h.peerAck(c.sndNxt()));
        long answered = h.now;
        List<Sent> p = h.fire();
        assertEquals(1, p.size());
        assertEquals(10_000 * MS, h.now - answered);
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    void keepAliveIsOffByDefault() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        assertEquals(Long.MAX_VALUE, c.nextDeadline());
    }
}
