package org.margay.net.tcp.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * For any sequence of sends, ACKs (sane, duplicate, old, beyond SND.NXT), SACK blocks (valid, partial, bogus,
 * wrapped), loss marks, retransmissions, timeouts and RACK runs, from any initial sequence number: the ledger stays
 * sorted and contiguous, its counters equal their definitions, pipe stays within [0, 2 x in flight], and a
 * cumulative ACK never loses or alters an entry above it.
 */
class TransmitLedgerPropertyTest {
    private static final long MS = 1_000_000L;

    @Test
    void invariantsHoldForAnyEventSequence() {
        qt().withExamples(1500)
                .forAll(integers().all(), integers().between(1, 40), lists().of(longs().all()).ofSizeBetween(0, 200))
                .checkAssert(TransmitLedgerPropertyTest::run);
    }

    private static void run(int iss, int capacity, List<Long> events) {
        TransmitLedger l = new TransmitLedger(capacity, iss);
        Rack rack = new Rack();
        l.setDeliveryListener(rack);
        long now = 0;
        for (long e : events) {
            now += (e >>> 50) * 10_000L; // up to ~164 ms per step, never backwards
            int op = (int) Long.remainderUnsigned(e, 11);
            int a = (int) (e >>> 8);
            int b = (int) (e >>> 24);
            switch (op) {
                case 0, 1, 2 -> l.add(l.nextSeq(), 1 + Math.floorMod(a, 3000), a & (TransmitLedger.SYN
                        | TransmitLedger.FIN), now);
                case 3 -> acknowledge(l, l.firstSeq() + Math.floorMod(a, (int) l.bytesInFlight() + 200) - 100, now);
                case 4 -> acknowledge(l, a, now); // anywhere at all
                case 5, 6 -> {
                    int span = (int) l.bytesInFlight() + 400;
                    int left = l.firstSeq() + Math.floorMod(a, span) - 200;
                    l.applySack(left, left + Math.floorMod(b, 5000) - 100);
                }
                case 7 -> l.markLost(1 + Math.floorMod(a, 4), 1 + Math.floorMod(b, 3000));
                case 8 -> {
                    if (!l.isEmpty()) {
                        int i = Math.floorMod(a, l.size());
                        if ((b & 1) == 0) {
                            l.markRetransmitted(i, now);
                        } else {
                            l.markLost(i);
                        }
                    }
                }
                case 9 -> l.markAllLost((a & 1) == 0);
                default -> {
                    rack.beginAck(now, Math.floorMod(a, 50) * MS);
                    rack.updateReorderingWindow(l.firstSeq(), l.nextSeq(), (b & 1) == 0, (b & 2) == 0, (b & 4) == 0,
                            l.sackedSegments(), 3, Math.floorMod(b, 80) * MS);
                    long deadline = rack.detectLoss(l, now);
                    assertTrue(deadline == -1 || deadline > now, "reordering timer in the past: " + deadline);
                    int next = l.nextSegment();
                    if (next >= 0) {
                        l.markRetransmitted(next, now);
                    }
                }
            }
            checkInvariants(l);
        }
    }

    private static void acknowledge(TransmitLedger l, int ack, long now) {
        int una = l.firstSeq();
        int nxt = l.nextSeq();
        int n = l.size();
        int[] start = new int[n];
        int[] len = new int[n];
        int[] flags = new int[n];
        long[] sent = new long[n];
        for (int i = 0; i < n; i++) {
            start[i] = l.startSeq(i);
            len[i] = l.length(i);
            flags[i] = l.flags(i);
            sent[i] = l.lastSentNanos(i);
        }
        long inFlight = l.bytesInFlight();
        AckResult r = l.acknowledge(ack, now);
        boolean acceptable = n > 0 && ack - una > 0 && ack - nxt <= 0;
        if (!acceptable) {
            assertEquals(0, r.ackedBytes);
            assertEquals(n, l.size());
            return;
        }
        assertEquals(ack, l.firstSeq(), "SND.UNA moves to the ACK");
        assertEquals(nxt, l.nextSeq());
        assertEquals(ack - una, r.ackedBytes);
        assertEquals(inFlight - r.ackedBytes, l.bytesInFlight());
        assertTrue(r.previouslySackedBytes >= 0 && r.previouslySackedBytes <= r.ackedBytes);
        // Every entry wholly above the ACK is still there, untouched.
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (start[i] - ack >= 0) {
                while (l.startSeq(j) != start[i]) {
                    j++;
                }
                assertEquals(len[i], l.length(j));
                assertEquals(flags[i], l.flags(j));
                assertEquals(sent[i], l.lastSentNanos(j));
            }
        }
    }

    private static void checkInvariants(TransmitLedger l) {
        long total = 0;
        long sacked = 0;
        int sackedSegments = 0;
        long lost = 0;
        long pipe = 0;
        int expectedStart = l.firstSeq();
        for (int i = 0; i < l.size(); i++) {
            assertEquals(expectedStart, l.startSeq(i), () -> "not contiguous: " + l);
            int len = l.length(i);
            assertTrue(len >= 1);
            expectedStart += len;
            total += len;
            int f = l.flags(i);
            if ((f & TransmitLedger.SACKED) != 0) {
                sacked += len;
                sackedSegments++;
            } else {
                if ((f & TransmitLedger.LOST) != 0) {
                    lost += len;
                } else {
                    pipe += len; // RFC 6675 §4 SetPipe: not lost
                }
                if ((f & TransmitLedger.RETRANSMITTED) != 0) {
                    pipe += len; // and again if retransmitted
                }
            }
        }
        assertEquals(l.nextSeq(), expectedStart, () -> "last entry must end at SND.NXT: " + l);
        assertEquals(total, l.bytesInFlight());
        assertEquals(sacked, l.sackedBytes(), () -> "sackedBytes: " + l);
        assertEquals(sackedSegments, l.sackedSegments());
        assertEquals(lost, l.lostBytes());
        assertEquals(pipe, l.pipe(), () -> "pipe: " + l);
        assertTrue(l.pipe() >= 0 && l.pipe() <= 2 * l.bytesInFlight());
        assertTrue(l.size() <= l.capacity());
        if (sackedSegments > 0) {
            int highest = 0;
            for (int i = 0; i < l.size(); i++) {
                if (l.isSacked(i)) {
                    highest = l.endSeq(i);
                }
            }
            assertEquals(highest, l.highestSackedEnd(), () -> "highestSackedEnd: " + l);
        } else {
            assertEquals(l.firstSeq(), l.highestSackedEnd());
        }
    }
}
