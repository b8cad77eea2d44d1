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
 * A {@linkplain TransmitLedger#growable growable} ledger behaves exactly as one allocated whole (the reference
 * model): the same random sends, ACKs, SACK blocks, loss marks, retransmissions, timeouts and releases applied to
 * both leave every observable the same (entries, flags, send times, counters, pipe, what each call returns). The
 * capacities (up to 300 entries) and runs (up to 400 events, mostly sends) make the growable one grow several
 * times with its ring wrapped; its storage never exceeds the capacity, grows at most once per doubling from 4
 * entries, and is released only when nothing is in flight.
 */
class GrowableLedgerPropertyTest {

    @Test
    void growableLedgerMatchesAFullyAllocatedOne() {
        qt().withExamples(600)
                .forAll(integers().all(), integers().between(1, 300), lists().of(longs().all()).ofSizeBetween(0, 400))
                .checkAssert(GrowableLedgerPropertyTest::run);
    }

    private static void run(int iss, int capacity, List<Long> events) {
        TransmitLedger model = new TransmitLedger(capacity, iss);
        TransmitLedger grown = TransmitLedger.growable(capacity, iss);
        assertEquals(0, grown.storageBytes(), "no storage before the first add");
        int maxGrowths = 1;
        for (long s = 4; s < capacity; s *= 2) {
            maxGrowths++;
        }
        int growths = 0;
        long storage = 0;
        long now = 0;
        for (long e : events) {
            now += (e >>> 54) * 10_000L;
            int op = (int) Long.remainderUnsigned(e, 12);
            int a = (int) (e >>> 8);
            int b = (int) (e >>> 24);
            switch (op) {
                case 0, 1, 2, 3 -> {
                    int len = 1 + Math.floorMod(a, 3000);
                    int flags = a & (TransmitLedger.SYN | TransmitLedger.FIN | TransmitLedger.PSH);
                    assertEquals(model.add(model.nextSeq(), len, flags, now),
                            grown.add(grown.nextSeq(), len, flags, now));
                }
                case 4 -> {
                    int ack = model.firstSeq() + Math.floorMod(a, (int) model.bytesInFlight() + 200) - 100;
                    AckResult m = model.acknowledge(ack, now);
                    long mAcked = m.ackedBytes;
                    long mSacked = m.previouslySackedBytes;
                    long mRtt = m.rttSampleNanos;
                    AckResult g = grown.acknowledge(ack, now);
                    assertEquals(mAcked, g.ackedBytes);
                    assertEquals(mSacked, g.previouslySackedBytes);
                    assertEquals(mRtt, g.rttSampleNanos);
                }
                case 5, 6 -> {
                    int span = (int) model.bytesInFlight() + 400;
                    int left = model.firstSeq() + Math.floorMod(a, span) - 200;
                    int right = left + Math.floorMod(b, 5000) - 100;
                    assertEquals(model.applySack(left, right), grown.applySack(left, right));
                }
                case 7 -> assertEquals(model.markLost(1 + Math.floorMod(a, 4), 1 + Math.floorMod(b, 3000)),
                        grown.markLost(1 + Math.floorMod(a, 4), 1 + Math.floorMod(b, 3000)));
                case 8 -> {
                    if (!model.isEmpty()) {
                        int i = Math.floorMod(a, model.size());
                        if ((b & 1) == 0) {
                            model.markRetransmitted(i, now);
                            grown.markRetransmitted(i, now);
                        } else {
                            assertEquals(model.markLost(i), grown.markLost(i));
                        }
                    }
                }
                case 9 -> {
                    model.markAllLost((a & 1) == 0);
                    grown.markAllLost((a & 1) == 0);
                }
                case 10 -> {
                    assertEquals(model.nextSegment(), grown.nextSegment());
                    assertEquals(model.nextUnsackedSegment(), grown.nextUnsackedSegment());
                }
                default -> {
                    boolean held = grown.storageBytes() > 0;
                    assertEquals(grown.isEmpty() && held, grown.release());
                    if (grown.storageBytes() == 0) {
                        growths = 0;
                        storage = 0;
                    }
                }
            }
            if (grown.storageBytes() != storage) {
                assertTrue(grown.storageBytes() > storage, "storage shrank outside release");
                storage = grown.storageBytes();
                growths++;
            }
            assertTrue(grown.storageBytes() <= (long) capacity * TransmitLedger.BYTES_PER_ENTRY);
            assertTrue(grown.storageBytes() >= (long) grown.size() * TransmitLedger.BYTES_PER_ENTRY);
            assertTrue(growths <= maxGrowths, "grew " + growths + " times");
            assertSame(model, grown);
        }
    }

    private static void assertSame(TransmitLedger model, TransmitLedger grown) {
        assertEquals(model.toString(), grown.toString());
        assertEquals(model.size(), grown.size());
        assertEquals(model.capacity(), grown.capacity());
        assertEquals(model.isFull(), grown.isFull());
        assertEquals(model.firstSeq(), grown.firstSeq());
        assertEquals(model.nextSeq(), grown.nextSeq());
        assertEquals(model.pipe(), grown.pipe());
        assertEquals(model.sackedBytes(), grown.sackedBytes());
        assertEquals(model.sackedSegments(), grown.sackedSegments());
        assertEquals(model.lostBytes(), grown.lostBytes());
        assertEquals(model.highestSackedEnd(), grown.highestSackedEnd());
        assertEquals(model.ignoredSackBlocks(), grown.ignoredSackBlocks());
        for (int i = 0; i < model.size(); i++) {
            assertEquals(model.startSeq(i), grown.startSeq(i));
            assertEquals(model.length(i), grown.length(i));
            assertEquals(model.flags(i), grown.flags(i));
            assertEquals(model.lastSentNanos(i), grown.lastSentNanos(i));
            assertEquals(model.firstSentNanos(i), grown.firstSentNanos(i));
            assertEquals(model.retransmissions(i), grown.retransmissions(i));
        }
    }
}
