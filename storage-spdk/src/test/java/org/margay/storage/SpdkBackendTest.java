package org.margay.storage;

import org.margay.pdpix.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.PdpixException;
import org.margay.storage.device.StorageException;
import org.margay.storage.spdk.SpdkBackend;

/**
 * The SPDK binding where SPDK is absent (every Debian machine: there is no package): it loads nothing, and both the
 * backend and a library OS configured for it report clearly what is missing and how to get it.
 */
class SpdkBackendTest {

    @Test
    void aMachineWithoutLibspdkGetsAReportNamingWhatIsMissing() {
        String reason = SpdkBackend.unavailableReason();
        Assumptions.assumeTrue(reason != null, "libspdk is installed here: the SPDK contract test covers it");
        assertTrue(reason.startsWith("SPDK is not available: "), reason);
        assertTrue(reason.contains("libspdk_nvme.so was not found"), reason);
        assertTrue(reason.contains("libspdk_env_dpdk.so was not found"), reason);
        assertTrue(reason.contains("no Debian package"), "says why it is missing and how to get it: " + reason);
        assertTrue(reason.contains("margay.spdk.lib"), reason);
        StorageException e = assertThrows(StorageException.class, () -> new SpdkBackend(64, false));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(reason, e.getMessage());
        PdpixException p = assertThrows(PdpixException.class,
                () -> StorageLibOS.open(Backends.SPDK.config()));
        assertEquals(Errno.ENODEV, p.errno());
        assertTrue(p.getMessage().contains("libspdk_nvme.so was not found"), p.getMessage());
    }

    @Test
    void theCompletionShimIsBuiltEvenWithoutSpdk() {
        String reason = SpdkBackend.unavailableReason();
        Assumptions.assumeTrue(reason != null);
        assertTrue(!reason.contains("libmargay_spdk.so"), "the shim needs no SPDK headers, so it is always built: " + reason);
    }
}
