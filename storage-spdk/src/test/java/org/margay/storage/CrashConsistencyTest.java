package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.storage.device.MemoryBackend;
import org.margay.storage.device.MemoryBlockDevice;

/**
 * Crash consistency on the in-memory device, for many random schedules: pushes of random sizes, the duty cycle run
 * a random number of times between bursts (so batches are in flight), then a crash that leaves every write in flight
 * applied in part (blocks in random order, one perhaps torn inside). Reopening must give back every acknowledged
 * element intact, in order, possibly followed by elements written but never acknowledged (also intact), and never a
 * torn one — through several crash-and-recover sessions on one device. The child-JVM test does the same with a real
 * killed process on io_uring.
 */
class CrashConsistencyTest {

    static byte[] content(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 31 + index);
        byte[] b = new byte[1 + r.nextInt(index % 7 == 0 ? 60_000 : 3_000)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    /** One session: recover, check, push more, crash. Returns the pushes acknowledged in all sessions so far. */
    private static int session(String device, long seed, int acknowledgedBefore, SplittableRandom random, boolean create) {
        StorageLibOS los = StorageLibOS.open(Backends.MEMORY.config("storage.batches-in-flight", "4"));
        try {
            int qd = los.open(device, create ? OpenMode.CREATE : OpenMode.OPEN);
            int recovered = (int) los.elements(qd);
            assertTrue(recovered >= acknowledgedBefore, "every acknowledged element survived: " + recovered + " < " + acknowledgedBefore);
            QResult r = new QResult();
            for (int i = 0; i < recovered; i++) {
                assertEquals(Errno.OK, los.blockingPop(qd, r, 1_000_000_000L));
                assertEquals(Opcode.POP, r.opcode(), () -> "element read back: " + r);
                assertArrayEquals(content(seed, i), r.sga().toByteArray(), "element " + i + " intact");
                los.sgaFree(r.sga());
            }
            int next = recovered;
            int acknowledged = recovered;
            List<Long> pushes = new ArrayList<>();
            int bursts = 1 + random.nextInt(6);
            for (int b = 0; b < bursts; b++) {
                for (int k = random.nextInt(12); k >= 0; k--) {
                    byte[] data = content(seed, next++);
                    Sga sga = los.sgaAlloc(data.length).fill(data);
                    pushes.add(los.push(qd, sga));
                    los.sgaFree(sga);
                }
                for (int p = random.nextInt(4); p > 0; p--) {
                    los.poll();
                }
            }
            QResult done = new QResult();
            for (long qt : pushes) {
                if (los.isDone(qt)) {
                    assertEquals(Errno.OK, los.wait(qt, done, 0));
                    assertEquals(Opcode.PUSH, done.opcode(), () -> "push " + done);
                    acknowledged++;
                } else {
                    break;      // acknowledgements come in log order
                }
            }
            ((MemoryBackend) los.backend()).crash(random);
            return acknowledged;
        } finally {
            los.close();
        }
    }

    @Test
    void acknowledgedElementsSurviveAndTornOnesNeverComeBack() {
        qt().withExamples(60).forAll(longs().all()).checkAssert(seed -> {
            String device = "crash-" + seed + "-" + System.nanoTime();
            SplittableRandom random = new SplittableRandom(seed);
            try {
                int acknowledged = session(device, seed, 0, random, true);
                for (int s = 0; s < 4; s++) {
                    acknowledged = session(device, seed, acknowledged, random, false);
                }
            } finally {
                MemoryBlockDevice.destroy(device);
            }
        });
    }

    @Test
    void aCorruptRecordIsNeverReturnedAndEndsTheRecoveredLog() {
        String device = "corrupt-" + System.nanoTime();
        try {
            StorageLibOS los = StorageLibOS.open(Backends.MEMORY.config());
            int qd = los.open(device, OpenMode.CREATE);
            for (int i = 0; i < 10; i++) {
                Sga sga = los.sgaAlloc(100).fill(StorageContract.pattern(100, i));
                QResult r = new QResult();
                assertEquals(Errno.OK, los.wait(los.push(qd, sga), r, 1_000_000_000L));
                los.sgaFree(sga);
            }
            // Damage one payload byte of element 5 on the device.
            MemoryBlockDevice disk = MemoryBlockDevice.find(device);
            long at = recordOffset(disk, 5);
            byte old = disk.contents().get(ValueLayout.JAVA_BYTE, at + 40);
            disk.contents().set(ValueLayout.JAVA_BYTE, at + 40, (byte) ~old);
            QResult r = new QResult();
            los.blockingPop(qd, r, 1_000_000_000L);
            los.sgaFree(r.sga());
            assertEquals(Errno.OK, los.wait(los.popAt(qd, 5), r, 1_000_000_000L));
            assertEquals(Opcode.FAILED, r.opcode());
            assertEquals(Errno.EIO, r.ret(), "the damaged element fails its checksum: EIO, not its bytes");
            assertEquals(1, los.corruptRecords(qd));
            los.close();
            StorageLibOS again = StorageLibOS.open(Backends.MEMORY.config());
            int reopened = again.open(device, OpenMode.OPEN);
            assertEquals(5, again.elements(reopened), "recovery stops before the damaged record");
            again.close();
        } finally {
            MemoryBlockDevice.destroy(device);
        }
    }

    /** The device offset of record {@code index}: walks the headers from the first record. */
    private static long recordOffset(MemoryBlockDevice disk, int index) {
        int bs = disk.blockSize();
        long p = LogFormat.firstRecord(bs);
        for (int i = 0; i < index; i++) {
            int length = disk.contents().get(LogFormat.INT, p + 4);
            p += LogFormat.recordBytes(length);
            if (p % bs != 0 && disk.contents().get(LogFormat.INT, p) == 0) {
                p = LogFormat.alignUp(p, bs);
            }
        }
        return p;
    }
}
