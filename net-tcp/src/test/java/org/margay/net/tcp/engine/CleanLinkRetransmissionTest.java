package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a loss-free link nothing is retransmitted. Regression for two spurious retransmissions of a transfer's
 * short tail segment: (1) the receiver held the ACK of a full segment followed by a short one for the whole
 * delayed-ACK period (it waited for two full segments' worth), while the sender, with two segments in flight,
 * probed after 2·SRTT (RFC 8985 §7.2); (2) with one segment in flight the peer's delayed ACK (200 ms, the default
 * then) and the RTO (floor 200 ms, capping the PTO) expired together. Fixed by acknowledging once more than one full segment
 * is pending (RFC 5681 §4.2, Linux's rule) and by keeping the RTO at least a PTO away with one segment in flight.
 *
 * <p>Note: {@link WirePair} delivers a flight's segments at the same instant (no serialisation delay) and
 * delivers before it polls, so these cases already passed before the fix; they guard the clean-link invariant.
 * The original failures reproduce in {@code sim} (TransferScenarioTest#cleanRunsOfSeveralSizesRetransmitNothing),
 * whose links serialise frames at 1 Gbit/s.
 */
class CleanLinkRetransmissionTest {
    static final long HOUR = 3_600_000_000_000L;

    @ParameterizedTest(name = "up={0} down={1}")
    @CsvSource({
        "4096, 0", "65536, 0", "1048576, 0",
        "4096, 4096", "65536, 65536", "1048576, 1048576",
        "8192, 0", "8192, 8192", "1000, 0", "300000, 200000"
    })
    void cleanLinkTransfersRetransmitNothing(int up, int down) {
        WirePair p = new WirePair(TcpConfig.defaults(), 1, 0, 0, 0);
        p.closeAfterReceiving = true;
        p.open(up, down);
        assertTrue(p.run(HOUR));
        assertNull(p.verify());
        long retransmits = 0;
        StringBuilder detail = new StringBuilder();
        for (WirePair.Endpoint e : p.endpoints()) {
            retransmits += e.connection.stats().retransmits();
            detail.append(e.connection.stats()).append('\n');
        }
        assertEquals(0, retransmits, detail.toString());
    }
}
