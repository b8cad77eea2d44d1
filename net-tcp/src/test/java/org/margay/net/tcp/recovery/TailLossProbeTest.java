package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.recovery.Ledgers.MS;
import static org.margay.net.tcp.recovery.Ledgers.MSS;

import org.junit.jupiter.api.Test;

/** RFC 8985 §7: PTO, what to probe with, one probe per episode, and the §7.4 loss detection. */
class TailLossProbeTest {
    private static final int ISS = 9_000;
    private static final long SRTT = 10 * MS;

    private final TailLossProbe tlp = new TailLossProbe();

    @Test
    void probeTimeoutFollowsTheRfc() {
        long now = 100 * MS;
        assertEquals(now + 2 * SRTT, tlp.probeDeadline(now, true, SRTT, false, now + 1_000 * MS));
        assertEquals(now + 2 * SRTT + 200 * MS, tlp.probeDeadline(now, true, SRTT, true, now + 1_000 * MS),
                "one segment in flight: its ACK may be delayed by TLP.max_ack_delay");
        assertEquals(now + 200 * MS, tlp.probeDeadline(now, true, SRTT, true, now + 200 * MS), "never after the RTO");
        assertEquals(now + 1_000 * MS, tlp.probeDeadline(now, false, 0, false, now + 3_000 * MS), "no SRTT: 1 s");
    }

    @Test
    void armedOnlyOutsideRecoveryWithNothingSacked() {
        assertTrue(tlp.mayArm(true, false, 0, true));
        assertFalse(tlp.mayArm(false, false, 0, true), "RACK-TLP needs SACK");
        assertFalse(tlp.mayArm(true, true, 0, true));
        assertFalse(tlp.mayArm(true, false, 1, true));
        assertFalse(tlp.mayArm(true, false, 0, false));
    }

    @Test
    void singleSegmentTailLostAndRepairedByTheProbe() {
        TransmitLedger l = Ledgers.segments(ISS, 1);
        long pto = tlp.probeDeadline(MS, true, SRTT, l.size() == 1, 1_000 * MS);
        assertEquals(MS + 220 * MS, pto);
        assertTrue(tlp.maySendProbe());
        assertEquals(TailLossProbe.PROBE_RETRANSMIT_LAST, tlp.chooseProbe(false, true));
        l.markRetransmitted(l.size() - 1, pto);
        tlp.onProbeSent(l.nextSeq(), true);
        assertTrue(tlp.inEpisode());
        assertEquals(ISS + MSS, tlp.endSeq());
        assertFalse(tlp.maySendProbe(), "one probe per episode");
        // Only the probe arrived: the ACK reaches TLP.end_seq and no duplicate follows.
        AckResult r = l.acknowledge(ISS + MSS, pto + SRTT);
        assertTrue(r.anyRetransmitted, "Karn: no RTT sample from the probe's ACK");
        assertEquals(TailLossProbe.NO_EVENT, tlp.onAck(ISS + MSS, false, false));
        // The next ACK beyond TLP.end_seq settles it: the probe repaired a loss.
        l.add(ISS + MSS, MSS, 0, pto + 2 * SRTT);
        l.acknowledge(ISS + 2 * MSS, pto + 3 * SRTT);
        assertEquals(TailLossProbe.LOSS_REPAIRED, tlp.onAck(ISS + 2 * MSS, false, false));
        assertFalse(tlp.inEpisode());
        assertFalse(tlp.maySendProbe(), "needs an RTT sample since the last probe");
        tlp.onRttSample();
        assertTrue(tlp.maySendProbe());
    }

    @Test
    void bothOriginalAndProbeArrivedIsNoLoss() {
        tlp.onProbeSent(ISS + MSS, true);
        assertEquals(TailLossProbe.NO_EVENT, tlp.onAck(ISS + MSS, false, false), "the original's ACK");
        assertEquals(TailLossProbe.EPISODE_ENDED, tlp.onAck(ISS + MSS, false, true), "the probe's duplicate ACK");
        tlp.onProbeSent(ISS + 2 * MSS, true);
        assertEquals(TailLossProbe.EPISODE_ENDED, tlp.onAck(ISS + 3 * MSS, true, false), "a D-SACK for the probe");
    }

    @Test
    void probeOfNewDataEndsTheEpisodeWhenAcknowledged() {
        assertEquals(TailLossProbe.PROBE_NEW_DATA, tlp.chooseProbe(true, true));
        assertEquals(TailLossProbe.PROBE_RETRANSMIT_LAST, tlp.chooseProbe(true, false), "receive window closed");
        tlp.onProbeSent(ISS + 5 * MSS, false);
        assertEquals(TailLossProbe.NO_EVENT, tlp.onAck(ISS + 4 * MSS, false, false), "below TLP.end_seq");
        assertEquals(TailLossProbe.EPISODE_ENDED, tlp.onAck(ISS + 6 * MSS, false, false), "RACK finds losses itself");
    }

    @Test
    void resetEndsTheEpisodeWithoutAVerdict() {
        tlp.onProbeSent(ISS, true);
        tlp.reset();
        assertFalse(tlp.inEpisode());
        assertEquals(TailLossProbe.NO_EVENT, tlp.onAck(ISS + MSS, false, false));
    }
}
