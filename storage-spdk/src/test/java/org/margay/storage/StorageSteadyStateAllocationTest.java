package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.testkit.AllocationMeter;

/**
 * The storage queue's data path allocates nothing per operation in steady state: append (copy into a batch,
 * checksum, aligned write, in-order acknowledgement), read (aligned read, verification, zero-copy pop) and the waits,
 * on the in-memory device and on io_uring. The log's index grows by doubling, which the meter's quietest window
 * leaves out. Measured in bytes, never in time.
 */
class StorageSteadyStateAllocationTest {

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static void measure(Backends backend, int warmUp, int rounds, String... settings) {
        backend.require();
        String target = backend.freshTarget();
        try (StorageLibOS los = StorageLibOS.open(backend.config(settings))) {
            int qd = los.open(target, OpenMode.CREATE);
            Sga sga = los.sgaAlloc(100).fill(StorageContract.pattern(100, 1));
            QResult pushed = new QResult();
            QResult popped = new QResult();
            double perRound = AllocationMeter.currentThread().bytesPerCall(() -> {
                check(los.wait(los.push(qd, sga), pushed, 10_000_000_000L) == Errno.OK && pushed.ok(), "push");
                check(los.wait(los.pop(qd), popped, 10_000_000_000L) == Errno.OK && popped.ok(), "pop");
                los.sgaFree(popped.sga());
            }, warmUp, rounds, 4);
            los.sgaFree(sga);
            assertTrue(perRound < 1.0, backend + " push+pop+wait: " + perRound + " bytes per round in the quietest window");
        } finally {
            backend.discard(target);
        }
    }

    @Test
    void pushPopWaitOnTheMemoryDevice() {
        // Each round is one batch of one block: 512-byte blocks keep the device small.
        measure(Backends.MEMORY, 20_000, 20_000, "storage.block-size", "512", "storage.capacity", "64m",
                "storage.element-size", "16384");
    }

    @Test
    void pushPopWaitOnIoUring() {
        // Each round waits for a real O_DIRECT write: fewer rounds (the index doubles at 4096 and 8192).
        measure(Backends.IO_URING, 3_000, 3_000, "storage.capacity", "128m");
    }
}
