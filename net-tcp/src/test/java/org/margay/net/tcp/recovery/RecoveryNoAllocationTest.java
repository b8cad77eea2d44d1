package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

/**
 * The package's contract that nothing is allocated after construction, measured with the per-thread allocation
 * counter (bytes, never time) over a long run of send / SACK / ACK / loss / recovery rounds.
 */
class RecoveryNoAllocationTest {
    private static final int ROUNDS = 50_000;
    private static final int MSS = 1000;
    private static final long MS = 1_000_000L;

    @Test
    void recoveryAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        Machinery m = new Machinery();
        long checksum = m.run(ROUNDS); // warm up
        long before = meter.allocatedBytes();
        checksum += m.run(ROUNDS);
        long allocated = meter.allocatedBytes() - before;
        assertTrue(checksum != 0);
        assertTrue(allocated < ROUNDS / 10, allocated + " bytes allocated in " + ROUNDS + " rounds");
    }

    /** One connection's recovery objects, driven through a loss every round. */
    private static final class Machinery {
        final TransmitLedger ledger = new TransmitLedger(16, 0);
        final Rack rack = new Rack();
        final SackRecovery sack = new SackRecovery();
        final NewRenoRecovery reno = new NewRenoRecovery(0);
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        final TailLossProbe tlp = new TailLossProbe();
        long now;

        Machinery() {
            ledger.setDeliveryListener(rack);
        }

        long run(int rounds) {
            long sum = 0;
            for (int r = 0; r < rounds; r++) {
                int base = ledger.nextSeq();
                for (int k = 0; k < 8; k++) {
                    now += MS;
                    ledger.add(ledger.nextSeq(), MSS, 0, now);
                }
                now += 40 * MS;
                rack.beginAck(now, 30 * MS);
                for (int k = 2; k <= 8; k++) {
                    ledger.applySack(base + (k - 1) * MSS, base + k * MSS);
                }
                rack.updateReorderingWindow(base, ledger.nextSeq(), false, false, false, ledger.sackedSegments(), 3,
                        40 * MS);
                sum += rack.detectLoss(ledger, now);
                sum += ledger.markLost(3, MSS);
                if (sack.shouldEnter(3, 3, ledger)) {
                    sack.enter(ledger.nextSeq());
                    reno.enter(ledger.nextSeq());
                    prr.enter(ledger.bytesInFlight(), 4 * MSS);
                }
                sum += prr.onAck(7 * MSS, ledger.pipe(), 4 * MSS, MSS);
                int i = ledger.nextSegment();
                if (i >= 0) {
                    ledger.markRetransmitted(i, now);
                    prr.onSent(ledger.length(i));
                }
                now += 40 * MS;
                rack.beginAck(now, 30 * MS);
                AckResult a = ledger.acknowledge(ledger.nextSeq(), now);
                sum += a.ackedBytes + a.rttSampleNanos;
                sum += sack.onCumulativeAck(ledger.firstSeq()) ? 1 : 0;
                sum += reno.onAck(ledger.firstSeq());
                sum += tlp.probeDeadline(now, true, 40 * MS, false, now + 200 * MS);
                sum += tlp.onAck(ledger.firstSeq(), false, false);
            }
            return sum;
        }
    }
}
