package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/** Bad storage configuration is refused with the key named; good values parse. */
class StorageSettingsTest {

    private static void refused(String key, String value) {
        PdpixException e = assertThrows(PdpixException.class, () -> StorageSettings.from(LibOSConfig.of("storage", key, value)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void badValuesNameTheirKey() {
        refused("storage.backend", "floppy");
        refused("storage.block-size", "1000");
        refused("storage.capacity", "lots");
        refused("storage.capacity", "1000");
        refused("storage.element-size", "70000");
        refused("storage.elements", "0");
        refused("storage.durable", "maybe");
    }

    @Test
    void sizesAndDefaultsParse() {
        StorageSettings s = StorageSettings.from(LibOSConfig.of("storage", "storage.capacity", "2g", "storage.durable", "true"));
        assertEquals(2L << 30, s.capacity());
        assertTrue(s.durable());
        assertEquals("io_uring", s.backend());
        assertEquals(16L * 65536, s.maxElement());
        assertTrue(s.batchBufferSize() >= LogFormat.recordBytes(s.maxElement()) + 4096);
        assertEquals(0, s.batchBufferSize() % s.blockSize());
    }
}
