package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 6582 §3.2: recover, partial and full ACKs. */
class NewRenoRecoveryTest {
    private static final int UNA = 100_000;

    @Test
    void partialAcksStayFullAckLeaves() {
        NewRenoRecovery r = new NewRenoRecovery(UNA);
        assertTrue(r.mayEnter(UNA));
        r.enter(UNA + 10_000);
        assertTrue(r.inRecovery());
        assertEquals(UNA + 10_000, r.recover());
        assertEquals(NewRenoRecovery.PARTIAL_ACK, r.onAck(UNA + 1_000));
        assertTrue(r.resetTimerOnPartialAck(), "the first partial ACK resets the timer");
        assertEquals(NewRenoRecovery.PARTIAL_ACK, r.onAck(UNA + 5_000));
        assertFalse(r.resetTimerOnPartialAck(), "later ones do not (Impatient variant)");
        assertEquals(NewRenoRecovery.FULL_ACK, r.onAck(UNA + 10_000));
        assertFalse(r.inRecovery());
        assertEquals(NewRenoRecovery.NOT_IN_RECOVERY, r.onAck(UNA + 11_000));
    }

    @Test
    void duplicateAcksBelowRecoverDoNotStartAnotherFastRetransmit() {
        NewRenoRecovery r = new NewRenoRecovery(UNA);
        r.enter(UNA + 10_000);
        r.onAck(UNA + 10_000);
        assertTrue(r.mayEnter(UNA + 10_000), "an ACK covering recover: new loss, new recovery");
        r.onRetransmissionTimeout(UNA + 20_000);
        assertFalse(r.inRecovery());
        assertFalse(r.mayEnter(UNA + 12_000), "dup ACKs from the go-back-N after a timeout");
        assertTrue(r.mayEnter(UNA + 20_000));
    }

    @Test
    void recoverWorksAcrossTheWrap() {
        NewRenoRecovery r = new NewRenoRecovery(-3_000);
        r.enter(5_000);
        assertEquals(NewRenoRecovery.PARTIAL_ACK, r.onAck(-1_000));
        assertEquals(NewRenoRecovery.PARTIAL_ACK, r.onAck(1_000));
        assertEquals(NewRenoRecovery.FULL_ACK, r.onAck(5_000));
    }
}
