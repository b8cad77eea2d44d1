package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression for the tail-loss-probe timeout with an RTT near zero (RFC 8985 §7.2: PTO = 2·SRTT, no floor): the PTO
 * expired as soon as it was armed, a probe followed every flight, and the ACK after each retransmitted probe counted
 * as a repaired loss (§7.4.2), so cwnd collapsed to two segments on a clean link. With the floor
 * ({@link TcpConfig#minProbeTimeoutNanos()}, 10 ms by default) a clean bulk transfer sends no probe, makes no
 * congestion response and keeps growing cwnd.
 */
class TinyRttProbeTest {
    static final long HOUR = 3_600_000_000_000L;

    @ParameterizedTest(name = "one-way delay {0} ns, quick ACKs {1}")
    @CsvSource({"0, 16", "0, 0", "1000, 16", "1000, 0", "15000, 16", "15000, 0"})
    void cleanBulkTransferWithATinyRttSendsNoProbes(long delayNanos, int quickAcks) {
        TcpConfig config = TcpConfig.builder().noDelay(true).quickAckSegments(quickAcks).build();
        WirePair p = new WirePair(config, 11, 0, 0, 0);
        p.delayNanos = delayNanos;
        p.closeAfterReceiving = true;
        WirePair.Endpoint client = p.open(4 << 20, 0);
        long initialWindow = 10L * (TcpConfig.DEFAULT_MSS - 12);
        long[] largestCwnd = {0};
        // Watch cwnd while the transfer runs (the connection is gone once closed).
        TcpConnection c = client.connection;
        boolean done = p.run(HOUR, () -> largestCwnd[0] = Math.max(largestCwnd[0], c.stats().cwnd()));
        assertTrue(done, "did not finish");
        assertNull(p.verify());
        TcpStats s = c.stats();
        assertEquals(0, s.retransmitsTlp(), s.toString());
        assertEquals(0, s.retransmits(), s.toString());
        assertEquals(0, s.recoveryEpisodes(), s.toString());
        assertEquals(Long.MAX_VALUE, s.ssthresh(), "no congestion response on a clean link: " + s);
        assertTrue(largestCwnd[0] >= 4 * initialWindow, "cwnd grew to only " + largestCwnd[0] + ": " + s);
    }

    @Test
    void withoutTheFloorTheRfcFormulaProbesOnAZeroRttWire() {
        // The behaviour the floor exists for, kept visible: RFC 8985's bare 2·SRTT on a zero-delay wire, with the
        // receiver delaying its ACKs (no quick-ACK mode), as when the bug was found.
        TcpConfig config = TcpConfig.builder().noDelay(true).quickAckSegments(0).minProbeTimeoutNanos(0).build();
        WirePair p = new WirePair(config, 11, 0, 0, 0);
        p.delayNanos = 0;
        p.closeAfterReceiving = true;
        WirePair.Endpoint client = p.open(1 << 20, 0);
        assertTrue(p.run(HOUR, () -> { }));
        assertNull(p.verify(), "the data still arrives");
        assertTrue(client.connection.stats().retransmitsTlp() > 0, client.connection.stats().toString());
    }
}
