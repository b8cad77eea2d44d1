package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The single-producer single-consumer ring on its own, with a producer view and a consumer view of one memory. */
class ShmRingTest {
    private static final long ENTRY = 8;

    @Test
    void entriesComeOutInOrderAcrossManyWrapArounds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ShmRing.bytes(4, ENTRY), 64);
            ShmRing producer = new ShmRing(memory, 0, 4, ENTRY);
            ShmRing consumer = new ShmRing(memory, 0, 4, ENTRY);
            long next = 0;
            long expected = 0;
            for (int round = 0; round < 1000; round++) {
                int batch = 1 + round % 4;
                for (int i = 0; i < batch; i++) {
                    long at = producer.nextWriteOffset();
                    assertTrue(at >= 0);
                    memory.set(JAVA_LONG, at, next++);
                    producer.commitWrite();
                }
                assertEquals(0, consumer.available(), "nothing is visible before publish");
                producer.publish();
                int n = consumer.available();
                assertEquals(batch, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(expected++, memory.get(JAVA_LONG, consumer.readOffset(i)));
                }
                consumer.release(n);
            }
        }
    }

    @Test
    void aFullRingRefusesUntilTheConsumerReleases() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ShmRing.bytes(4, ENTRY), 64);
            ShmRing producer = new ShmRing(memory, 0, 4, ENTRY);
            ShmRing consumer = new ShmRing(memory, 0, 4, ENTRY);
            for (int i = 0; i < 4; i++) {
                assertTrue(producer.nextWriteOffset() >= 0);
                producer.commitWrite();
            }
            producer.publish();
            assertEquals(-1, producer.nextWriteOffset());
            assertEquals(4, consumer.available());
            consumer.release(1);
            assertTrue(producer.nextWriteOffset() >= 0, "one entry freed");
        }
    }

    @Test
    void positionsThatMakeNoSenseAreReportedNotTrusted() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ShmRing.bytes(4, ENTRY), 64);
            ShmRing consumer = new ShmRing(memory, 0, 4, ENTRY);
            memory.set(JAVA_LONG, 0, 1_000_000); // producer position far beyond the capacity
            assertEquals(ShmRing.CORRUPT, consumer.available());
            memory.set(JAVA_LONG, 0, -5); // moved backwards
            assertEquals(ShmRing.CORRUPT, consumer.available());

            memory.set(JAVA_LONG, 0, 0);
            ShmRing producer = new ShmRing(memory, 0, 4, ENTRY);
            for (int i = 0; i < 4; i++) {
                producer.nextWriteOffset();
                producer.commitWrite();
            }
            memory.set(JAVA_LONG, 128, 99); // the consumer claims to have read entries never written
            assertEquals(-1, producer.nextWriteOffset());
        }
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ShmRing.bytes(8, ENTRY), 64);
            assertThrows(IllegalArgumentException.class, () -> new ShmRing(memory, 0, 6, ENTRY));
        }
    }

    /** Release/acquire between two threads: every value arrives, in order, written before it was published. */
    @Test
    void twoThreadsPassAMillionEntriesIntact() throws Exception {
        int total = 1_000_000;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(ShmRing.bytes(256, 16), 64);
            Thread producerThread = Thread.ofPlatform().start(() -> {
                ShmRing producer = new ShmRing(memory, 0, 256, 16);
                for (long value = 0; value < total; ) {
                    long at = producer.nextWriteOffset();
                    if (at < 0) {
                        producer.publish();
                        Thread.onSpinWait();
                        continue;
                    }
                    memory.set(JAVA_LONG, at, value);
                    memory.set(JAVA_LONG, at + 8, ~value);
                    producer.commitWrite();
                    if ((++value & 7) == 0) {
                        producer.publish();
                    }
                }
                producer.publish();
            });
            ShmRing consumer = new ShmRing(memory, 0, 256, 16);
            long expected = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (expected < total && System.nanoTime() < deadline) {
                int n = consumer.available();
                assertTrue(n >= 0, "corrupt position");
                for (int i = 0; i < n; i++) {
                    long at = consumer.readOffset(i);
                    long value = memory.get(JAVA_LONG, at);
                    assertEquals(expected, value);
                    assertEquals(~expected, memory.get(JAVA_LONG, at + 8), "entry read before it was complete");
                    expected++;
                }
                consumer.release(n);
            }
            producerThread.join();
            assertEquals(total, expected);
        }
    }
}
