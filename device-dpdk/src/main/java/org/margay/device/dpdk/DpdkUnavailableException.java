package org.margay.device.dpdk;

/**
 * DPDK cannot be used in this process: the shim was not built (no libdpdk-dev at build time), the DPDK
 * libraries are missing, or the EAL refused to start. The message says which and what to install or change.
 */
public final class DpdkUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming what is missing. */
    public DpdkUnavailableException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying failure. */
    public DpdkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
