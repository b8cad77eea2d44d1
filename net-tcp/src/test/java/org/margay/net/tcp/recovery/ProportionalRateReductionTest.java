package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 6937 §3.1 PRR-SSRB arithmetic. */
class ProportionalRateReductionTest {
    private static final int MSS = 1000;

    @Test
    void proportionalPartSendsSsthreshOverRecoverFsPerDeliveredByte() {
        // RFC 6937 §3.1 example shape: RecoverFS 20 segments, ssthresh 10: one segment out per two delivered.
        ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.enter(20 * MSS, 10 * MSS);
        long sent = 0;
        long pipe = 20 * MSS;
        StringBuilder pattern = new StringBuilder();
        for (int ack = 0; ack < 16; ack++) {
            pipe -= MSS; // each ACK reports one segment delivered
            int sndcnt = prr.onAck(MSS, pipe, 10 * MSS, MSS);
            // Send whole segments only, as a sender would.
            int segments = sndcnt / MSS;
            prr.onSent((long) segments * MSS);
            sent += (long) segments * MSS;
            pipe += (long) segments * MSS;
            pattern.append(segments);
        }
        assertEquals("0101010101010101", pattern.toString());
        assertEquals(8 * MSS, sent);
        assertEquals(12 * MSS, pipe, "halfway from RecoverFS down to ssthresh");
    }

    @Test
    void slowStartReductionBoundCatchesUpBelowSsthresh() {
        ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.enter(20 * MSS, 10 * MSS);
        // Heavy losses: pipe already far below ssthresh. limit = max(prr_delivered - prr_out, delivered) + MSS.
        assertEquals(2 * MSS, prr.onAck(MSS, 4 * MSS, 10 * MSS, MSS));
        prr.onSent(2 * MSS);
        assertEquals(2 * MSS, prr.onAck(MSS, 5 * MSS, 10 * MSS, MSS), "slow start: one more than delivered");
        prr.onSent(2 * MSS);
        assertEquals(MSS, prr.onAck(MSS, 9 * MSS, 10 * MSS, MSS), "never above ssthresh - pipe");
        assertEquals(3 * MSS, prr.prrDelivered());
        assertEquals(4 * MSS, prr.prrOut());
    }

    @Test
    void neverNegativeAndSafeForOddInputs() {
        ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.enter(0, 0);
        prr.onSent(1_000_000);
        assertEquals(0, prr.onAck(-5, 50_000, 10, MSS));
        assertTrue(prr.onAck(Long.MAX_VALUE / 2, Long.MAX_VALUE, Long.MAX_VALUE, MSS) >= 0);
    }
}
