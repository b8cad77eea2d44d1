package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.pdpix.Domain;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** The library OS is chosen by configuration, and can share a pool the caller owns. */
class ProviderTest {

    @Test
    void configurationChoosesTheKernelLibraryOs() {
        assertTrue(LibOSes.names().contains("kernel"), LibOSes.names()::toString);
        try (LibOS os = LibOSes.open(LibOSConfig.of("kernel", KernelConfig.BUFFERS, "16"))) {
            assertInstanceOf(KernelLibOS.class, os);
            assertEquals("kernel", os.name());
            assertEquals(1 << 20, os.maxElement());
        }
    }

    @Test
    void aCallerOwnedPoolIsUsedAndNotClosed() {
        try (ArenaBufferPool pool = new ArenaBufferPool("shared", 32, 4096, 0, true)) {
            KernelLibOS os = KernelLibOS.open(LibOSConfig.of("kernel"), pool);
            assertEquals(16L * 4096, os.maxElement());
            int a = os.socket(Domain.INET, SocketType.DGRAM);
            os.bind(a, Kernel.LOOPBACK_ANY_PORT);
            Sga sga = os.sgaAlloc(3).fill(new byte[] {1, 2, 3});
            assertEquals(1, pool.outstanding());
            long push = os.pushTo(a, sga, os.getsockname(a));
            os.sgaFree(sga);
            QResult r = new QResult();
            assertEquals(0, os.wait(push, r, Kernel.PATIENCE));
            assertEquals(0, os.wait(os.pop(a), r, Kernel.PATIENCE));
            assertArrayEquals(new byte[] {1, 2, 3}, r.sga().toByteArray());
            os.sgaFree(r.sga());
            os.close();
            pool.assertNoLeaks();
            org.margay.fastpath.buffer.PacketBuffer b = pool.allocate();
            assertTrue(b != null, "the caller's pool is still open");
            b.release();
        }
    }
}
