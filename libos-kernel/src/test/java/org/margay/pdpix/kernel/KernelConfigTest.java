package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/** The kernel.* keys: defaults, parsing, the pdpix.idle fallback, and clear errors for bad values. */
class KernelConfigTest {

    private static KernelConfig of(String... kv) {
        return KernelConfig.from(LibOSConfig.of(KernelLibOS.NAME, kv));
    }

    @Test
    void defaults() {
        KernelConfig c = KernelConfig.defaults();
        assertEquals(65536, c.bufferSize());
        assertEquals(512, c.buffers());
        assertEquals(0, c.headroom());
        assertEquals(1 << 20, c.maxElement(), "16 segments of 64 KiB");
        assertEquals(16384, c.streamStage());
        assertEquals(0, c.connectTimeoutNanos());
        assertEquals(IdleMode.BLOCK, c.idle());
        assertEquals(10_000_000L, c.maxBlockNanos());
        assertTrue(c.datagramsFitOneBuffer());
    }

    @Test
    void keysAreRead() {
        KernelConfig c = of(KernelConfig.BUFFER_SIZE, "2048", KernelConfig.BUFFERS, "64", KernelConfig.HEADROOM, "128",
                KernelConfig.STREAM_STAGE, "4096", KernelConfig.CONNECT_TIMEOUT, "3s", KernelConfig.IDLE, "spin",
                KernelConfig.MAX_BLOCK, "2ms", KernelConfig.TRACK_LEAKS, "true");
        assertEquals(2048, c.bufferSize());
        assertEquals(64, c.buffers());
        assertEquals(128, c.headroom());
        assertEquals(16L * (2048 - 128), c.maxElement());
        assertEquals(4096, c.streamStage());
        assertEquals(3_000_000_000L, c.connectTimeoutNanos());
        assertEquals(IdleMode.SPIN, c.idle());
        assertEquals(2_000_000L, c.maxBlockNanos());
        assertTrue(c.trackLeaks());
        assertTrue(!c.datagramsFitOneBuffer());
    }

    @Test
    void durations() {
        assertEquals(5, KernelConfig.duration("k", "5ns"));
        assertEquals(5_000, KernelConfig.duration("k", "5us"));
        assertEquals(5_000, KernelConfig.duration("k", "5µs"));
        assertEquals(5_000_000, KernelConfig.duration("k", "5ms"));
        assertEquals(5_000_000_000L, KernelConfig.duration("k", " 5s "));
        assertEquals(0, KernelConfig.duration("k", "0"));
        for (String bad : new String[] {"5", "ms", "-1ms", "5 minutes", "99999999999999999s"}) {
            PdpixException e = assertThrows(PdpixException.class, () -> KernelConfig.duration("kernel.x", bad), bad);
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("kernel.x"), e::getMessage);
        }
    }

    @Test
    void genericIdleIsHonouredWhenKernelIdleIsUnset() {
        assertEquals(IdleMode.SPIN, of(LibOSConfig.IDLE, "spin").idle());
        assertEquals(IdleMode.BACKOFF, of(LibOSConfig.IDLE, "backoff").idle());
        KernelConfig park = of(LibOSConfig.IDLE, "park:5ms");
        assertEquals(IdleMode.BLOCK, park.idle());
        assertEquals(5_000_000L, park.maxBlockNanos());
        assertEquals(1_000_000L, of(LibOSConfig.IDLE, "park:50us").maxBlockNanos(), "select counts in milliseconds");
        assertEquals(IdleMode.BACKOFF, of(LibOSConfig.IDLE, "backoff:10,10,1us,20us").idle());
        assertEquals(IdleMode.SPIN, of(LibOSConfig.IDLE, "busy-spin").idle());
        assertEquals(IdleMode.SPIN, of(LibOSConfig.IDLE, "noop").idle());
        assertEquals(1_000_000L, of(LibOSConfig.IDLE, "park").maxBlockNanos());
        assertEquals(7_000_000L, of(LibOSConfig.IDLE, "park:5ms", KernelConfig.MAX_BLOCK, "7ms").maxBlockNanos(), "kernel.max-block wins");
        assertEquals(IdleMode.BACKOFF, of(LibOSConfig.IDLE, "spin", KernelConfig.IDLE, "backoff").idle(), "kernel.idle wins");
    }

    @Test
    void badValuesNameTheKey() {
        String[][] cases = {
            {KernelConfig.BUFFER_SIZE, "12"},
            {KernelConfig.BUFFER_SIZE, "lots"},
            {KernelConfig.BUFFERS, "0"},
            {KernelConfig.HEADROOM, "65536"},
            {KernelConfig.STREAM_STAGE, "10"},
            {KernelConfig.CONNECT_TIMEOUT, "soon"},
            {KernelConfig.IDLE, "nap"},
            {KernelConfig.MAX_BLOCK, "10us"},
            {KernelConfig.TRACK_LEAKS, "maybe"},
            {LibOSConfig.IDLE, "sleep"},
            {LibOSConfig.IDLE, "backoff:1,2"},
        };
        for (String[] c : cases) {
            PdpixException e = assertThrows(PdpixException.class, () -> of(c[0], c[1]), c[0] + "=" + c[1]);
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains(c[0]), e::getMessage);
        }
    }

    @Test
    void openRefusesBadConfigurationWithoutLeaking() {
        PdpixException e = assertThrows(PdpixException.class,
                () -> KernelLibOS.open(LibOSConfig.of(KernelLibOS.NAME, LibOSConfig.MAX_QUEUES, "0")));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
