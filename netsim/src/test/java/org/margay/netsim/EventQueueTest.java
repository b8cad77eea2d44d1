package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    /** Property: deliveries come out ordered by time, ties in scheduling order, whatever the insertion order,
     * including across growth and interleaved dispatching. */
    @Test
    void dispatchesInTimeThenSequenceOrder() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 20)).ofSizeBetween(0, 200)).checkAssert(times -> {
            EventQueue queue = new EventQueue(2);
            List<long[]> delivered = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                long scheduledAs = i;
                queue.schedule(times.get(i), (frame, corruptBit, now) -> delivered.add(new long[] {now, scheduledAs}),
                        null, -1);
            }
            assertEquals(times.size(), queue.size());
            long previousTime = Long.MIN_VALUE;
            while (!queue.isEmpty()) {
                long time = queue.peekTime();
                assertTrue(time >= previousTime);
                previousTime = time;
                queue.dispatchFirst();
            }
            assertEquals(Long.MAX_VALUE, queue.peekTime());
            List<long[]> expected = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                expected.add(new long[] {times.get(i), i});
            }
            expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
            assertEquals(expected.size(), delivered.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i)[0], delivered.get(i)[0]);
                assertEquals(expected.get(i)[1], delivered.get(i)[1]);
            }
        });
    }
}
