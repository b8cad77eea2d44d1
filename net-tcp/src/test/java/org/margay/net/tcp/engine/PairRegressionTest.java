package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Cases the pair harness once failed, kept by name. Each records what went wrong and what fixed it.
 */
class PairRegressionTest {
    static final long HOUR = 3_600_000_000_000L;

    /**
     * 1,000 SYNs at once, seed 77, 1 % impairments: the accept queue (128) overflowed and the engine aborted the
     * established child with an RST, so 649 clients saw ECONNRESET. Fixed by dropping the handshake's ACK while the
     * queue is full (Linux without tcp_abort_on_overflow), then by not resetting unvalidatable ACKs while SYN
     * cookies are in use (a later data segment of a cookie handshake cannot be checked: the client ISN is
     * SEG.SEQ − 1 only for the first).
     */
    @Test
    void acceptQueueOverflowAndCookiesSeed77() {
        TcpConfig config = TcpConfig.builder().sendBufferSize(8 * 1024).receiveBufferSize(8 * 1024)
                .acceptBacklog(64).synBacklog(32).mslNanos(1_000_000_000L).build();
        WirePair p = new WirePair(config, 77, 0.01, 0.01, 0.01);
        for (int i = 0; i < 300; i++) {
            p.open(1000 + (i % 7) * 300, 500 + (i % 5) * 400);
        }
        assertTrue(p.run(HOUR), "did not finish");
        assertNull(p.verify());
        assertTrue(p.b.stats().synCookiesAccepted() > 0);
        assertTrue(p.b.stats().acceptQueueOverflows() > 0);
        assertEquals(0, p.b.stats().rstsSent());
    }

    /**
     * 35 % loss (beyond the property's 10 %), seed 369352779104964832: correct but slow, because timestamp echoes
     * of original transmissions inflate SRTT to seconds (RFC 7323 §4.3 allows that conservative estimate) and the
     * RTO backs off to 60 s. It finishes in about 80 virtual minutes; kept to guard termination at extreme loss.
     */
    @Test
    void extremeLossStillTerminatesSeed369352779104964832() {
        long seed = 369352779104964832L;
        WirePair p = new WirePair(PairPropertyTest.configFor(seed), seed, 0.35, 0.09, 0.15);
        p.open(186_743, 68_576);
        assertTrue(p.run(24 * HOUR), "did not finish");
        assertNull(p.verify());
    }

    /**
     * Seed 1, clean link: the advertised window wobbled by one segment because receiver SWS avoidance compared
     * against the MSS (1460) while segments carried 1448 bytes with timestamps, so header prediction missed on
     * most data segments (44 of 347). Fixed by using the effective MSS as the threshold.
     */
    @Test
    void steadyWindowKeepsTheFastPathSeed1() {
        WirePair p = new WirePair(TcpConfig.defaults(), 1, 0, 0, 0);
        p.closeAfterReceiving = true;
        p.open(300_000, 200_000);
        assertTrue(p.run(HOUR));
        assertNull(p.verify());
        long data = p.a.stats().dataSegmentsIn() + p.b.stats().dataSegmentsIn();
        long fast = p.a.stats().fastPathDataSegments() + p.b.stats().fastPathDataSegments();
        assertTrue(fast >= 0.99 * data, fast + "/" + data);
    }
}
