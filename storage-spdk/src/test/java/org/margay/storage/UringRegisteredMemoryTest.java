package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.storage.StorageContract.await;
import static org.margay.storage.StorageContract.pattern;
import static org.margay.storage.StorageContract.popBytes;
import static org.margay.storage.StorageContract.pushAndWait;
import static org.margay.storage.StorageContract.take;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Opcode;
import org.margay.storage.uring.UringBackend;

/**
 * The io_uring backend's buffers come from the library OS's own memory manager, registered once with the kernel
 * (HotOS '19 §3.1: the libOS registers, applications never do): every buffer of every pool of
 * {@link StorageLibOS#memoryManager()} lies inside the region registered as fixed buffer 0, and every read and write
 * of a push, pop, popAt, flush and recovery went out as {@code READ_FIXED}/{@code WRITE_FIXED}, none as a plain
 * read or write that would pin pages per I/O. Real kernel io_uring through liburing.
 */
class UringRegisteredMemoryTest {

    @Test
    void everyBufferIsRegisteredMemoryAndEveryIoUsesIt() {
        Backends.IO_URING.require();
        String target = Backends.IO_URING.freshTarget();
        StorageLibOS los = StorageLibOS.open(Backends.IO_URING.config());
        StorageLibOS reopened = null;
        try {
            UringBackend uring = (UringBackend) los.backend();
            assertTrue(uring.registration().startsWith("registered as fixed buffer 0"), uring.registration());
            int buffers = 0;
            for (BufferPool pool : los.memoryManager().pools()) {
                List<PacketBuffer> all = new ArrayList<>();
                for (PacketBuffer b = pool.allocate(); b != null; b = pool.allocate()) {
                    all.add(b);
                }
                assertEquals(pool.capacity(), all.size(), pool.name());
                for (PacketBuffer b : all) {
                    assertTrue(uring.isRegistered(b.segment().address(), b.capacity()), () -> pool.name() + " buffer outside the region");
                    b.release();
                }
                buffers += all.size();
            }
            assertTrue(buffers > 0);

            int qd = los.open(target, OpenMode.CREATE);
            int[] sizes = {1, 4096, 16_384, 100_000, (int) los.maxElement()};
            for (int i = 0; i < sizes.length; i++) {
                pushAndWait(los, qd, pattern(sizes[i], i));
            }
            assertEquals(Opcode.FLUSH, await(los, los.flush(qd)).opcode(), "flush");
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(pattern(sizes[i], i), popBytes(los, qd));
                assertArrayEquals(pattern(sizes[i], i), take(los, await(los, los.popAt(qd, i))));
            }
            los.close(qd);
            assertEquals(0, uring.plainIos(), "no read or write outside the registered memory");
            assertTrue(uring.fixedIos() >= 2L * sizes.length, "fixed I/Os: " + uring.fixedIos());

            reopened = StorageLibOS.open(Backends.IO_URING.config());
            UringBackend second = (UringBackend) reopened.backend();
            int again = reopened.open(target, OpenMode.OPEN);
            assertEquals(sizes.length, reopened.elements(again), "recovered");
            byte[] last = popBytesAt(reopened, again, sizes.length - 1);
            assertNotNull(last);
            assertArrayEquals(pattern(sizes[sizes.length - 1], sizes.length - 1), last);
            reopened.close(again);
            assertEquals(0, second.plainIos(), "recovery reads through the registered memory too");
            assertTrue(second.fixedIos() > 0);
        } finally {
            los.close();
            if (reopened != null) {
                reopened.close();
            }
            Backends.IO_URING.discard(target);
        }
    }

    private static byte[] popBytesAt(StorageLibOS s, int qd, long i) {
        return take(s, await(s, s.popAt(qd, i)));
    }
}
