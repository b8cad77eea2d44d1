package org.margay.storage.device;

/**
 * A storage backend or device could not do what was asked (a library missing, a target that cannot be opened, a
 * device error on the control path). It carries the Linux errno and a message naming what and why.
 */
public class StorageException extends RuntimeException {
    /** Linux {@code ENODEV}: no such device or library. */
    public static final int ENODEV = 19;
    /** Linux {@code ENOENT}: no such file or log. */
    public static final int ENOENT = 2;
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
