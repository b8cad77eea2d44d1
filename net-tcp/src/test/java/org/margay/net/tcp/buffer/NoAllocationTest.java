package org.margay.net.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;

/**
 * The hot-path contract: after construction, moving bytes through the rings and ranges through the assembler
 * allocates nothing. Measured with the per-thread allocation counter (bytes, not time), over many operations so
 * that one-off costs of the measurement itself stay far below one byte per operation.
 */
class NoAllocationTest {
    private static final int OPERATIONS = 200_000;

    @Test
    void steadyStateAllocatesNothing() {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (Arena arena = Arena.ofConfined()) {
            SendBuffer send = new SendBuffer(arena.allocate(1000));
            ReceiveBuffer receive = new ReceiveBuffer(arena.allocate(1000));
            Assembler assembler = new Assembler(4);
            MemorySegment wire = arena.allocate(300);
            int[] left = new int[4];
            int[] right = new int[4];
            long checksum = exercise(send, receive, assembler, wire, left, right, OPERATIONS); // warm up
            long before = meter.allocatedBytes();
            checksum += exercise(send, receive, assembler, wire, left, right, OPERATIONS);
            long allocated = meter.allocatedBytes() - before;
            assertTrue(checksum != 0);
            assertTrue(allocated < OPERATIONS / 10, allocated + " bytes allocated in " + OPERATIONS + " rounds");
        }
    }

    @Test
    void grownRingsAllocateNothingMore() {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (Arena arena = Arena.ofConfined()) {
            // The warm-up grows the rings (4 KiB first) as far as the pattern needs (the send ring holds < 600 bytes,
            // the receive ring fills its 10,000-byte window), then nothing more.
            SendBuffer send = SendBuffer.growable(64 * 1024);
            ReceiveBuffer receive = ReceiveBuffer.growable(10_000);
            Assembler assembler = new Assembler(4);
            MemorySegment wire = arena.allocate(300);
            int[] left = new int[4];
            int[] right = new int[4];
            long checksum = exercise(send, receive, assembler, wire, left, right, OPERATIONS); // warm up, grow
            int sendStorage = send.storageBytes();
            int receiveStorage = receive.storageBytes();
            long before = meter.allocatedBytes();
            checksum += exercise(send, receive, assembler, wire, left, right, OPERATIONS);
            long allocated = meter.allocatedBytes() - before;
            assertTrue(checksum != 0);
            assertEquals(sendStorage, send.storageBytes());
            assertEquals(receiveStorage, receive.storageBytes());
            assertEquals(4096, sendStorage, "grew only as far as used");
            assertTrue(allocated < OPERATIONS / 10, allocated + " bytes allocated in " + OPERATIONS + " rounds");
        }
    }

    /** Sends 1-299 byte pieces around both rings, out of order every third round, and reads them back. */
    private static long exercise(SendBuffer send, ReceiveBuffer receive, Assembler assembler, MemorySegment wire,
                                 int[] left, int[] right, int rounds) {
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            int n = 1 + (i * 37) % 299;
            sum += send.append(wire, 0, n);
            send.copyOut(0, wire, 0, Math.min(n, send.length()));
            send.consume(send.length() / 2);
            int stored = receive.writeAt(n % 7, wire, 0, n);
            int inOrder = assembler.add(n % 7, stored);
            if (inOrder > 0) {
                receive.commit(inOrder);
            }
            sum += assembler.sackBlocks(left, right, 3);
            stored = receive.writeAt(0, wire, 0, n % 7);
            inOrder = assembler.add(0, stored);
            if (inOrder > 0) {
                receive.commit(inOrder);
            }
            sum += receive.read(wire, 0, (i % 3) * 150);
            assertTrue(receive.readable() <= receive.capacity());
        }
        return sum;
    }
}
