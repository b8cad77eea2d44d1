package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.device.DeviceSpec;
import org.margay.fastpath.device.Devices;
import org.margay.fastpath.device.NetworkDevice;

/** The device kinds of this module are found by {@link Devices} and open from a spec. */
class ProvidersTest {
    @TempDir
    Path dir;

    @Test
    void everyKindIsRegistered() {
        assertTrue(Devices.kinds().containsAll(java.util.List.of("tap", "afpacket", "afxdp", "shm")), Devices.kinds().toString());
    }

    @Test
    void shmOpensFromASpecOnBothSides() throws Exception {
        Path file = dir.resolve("link");
        try (NetworkDevice a = Devices.open("shm:" + file); NetworkDevice b = Devices.open("shm:" + file)) {
            assertTrue(Files.exists(file));
            assertTrue(a.macAddress() != b.macAddress(), "the two sides have different MACs");
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.open(new DeviceSpec("shm", dir.resolve("x").toString()), Map.of("mtu", "lots")));
        assertTrue(e.getMessage().contains("mtu"), e.getMessage());
        // AF_XDP's ring options are checked before any socket is made (no interface, root or libxdp needed).
        LinuxDeviceProviders.AfXdp xdp = new LinuxDeviceProviders.AfXdp();
        e = assertThrows(IllegalArgumentException.class, () -> xdp.open("mi-none0", Map.of("ring", "many")));
        assertTrue(e.getMessage().contains("ring must be a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> xdp.open("mi-none0", Map.of("ring", "1000")));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertEquals("tap", DeviceSpec.parse("tap:mg0").kind());
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("mg0"));
    }
}
