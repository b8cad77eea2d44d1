package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9438 rules with hand-computed values; SMSS = 1000 bytes so that segments and kilobytes coincide. */
class CubicTest {
    private static final int MSS = 1000;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static Cubic started(boolean fastConvergence) {
        Cubic cubic = new Cubic(InitialWindow.DEFAULT, fastConvergence);
        cubic.init(MSS);
        return cubic;
    }

    /** A connection that lost at cwnd = {@code segments} and left recovery at time 0 with cwnd = 0.7·segments. */
    private static Cubic afterLossAt(long segments) {
        Cubic cubic = started(true);
        cubic.setCwnd(segments * MSS);
        cubic.onCongestionEvent(segments * MSS, 0);
        cubic.onRecoveryExit(0);
        return cubic;
    }

    @Test
    void constantsOfRfc9438() { // §4.1, §4.3
        assertEquals(0.4, Cubic.C);
        assertEquals(0.7, Cubic.BETA);
        assertEquals(0.9 / 1.7, Cubic.ALPHA, 1e-12);
        assertEquals("cubic", new Cubic().name());
    }

    @Test
    void slowStartIsRfc5681s() { // §4.10
        Cubic cubic = started(true);
        for (int i = 0; i < 5; i++) {
            cubic.onAck(2 * MSS, 100 * MS, 0, true);
        }
        assertEquals(20_000, cubic.cwnd());
    }

    @Test
    void lossReducesToSevenTenthsOfFlightSize() { // §4.6
        Cubic cubic = started(true);
        cubic.setCwnd(100_000);
        cubic.onCongestionEvent(100_000, 0);
        assertEquals(70_000, cubic.ssthresh());
        assertEquals(100_000, cubic.cwnd(), "cwnd is lowered by PRR, not here");
        cubic.onRecoveryExit(0);
        assertEquals(70_000, cubic.cwnd());
        cubic.onCongestionEvent(2_000, 0);
        assertEquals(2_000, cubic.ssthresh(), "never below 2·SMSS");
    }

    @Test
    void kForAKnownWmax() { // §4.2 eq. (2): K = cbrt((100 − 70) / 0.4) = cbrt(75) s
        Cubic cubic = afterLossAt(100);
        assertEquals(100_000, cubic.wMaxBytes(), 1e-9);
        assertEquals(70_000, cubic.cwndEpochBytes());
        assertEquals(4.217163326508746, cubic.kSeconds(), 1e-9);
        assertEquals(70_000, cubic.cubicWindowBytes(0), 1e-6); // W_cubic(0) = cwnd_epoch
        assertEquals(100_000, cubic.cubicWindowBytes(cubic.kSeconds()), 1e-6); // W_cubic(K) = W_max
        assertEquals(70_000, cubic.wEstBytes(), 1e-9); // §4.3: W_est starts at cwnd_epoch
    }

    @Test
    void fastConvergenceLowersWmax() { // §4.7
        Cubic cubic = afterLossAt(100);
        cubic.setCwnd(80_000);
        cubic.onCongestionEvent(80_000, 0); // 80 < W_max = 100: W_max = 80·(1 + 0.7)/2 = 68
        assertEquals(68_000, cubic.wMaxBytes(), 1e-6);
        assertEquals(56_000, cubic.ssthresh());

        Cubic plain = new Cubic(InitialWindow.DEFAULT, false);
        plain.init(MSS);
        plain.setCwnd(100_000);
        plain.onCongestionEvent(100_000, 0);
        plain.onRecoveryExit(0);
        plain.setCwnd(80_000);
        plain.onCongestionEvent(80_000, 0);
        assertEquals(80_000, plain.wMaxBytes(), 1e-6);
        assertFalse(plain.fastConvergence());
    }

    @Test
    void growthTracksTheCubicCurve() { // §4.2, §4.4, §4.5 on a simulated ACK clock
        // W_max = 1000 segments, RTT = 100 ms: K = cbrt(300 / 0.4) ≈ 9.086 s; W_est grows only ≈ 5.3 segments/s,
        // so the cubic region governs throughout.
        Cubic cubic = afterLossAt(1000);
        double k = Math.cbrt(750);
        assertEquals(k, cubic.kSeconds(), 1e-9);
        long rtt = 100 * MS;
        double[] checkpoints = {1, 2, 5, k, 11, 13, 14};
        int next = 0;
        long now = 0;
        while (next < checkpoints.length) {
            long segments = cubic.cwnd() / MSS;
            long spacing = rtt / segments;
            for (long i = 0; i < segments && next < checkpoints.length; i++) {
                now += spacing;
                cubic.onAck(MSS, rtt, now, true);
                double t = now / (double) S;
                if (t >= checkpoints[next]) {
                    double expected = 0.4 * Math.pow(t - k, 3) * MSS + 1_000_000; // W_cubic(t) in bytes
                    assertEquals(expected, cubic.cwnd(), 0.001 * 1_000_000,
                            "cwnd at t=" + t + " s should follow C(t-K)^3 + W_max within 0.1% of W_max");
                    assertTrue(cubic.cwnd() >= cubic.wEstBytes() - 1, "cubic region, not Reno-friendly");
                    next++;
                }
            }
        }
    }

    @Test
    void targetIsClampedToOneAndAHalfWindows() { // §4.2: target <= 1.5·cwnd
        Cubic cubic = afterLossAt(100);
        cubic.onAck(70_000, 100 * MS, 100 * S, true); // t = 100 s: W_cubic is enormous
        assertEquals(105_000, cubic.cwnd());
    }

    @Test
    void renoFriendlyRegionDominatesAtSmallRttTimesWindow() { // §4.3
        // W_max = 10 segments, RTT = 1 ms: K ≈ 1.96 s, so W_cubic barely moves in a few ms while W_est grows by
        // α_cubic ≈ 0.529 segments per RTT, then by 1 segment per RTT once W_est >= cwnd_prior = 10 segments.
        Cubic cubic = afterLossAt(10);
        assertEquals(7_000, cubic.cwnd());
        long rtt = MS;
        long now = 0;
        now = oneRound(cubic, now, rtt);
        // One round of 7 ACKs: W_est += 529.41·1000/cwnd per ACK with cwnd = floor(W_est) after each:
        // 7075.63, 7150.46, 7224.50, 7297.79, 7370.34, 7442.17, 7513.31.
        assertEquals(7_513, cubic.cwnd());
        assertEquals((long) cubic.wEstBytes(), cubic.cwnd(), "cwnd = W_est in the Reno-friendly region");
        assertTrue(cubic.cubicWindowBytes(now / (double) S) < cubic.wEstBytes());
        for (int round = 0; round < 10; round++) {
            now = oneRound(cubic, now, rtt);
        }
        assertTrue(cubic.wEstBytes() >= 10_000, "W_est passed cwnd_prior");
        long before = cubic.cwnd();
        now = oneRound(cubic, now, rtt);
        // alpha = 1: W_est += 1000·1000/cwnd per ACK, about one segment per window like Reno; the round ACKs
        // only its whole segments (14 of 14.4) while cwnd grows, so a little less: 14·1000/~14.8 ≈ 945 bytes.
        long growth = cubic.cwnd() - before;
        assertTrue(growth >= 900 && growth <= MSS, "growth per RTT " + growth);
        assertTrue(cubic.cubicWindowBytes(now / (double) S) < cubic.cwnd());
    }

    /** One RTT: one ACK per full segment of the window, spread evenly. Returns the new time. */
    private static long oneRound(Cubic cubic, long now, long rtt) {
        long segments = cubic.cwnd() / MSS;
        for (long i = 0; i < segments; i++) {
            now += rtt / segments;
            cubic.onAck(MSS, rtt, now, true);
        }
        return now;
    }

    @Test
    void timeoutUsesLossWindowAndAFlatEpoch() { // §4.8
        Cubic cubic = started(true);
        cubic.setCwnd(100_000);
        cubic.onRetransmissionTimeout(100_000, 0);
        assertEquals(1_000, cubic.cwnd());
        assertEquals(70_000, cubic.ssthresh());
        for (int i = 0; i < 69; i++) {
            cubic.onAck(MSS, 100 * MS, i * MS, true); // L = 1·SMSS after an RTO
        }
        assertEquals(70_000, cubic.cwnd());
        assertFalse(cubic.epochOpen());
        cubic.onAck(MSS, 100 * MS, S, true); // first congestion-avoidance ACK opens the epoch
        assertTrue(cubic.epochOpen());
        assertEquals(0, cubic.kSeconds());
        assertEquals(70_000, cubic.wMaxBytes(), 1e-9);
        assertEquals(70_000, cubic.cwndEpochBytes());
        assertEquals(S, cubic.epochStartNanos());
    }

    @Test
    void idleShiftsTheEpochAndRestartsTheWindow() { // RFC 5681 §4.1; the curve resumes where it stopped
        Cubic cubic = afterLossAt(100);
        cubic.onIdleRestart(500 * MS, S); // shorter than RTO: the window stays, the curve waits
        assertEquals(70_000, cubic.cwnd());
        assertEquals(500 * MS, cubic.epochStartNanos());
        cubic.onIdleRestart(5 * S, S);
        assertEquals(10_000, cubic.cwnd());
        assertEquals(5_500 * MS, cubic.epochStartNanos());
    }

    @Test
    void noGrowthWhenApplicationLimited() { // RFC 9438 §5.8
        Cubic cubic = afterLossAt(100);
        cubic.onAck(70_000, 100 * MS, 100 * S, false);
        assertEquals(70_000, cubic.cwnd());
    }
}
