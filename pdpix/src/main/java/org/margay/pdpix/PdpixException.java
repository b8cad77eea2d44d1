package org.margay.pdpix;

/**
 * Misuse of PDPIX's control path ({@code socket}, {@code bind}, {@code listen}, {@code close},
 * {@code setsockopt}, ...): a bad queue descriptor, a call in the wrong state, an address in use. It carries
 * the {@link Errno} code; the message says what was wrong and with which queue. The data path
 * ({@code push}/{@code pop}/{@code wait}) never throws it: it returns codes.
 */
public final class PdpixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** An error with {@code errno} and a message saying what was wrong. */
    public PdpixException(int errno, String message) {
        super(Errno.name(errno) + ": " + message);
        this.errno = errno;
    }

    /** An error with {@code errno}, a message, and the underlying cause (an I/O error of a kernel libOS, say). */
    public PdpixException(int errno, String message, Throwable cause) {
        super(Errno.name(errno) + ": " + message, cause);
        this.errno = errno;
    }

    /** The {@link Errno} code. */
    public int errno() {
        return errno;
    }
}
