package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc functions the Linux devices call, as {@code static final} downcall handles (a handle held in a
 * field that is not static final costs several times more per call), plus the constants they need.
 *
 * <p>Every handle captures {@code errno} ({@link Linker.Option#captureCallState}): each caller passes a
 * call-state segment from {@link #newCallState(Arena)} as the first argument and reads it with
 * {@link #errno(MemorySegment)} when the call returned −1.
 *
 * <p><b>Hot calls</b> ({@code read}, {@code write}, {@code writev}, {@code recvfrom} on non-blocking
 * descriptors) are linked with {@link Linker.Option#critical(boolean) critical(false)}: they never block and
 * never call back into Java. Their buffer arguments are raw addresses passed as {@code long}
 * ({@code MemorySegment.address() + offset}), so a call allocates no slice; the caller keeps the memory alive
 * (the device owns its pool and is single-threaded). Everything else (open, ioctl, socket set-up, setns) is
 * cold and linked without {@code critical}.
 *
 * <p>Constants are Linux x86-64/aarch64 values (the generic ABI); the header each comes from is named beside it.
 */
@SuppressWarnings("restricted") // native access is this class's job; the module is granted it
final class LibC {
    private LibC() {
    }

    // ------------------------------------------------------------------ <fcntl.h>, <asm-generic/fcntl.h>
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    // ------------------------------------------------------------------ <asm-generic/errno-base.h>, <errno.h>
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int ENETDOWN = 100;
    static final int ENOBUFS = 105;
    static final int ENXIO = 6;
    static final int EOPNOTSUPP = 95;

    // ------------------------------------------------------------------ <sys/socket.h>, <linux/net.h>
    static final int AF_INET = 2;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = O_NONBLOCK;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    /** recvfrom flag: return the frame's real length even when it did not fit (packet(7)). */
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    // ------------------------------------------------------------------ <linux/if_packet.h>, <linux/if_ether.h>
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_MR_PROMISC = 1;
    /** Since Linux 4.20: the socket no longer sees the frames it (or anyone on the host) sends. */
    static final int PACKET_IGNORE_OUTGOING = 23;
    /** {@code sll_pkttype} of a frame the host itself sent. */
    static final int PACKET_OUTGOING = 4;
    static final int ETH_P_ALL = 0x0003;

    // ------------------------------------------------------------------ <linux/if_tun.h>, <linux/sockios.h>, <net/if.h>
    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_UP = 0x1;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCGIFMTU = 0x8921;
    static final long SIOCSIFMTU = 0x8922;
    static final long SIOCGIFHWADDR = 0x8927;
    static final int IFNAMSIZ = 16;

    // ------------------------------------------------------------------ <sched.h>
    static final int CLONE_NEWNET = 0x40000000;

    // ------------------------------------------------------------------ the linker

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int open(const char *path, int flags, ...)}: no variadic mode (never O_CREAT here). */
    private static final MethodHandle OPEN = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    /** {@code int fcntl(int fd, int cmd, ...)} with one int argument. */
    private static final MethodHandle FCNTL = link("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            ERRNO, Linker.Option.firstVariadicArg(2));
    /** {@code int ioctl(int fd, unsigned long request, ...)} with one pointer argument. */
    private static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SOCKET = link("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle BIND = link("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle SETSOCKOPT = link("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle GETSOCKOPT = link("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle IF_NAMETOINDEX = link("if_nametoindex",
            FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);
    private static final MethodHandle SETNS = link("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.findOrThrow("strerror"),
            FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, java.lang.foreign.ValueLayout.JAVA_BYTE)),
                    JAVA_INT));

    /** {@code ssize_t read(int fd, void *buf, size_t count)}; buf as a raw address. */
    private static final MethodHandle READ = link("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO, CRITICAL);
    /** {@code ssize_t write(int fd, const void *buf, size_t count)}; buf as a raw address. */
    private static final MethodHandle WRITE = link("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO, CRITICAL);
    /** {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}; iov as a raw address. */
    private static final MethodHandle WRITEV = link("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);
    /**
     * {@code ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)};
     * every pointer as a raw address.
     */
    private static final MethodHandle RECVFROM = link("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO, CRITICAL);

    /**
     * {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)};
     * pointers as raw addresses. Used with a null buffer to kick an AF_XDP socket's transmit.
     */
    private static final MethodHandle SENDTO = link("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);

    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, options);
    }

    // ------------------------------------------------------------------ errno

    /** A segment to pass as the call-state argument of every call here; one per device (one thread). */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno the last call made with {@code callState} left. */
    static int errno(MemorySegment callState) {
        return (int) ERRNO_VALUE.get(callState, 0L);
    }

    /** The C library's text for {@code errno} ("No such device"); cold path. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "errno " + errno : text.getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    // ------------------------------------------------------------------ hot calls (critical)

    static long read(MemorySegment callState, int fd, long address, long length) {
        try {
            return (long) READ.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(MemorySegment callState, int fd, long address, long length) {
        try {
            return (long) WRITE.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long writev(MemorySegment callState, int fd, long iovAddress, int iovCount) {
        try {
            return (long) WRITEV.invokeExact(callState, fd, iovAddress, iovCount);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvfrom(MemorySegment callState, int fd, long address, long length, int flags, long fromAddress,
                         long fromLengthAddress) {
        try {
            return (long) RECVFROM.invokeExact(callState, fd, address, length, flags, fromAddress, fromLengthAddress);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendto(MemorySegment callState, int fd, long address, long length, int flags, long toAddress,
                       int toLength) {
        try {
            return (long) SENDTO.invokeExact(callState, fd, address, length, flags, toAddress, toLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ cold calls

    static int open(MemorySegment callState, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(MemorySegment callState, int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(callState, fd, command, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ioctl(MemorySegment callState, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(callState, fd, request, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int socket(MemorySegment callState, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(MemorySegment callState, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(MemorySegment callState, int fd, int level, int option, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(callState, fd, level, option, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockopt(MemorySegment callState, int fd, int level, int option, MemorySegment value,
                          MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(callState, fd, level, option, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ifNameToIndex(MemorySegment callState, MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(callState, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setns(MemorySegment callState, int fd, int namespaceType) {
        try {
            return (int) SETNS.invokeExact(callState, fd, namespaceType);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall declares {@code Throwable}; nothing here throws a checked one, so pass on what came. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    // ------------------------------------------------------------------ cold helpers that throw

    /** Throws a {@link LinuxCallException} for {@code call} when {@code result} is −1. */
    static int check(int result, MemorySegment callState, String call, String what) {
        if (result == -1) {
            throw new LinuxCallException(call, errno(callState), what);
        }
        return result;
    }

    /** Closes {@code fd} ignoring errors (clean-up after a failed open). */
    static void closeQuietly(MemorySegment callState, int fd) {
        if (fd >= 0) {
            close(callState, fd);
        }
    }
}
