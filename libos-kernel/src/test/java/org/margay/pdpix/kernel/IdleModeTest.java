package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;

/** Every idle mode exchanges data and times a wait out (results only: no timing is asserted). */
class IdleModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"block", "spin", "backoff"})
    void exchangeAndTimeout(String mode) {
        try (Kernel k = Kernel.open(KernelConfig.IDLE, mode, KernelConfig.MAX_BLOCK, "1ms")) {
            int[] p = k.pair(k.listener());
            long pending = k.os.pop(p[1]);
            QResult r = new QResult();
            assertEquals(Errno.ETIMEDOUT, k.os.wait(pending, r, 3_000_000L));
            assertEquals(Errno.ETIMEDOUT, k.os.wait(pending, r, 0), "the token stays valid after a timeout");
            k.push(p[0], new byte[] {42});
            assertEquals(Errno.OK, k.os.wait(pending, r, Kernel.PATIENCE));
            assertArrayEquals(new byte[] {42}, r.sga().toByteArray());
            k.os.sgaFree(r.sga());
            assertEquals(0, k.os.waitNext(new QResult[1], 0), "nothing outstanding");
        }
    }
}
