package org.margay.pdpix;

/**
 * The error codes of PDPIX's data path, with their Linux numbers so they read like {@code errno} and map
 * one-to-one onto a kernel libOS's errors. The data path returns these and never throws; the control path
 * throws {@link PdpixException} carrying one.
 *
 * <p>Two codes have a PDPIX meaning beyond their usual one: {@link #ESTALE} is a qtoken that was already
 * consumed (its slot has been reused since), and {@link #EXDEV} a qtoken made by another {@link LibOS}
 * instance.
 */
public final class Errno {
    /** No error. */
    public static final int OK = 0;
    public static final int EPERM = 1;
    /** No such entry: a named object (a storage namespace or block, an RDMA device or port) does not exist. */
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    /** Not an open queue descriptor. */
    public static final int EBADF = 9;
    /** Try again: nothing ready (non-blocking probes). */
    public static final int EAGAIN = 11;
    /** Out of memory or of preallocated slots (qtokens, queue descriptors, buffers). */
    public static final int ENOMEM = 12;
    /** Permission denied (binding a privileged port without the right, say). */
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    /** A qtoken from another library OS instance. */
    public static final int EXDEV = 18;
    /** No such device: the device a queue needs (a NIC, an RDMA adapter, an NVMe controller) is absent. */
    public static final int ENODEV = 19;
    /** Bad argument: a null or empty element, a bad option value, an impossible state for the call. */
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    /** Too many open files: the process ran out of kernel descriptors (a kernel libOS). */
    public static final int EMFILE = 24;
    /** No space left on the device: a storage queue's medium or log is full. */
    public static final int ENOSPC = 28;
    /** Push on a queue whose sending side is shut down (the connection is closing or reset). */
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    /** A push without a destination on an unconnected datagram queue. */
    public static final int EDESTADDRREQ = 89;
    /** The element is larger than the queue can carry atomically. */
    public static final int EMSGSIZE = 90;
    public static final int EPROTOTYPE = 91;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    /** The operation is not supported by this queue type or library OS. */
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    /** No buffer space: a pool or a send buffer is exhausted. */
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ESHUTDOWN = 108;
    /** A wait ran out of time (the qtoken stays valid), or a connection attempt timed out. */
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTDOWN = 112;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;
    /** A qtoken that was already consumed by a wait (its slot has been reused or freed). */
    public static final int ESTALE = 116;
    /** The operation was cancelled because its queue was closed. */
    public static final int ECANCELED = 125;

    private Errno() {
    }

    /** The symbolic name of {@code code} ({@code "ECONNREFUSED"}), or {@code "E?<n>"} for an unknown code. */
    public static String name(int code) {
        return switch (code) {
            case OK -> "OK";
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EXDEV -> "EXDEV";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ENOSPC -> "ENOSPC";
            case EPIPE -> "EPIPE";
            case ENOSYS -> "ENOSYS";
            case EDESTADDRREQ -> "EDESTADDRREQ";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTOTYPE -> "EPROTOTYPE";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENETDOWN -> "ENETDOWN";
            case ENETUNREACH -> "ENETUNREACH";
            case ECONNABORTED -> "ECONNABORTED";
            case ECONNRESET -> "ECONNRESET";
            case ENOBUFS -> "ENOBUFS";
            case EISCONN -> "EISCONN";
            case ENOTCONN -> "ENOTCONN";
            case ESHUTDOWN -> "ESHUTDOWN";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTDOWN -> "EHOSTDOWN";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            case EALREADY -> "EALREADY";
            case EINPROGRESS -> "EINPROGRESS";
            case ESTALE -> "ESTALE";
            case ECANCELED -> "ECANCELED";
            default -> "E?" + code;
        };
    }

    /** A short human description of {@code code}, for messages. */
    public static String describe(int code) {
        return switch (code) {
            case OK -> "success";
            case EBADF -> "not an open queue descriptor";
            case EAGAIN -> "nothing ready yet";
            case ENOMEM -> "out of memory or preallocated slots";
            case EACCES -> "permission denied";
            case EMFILE -> "too many open files";
            case ENOENT -> "no such entry";
            case ENODEV -> "no such device";
            case ENOSPC -> "no space left on device";
            case ENFILE -> "too many open queues";
            case EDESTADDRREQ -> "destination address required";
            case EXDEV -> "qtoken belongs to another library OS";
            case EINVAL -> "invalid argument";
            case EPIPE -> "sending side is shut down";
            case EMSGSIZE -> "element too large for the queue";
            case EOPNOTSUPP -> "not supported on this queue";
            case EADDRINUSE -> "address already in use";
            case EADDRNOTAVAIL -> "address not available";
            case ENETUNREACH -> "network unreachable";
            case ECONNABORTED -> "connection aborted";
            case ECONNRESET -> "connection reset by peer";
            case ENOBUFS -> "no buffer space";
            case EISCONN -> "already connected";
            case ENOTCONN -> "not connected";
            case ETIMEDOUT -> "timed out";
            case ECONNREFUSED -> "connection refused";
            case EHOSTUNREACH -> "host unreachable";
            case EALREADY -> "operation already in progress";
            case ESTALE -> "qtoken already consumed";
            case ECANCELED -> "cancelled: the queue was closed";
            default -> name(code);
        };
    }
}
