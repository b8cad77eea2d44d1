package org.margay.rdma.verbs.ffm;

import org.margay.pdpix.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.PdpixException;
import org.margay.rdma.verbs.Verbs;
import org.margay.rdma.verbs.VerbsException;
import org.margay.testkit.Capabilities;

/**
 * The real binding against the installed rdma-core: the libraries and the shim load, devices are enumerated with
 * {@code ibv_get_device_list}, and a machine without any RDMA device (this project's CI machines: the kernel has no
 * RDMA support and rxe/siw cannot be loaded) gets an error that names what is missing — through the binding, and
 * through {@code libos=rdma} opened from configuration.
 */
class RdmaCoreTest {

    private static void requireRdmaCore() {
        Capabilities.require(RdmaCore.librariesLoaded(), "rdma-core is not usable: " + RdmaCore.missingLibraries()
                + " (Debian: apt-get install libibverbs1 librdmacm1 ibverbs-providers libibverbs-dev librdmacm-dev)");
    }

    private static boolean machineHasDevices() {
        return Files.isDirectory(Path.of("/sys/class/infiniband"));
    }

    @Test
    void rdmaCoreLoadsAndEnumeratesDevices() {
        requireRdmaCore();
        if (machineHasDevices()) {
            List<String> names = RdmaCore.deviceNames();
            assertFalse(names.isEmpty(), "a machine with /sys/class/infiniband lists its devices");
            try (Verbs v = RdmaCore.open(names.get(0))) {
                assertEquals(names.get(0), v.device().name());
                assertTrue(v.device().maxQpWr() > 0 && v.device().maxSge() > 0);
            }
            return;
        }
        RdmaUnavailableException e = assertThrows(RdmaUnavailableException.class, RdmaCore::deviceNames);
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().startsWith("no RDMA device: "), e.getMessage());
        assertTrue(e.getMessage().contains("ibv_get_device_list found none"), e.getMessage());
        assertTrue(e.getMessage().contains("rxe/siw unavailable") || e.getMessage().contains("offers no device"), e.getMessage());
        assertTrue(e.getMessage().contains("rdma.device=inproc:"), "the message says what to use instead: " + e.getMessage());
    }

    @Test
    void openingTheRdmaLibOsWithoutADeviceSaysWhatIsMissing() {
        requireRdmaCore();
        if (machineHasDevices()) {
            return;     // covered by the enumeration test: this machine has a device
        }
        PdpixException e = assertThrows(PdpixException.class, () -> LibOSes.open(LibOSConfig.of("rdma", "rdma.elements", "4")));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("no RDMA device: the kernel has no RDMA support (rxe/siw unavailable"),
                "the error names what is missing: " + e.getMessage());
    }

    @Test
    void aDeviceThatDoesNotExistIsNamed() {
        requireRdmaCore();
        RdmaUnavailableException e = assertThrows(RdmaUnavailableException.class, () -> RdmaCore.open("no_such_hca0"));
        assertTrue(e.getMessage().contains("no RDMA device"), e.getMessage());
    }

    @Test
    void theShimIsTheOneThisBuildMade() {
        requireRdmaCore();
        assertEquals(1, Ibv.shimVersion());
    }
}
