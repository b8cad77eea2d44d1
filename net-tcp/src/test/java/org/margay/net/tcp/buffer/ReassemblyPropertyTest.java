package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The receive path end to end, as the engine will drive it: a byte stream cut into segments, with duplicates and
 * overlapping pieces added, delivered in any order, through {@link Assembler} and {@link ReceiveBuffer}, while the
 * application reads in a random pattern. Segments beyond the window or refused by a full range table are lost
 * and come again in the next round, as retransmissions would. The bytes read must be exactly the stream.
 */
class ReassemblyPropertyTest {
    private record Segment(int seq, int length) {
    }

    @Test
    void anyDeliveryOrderYieldsTheOriginalStream() {
        qt().withExamples(300)
                .forAll(integers().between(1, 3000), integers().between(1, 700), integers().between(1, 8), longs().all())
                .checkAssert(ReassemblyPropertyTest::deliver);
    }

    private static void deliver(int streamLength, int capacity, int maxRanges, long seed) {
        Random random = new Random(seed);
        byte[] stream = new byte[streamLength];
        random.nextBytes(stream);
        List<Segment> segments = segmentsFor(streamLength, random);

        try (Arena arena = Arena.ofConfined()) {
            ReceiveBuffer receive = random.nextBoolean()
                    ? new ReceiveBuffer(arena.allocate(capacity))
                    : ReceiveBuffer.ofCapacity(capacity);
            Assembler assembler = new Assembler(maxRanges);
            MemorySegment wire = MemorySegment.ofArray(stream);
            byte[] received = new byte[streamLength];
            MemorySegment app = arena.allocate(streamLength);
            int rcvNxt = 0;
            int readPosition = 0;
            int rounds = 0;
            while (readPosition < streamLength) {
                assertTrue(++rounds <= streamLength + 1, "no progress: rcvNxt " + rcvNxt + ", " + assembler);
                for (Segment segment : segments) {
                    int offset = segment.seq() - rcvNxt;
                    int length = segment.length();
                    int skip = Math.max(0, -offset); // the engine trims what is below RCV.NXT (RFC 9293 §3.10.7.4)
                    if (skip < length) {
                        int stored = receive.writeAt(offset + skip, wire, segment.seq() + skip, length - skip);
                        int inOrder = assembler.add(offset + skip, stored);
                        if (inOrder > 0) {
                            receive.commit(inOrder);
                            rcvNxt += inOrder;
                        }
                    }
                    assertTrue(assembler.rangeCount() <= maxRanges);
                    if (!assembler.isEmpty()) {
                        assertTrue(assembler.rangeEnd(assembler.rangeCount() - 1) <= receive.window(),
                                "held ranges stay inside the window");
                    }
                    assertEquals(rcvNxt - readPosition, receive.readable());
                    readPosition = applicationReads(receive, random, app, received, readPosition);
                }
                // Between rounds the application catches up, so every round starts with a full window.
                readPosition += receive.read(received, readPosition, receive.readable());
            }
            assertEquals(streamLength, rcvNxt);
            assertTrue(assembler.isEmpty());
            assertArrayEquals(stream, received);
            assertEquals(0, receive.readable());
            assertEquals(capacity, receive.window());
        }
    }

    /** A cut of the stream into segments, plus duplicates and overlapping pieces, shuffled. */
    private static List<Segment> segmentsFor(int streamLength, Random random) {
        List<Segment> segments = new ArrayList<>();
        int largest = 1 + random.nextInt(200);
        for (int seq = 0; seq < streamLength; ) {
            int length = Math.min(streamLength - seq, 1 + random.nextInt(largest));
            segments.add(new Segment(seq, length));
            seq += length;
        }
        int extras = random.nextInt(segments.size() + 1);
        for (int i = 0; i < extras; i++) {
            if (random.nextBoolean()) {
                segments.add(segments.get(random.nextInt(segments.size()))); // exact duplicate
            } else {
                int seq = random.nextInt(streamLength);
                segments.add(new Segment(seq, 1 + random.nextInt(Math.min(streamLength - seq, 2 * largest)))); // overlap
            }
        }
        Collections.shuffle(segments, random);
        return segments;
    }

    /** One random application action: nothing, a read, or a peek followed by a skip. */
    private static int applicationReads(ReceiveBuffer receive, Random random, MemorySegment app, byte[] received,
                                        int readPosition) {
        int want = random.nextInt(receive.readable() + 2);
        switch (random.nextInt(3)) {
            case 0 -> {
                return readPosition;
            }
            case 1 -> {
                int n = receive.read(app, readPosition, Math.min(want, received.length - readPosition));
                MemorySegment.copy(app, java.lang.foreign.ValueLayout.JAVA_BYTE, readPosition, received, readPosition, n);
                return readPosition + n;
            }
            default -> {
                byte[] peeked = new byte[want];
                int n = receive.peek(0, peeked, 0, want);
                byte[] again = new byte[n];
                receive.peek(0, again, 0, n);
                assertArrayEquals(Arrays.copyOf(peeked, n), again, "peek leaves the bytes in place");
                assertEquals(n, receive.skip(n));
                System.arraycopy(peeked, 0, received, readPosition, n);
                return readPosition + n;
            }
        }
    }
}
