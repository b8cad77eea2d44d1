package org.margay.rdma.verbs;

/**
 * A control-path verbs call failed: allocating a protection domain, registering memory, creating or modifying a
 * queue pair, a connection-manager call. It carries the {@code errno} the library (or the in-process device)
 * reported, and a message naming the call. The data path ({@link Verbs#postSend}, {@link Verbs#postRecv},
 * {@link Verbs#pollCq}) never throws: it returns codes.
 */
public class VerbsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String detail;

    /** A failure of {@code call} with {@code errno} (a Linux errno, positive). */
    public VerbsException(int errno, String message) {
        super(message + " (errno " + errno + ")");
        this.errno = errno;
        this.detail = message;
    }

    /** A failure caused by {@code cause}. */
    public VerbsException(int errno, String message, Throwable cause) {
        super(message + " (errno " + errno + ")", cause);
        this.errno = errno;
        this.detail = message;
    }

    /** The message without the errno suffix. */
    public String detail() {
        return detail;
    }

    /** The Linux errno of the failure. */
    public int errno() {
        return errno;
    }
}
