package org.margay.device.linux;

/**
 * A libc call made while opening or configuring a Linux device failed: names the call, what it was doing, the
 * {@code errno} and the C library's text for it, plus a hint for the usual causes (no root, no such
 * interface, the tun module missing).
 *
 * <p>Only set-up throws this. On the hot path a failed {@code read}/{@code write} is counted in the device's
 * {@link org.margay.fastpath.device.LinkStatistics}, never thrown.
 */
public final class LinuxCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** {@code call} (e.g. "ioctl(TUNSETIFF)") failed with {@code errno} while doing {@code what}. */
    public LinuxCallException(String call, int errno, String what) {
        super(what + ": " + call + " failed: " + LibC.strerror(errno) + " (errno " + errno + ")" + hint(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, as written in the message. */
    public String call() {
        return call;
    }

    /** The {@code errno} it left. */
    public int errno() {
        return errno;
    }

    private static String hint(int errno) {
        return switch (errno) {
            case LibC.EPERM -> "; this needs root or CAP_NET_ADMIN/CAP_NET_RAW";
            case LibC.ENODEV -> "; no such interface in this network namespace";
            default -> "";
        };
    }
}
