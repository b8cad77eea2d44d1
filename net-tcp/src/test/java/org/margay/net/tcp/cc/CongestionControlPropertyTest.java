package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Properties that must hold for any sequence of events, however odd: cwnd in [SMSS, MAX_CWND_BYTES], ssthresh at
 * least 2·SMSS after any loss, no exception or overflow for huge or negative inputs, and RTO in [min, max].
 */
class CongestionControlPropertyTest {

    /** Mostly realistic magnitudes, sometimes raw 64-bit values (negative, huge). */
    private static long value(long x) {
        return switch ((int) ((x >>> 4) & 3)) {
            case 0 -> x;
            case 1 -> (x >>> 8) % 100_000;
            case 2 -> (x >>> 8) % 100_000_000;
            default -> (x & 1) == 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        };
    }

    private static void exercise(CongestionControl cc, List<Long> events) {
        boolean lossSeen = false;
        long now = 0;
        for (long event : events) {
            long v = value(event);
            now += Math.floorMod(v, 50_000_000L);
            switch ((int) Long.remainderUnsigned(event, 10)) {
                case 0, 1, 2 -> cc.onAck(v, value(event * 31), now, (event & 0x100) == 0);
                case 3 -> {
                    cc.onCongestionEvent(v, now);
                    lossSeen = true;
                }
                case 4 -> cc.setCwnd(v);
                case 5 -> cc.onRecoveryExit(now);
                case 6 -> {
                    cc.onRetransmissionTimeout(v, now);
                    lossSeen = true;
                }
                case 7 -> cc.onIdleRestart(v, value(event * 17));
                case 8 -> cc.setMss((int) v);
                default -> {
                    if ((event & 0x200) == 0) {
                        cc.init((int) (Math.floorMod(v, 9000) + 1));
                        lossSeen = false;
                    } else {
                        cc.onAck(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true);
                    }
                }
            }
            long mss = cc.mss();
            assertTrue(mss >= 1 && mss <= 65_535, "mss " + mss);
            assertTrue(cc.cwnd() >= mss, () -> "cwnd below SMSS: " + cc);
            assertTrue(cc.cwnd() <= CongestionControl.MAX_CWND_BYTES, () -> "cwnd above the cap: " + cc);
            assertTrue(cc.ssthresh() > 0, () -> "ssthresh not positive: " + cc);
            if (lossSeen) {
                assertTrue(cc.ssthresh() >= 2 * mss, () -> "ssthresh below 2·SMSS after a loss: " + cc);
            }
        }
    }

    @Test
    void newRenoInvariantsHoldForAnyEvents() {
        qt().withExamples(2000).forAll(lists().of(longs().all()).ofSizeBetween(0, 150))
                .checkAssert(events -> {
                    NewReno reno = new NewReno();
                    reno.init(1460);
                    exercise(reno, events);
                });
    }

    @Test
    void cubicInvariantsHoldForAnyEvents() {
        qt().withExamples(2000).forAll(lists().of(longs().all()).ofSizeBetween(0, 150), booleans().all())
                .checkAssert((events, fastConvergence) -> {
                    Cubic cubic = new Cubic(InitialWindow.DEFAULT, fastConvergence);
                    cubic.init(1460);
                    exercise(cubic, events);
                    assertTrue(!Double.isNaN(cubic.wEstBytes()) && !Double.isNaN(cubic.wMaxBytes()));
                });
    }

    @Test
    void hugeAcksNeverOverflow() {
        qt().forAll(longs().between(Long.MAX_VALUE / 2, Long.MAX_VALUE), longs().all(), booleans().all())
                .checkAssert((acked, now, cubicNotReno) -> {
                    CongestionControl cc = cubicNotReno ? new Cubic() : new NewReno();
                    cc.init(1460);
                    cc.onCongestionEvent(acked, now); // loss with an absurd flight size
                    cc.onRecoveryExit(now);
                    for (int i = 0; i < 200; i++) {
                        cc.onAck(acked, acked, now + i, true);
                        assertTrue(cc.cwnd() >= 1460 && cc.cwnd() <= CongestionControl.MAX_CWND_BYTES, cc::toString);
                    }
                });
    }

    @Test
    void rtoStaysWithinBoundsForAnySamplesAndBackoffs() {
        qt().withExamples(2000)
                .forAll(lists().of(longs().all()).ofSizeBetween(0, 120), longs().between(1, 2_000_000_000L),
                        longs().between(0, 100_000_000_000L), longs().between(0, 10_000_000L))
                .checkAssert((events, min, extra, granularity) -> {
                    long max = min + extra;
                    long initial = min + extra / 3;
                    RttEstimator rtt = new RttEstimator(initial, min, max, granularity, 1 + extra);
                    long now = 0;
                    for (long event : events) {
                        long v = value(event);
                        switch ((int) Long.remainderUnsigned(event, 6)) {
                            case 0, 1 -> rtt.sample(v);
                            case 2 -> {
                                now += Math.floorMod(v, 1_000_000_000L);
                                rtt.sample(v, now);
                            }
                            case 3 -> rtt.backoff();
                            case 4 -> rtt.resetBackoff();
                            default -> rtt.onSynRetransmittedBeforeData();
                        }
                        assertTrue(rtt.rtoNanos() >= min && rtt.rtoNanos() <= max, rtt::toString);
                        assertTrue(rtt.srttNanos() >= 0 && rtt.rttvarNanos() >= 0, rtt::toString);
                        // the latest sample is inside the window, so the windowed minimum cannot exceed it
                        assertTrue(rtt.minRttNanos() >= 0 && rtt.minRttNanos() <= rtt.latestRttNanos(), rtt::toString);
                        assertTrue(rtt.backoffCount() >= 0);
                    }
                });
    }
}
