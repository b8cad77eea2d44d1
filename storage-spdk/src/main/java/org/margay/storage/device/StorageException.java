package org.margay.storage.device;

/**
 * A storage backend or device could not do what was asked (a library missing, a target that cannot be opened, a
 * device error on the control path). It carries the Linux errno ({@link org.margay.pdpix.Errno}: ENODEV for a missing
 * library or device, ENOENT for a missing target) and a message naming what and why.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** A failure with {@code errno}. */
    public StorageException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** A failure caused by {@code cause}. */
    public StorageException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The Linux errno. */
    public int errno() {
        return errno;
    }
}
