package org.margay.pdpix.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.margay.pdpix.Errno;
import org.margay.pdpix.PdpixException;

/**
 * {@code TCP_MAXSEG} on a kernel socket, which JDK NIO cannot reach (neither {@code StandardSocketOptions} nor
 * {@code jdk.net.ExtendedSocketOptions} has it, and a channel does not give out its descriptor): the descriptor
 * is found by scanning {@code /proc/self/fd} for the socket whose {@code getsockname(2)} (and
 * {@code getpeername(2)}, {@code SO_ACCEPTCONN}) match the channel's, and {@code setsockopt(2)}/{@code getsockopt(2)}
 * are called on it through the FFM API.
 *
 * <p>Linux semantics (tcp(7)): set before connect, the value caps the MSS announced in the SYN and the segments
 * sent; set on a listener, accepted connections inherit it; read on a connected socket, it is the sending MSS
 * in use; read before, the value set or 536. Values outside 88..32767 are {@code EINVAL} (the kernel's check).
 *
 * <p>Cold path: a scan per call (a few dozen {@code readlink}s), only for queues that use the option. The match
 * is unambiguous for a socket that is bound (a unique local port), listening, or connected (its 4-tuple); an
 * unbound, unconnected socket cannot be found, so callers bind first. Linux only.
 */
final class TcpMaxSegment {
    // <netinet/in.h>, <netinet/tcp.h>, <asm-generic/socket.h> on Linux.
    private static final int AF_INET = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ACCEPTCONN = 30;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MAXSEG = 2;
    /** {@code struct sockaddr_in}: family (host order), port (network order), address (network order), zero[8]. */
    private static final int SOCKADDR_IN_SIZE = 16;
    /** Linux's TCP_MSS_DEFAULT: what an unconnected socket without the option reports. */
    static final int DEFAULT_MSS = 536;
    /** The kernel's bounds for the option (TCP_MIN_MSS, MAX_TCP_WINDOW). */
    static final int MIN = 88;
    static final int MAX = 32767;

    private TcpMaxSegment() {
    }

    /** Sets TCP_MAXSEG on the socket behind {@code channel} (bound, listening or connected). */
    static void set(NetworkChannel channel, boolean listening, int mss) {
        int fd = find(channel, listening);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, mss);
            MemorySegment state = arena.allocate(Native.STATE_LAYOUT);
            int r = (int) Native.SETSOCKOPT.invokeExact(state, fd, IPPROTO_TCP, TCP_MAXSEG, value, 4);
            if (r != 0) {
                int errno = (int) Native.ERRNO.get(state, 0L);
                throw new PdpixException(errno, "setsockopt(TCP_MAXSEG, " + mss + ") failed: errno " + Errno.name(errno));
            }
        } catch (PdpixException e) {
            throw e;
        } catch (Throwable t) {
            throw new PdpixException(Errno.ENOPROTOOPT, "TCP_MAXSEG: native call failed: " + t, t);
        }
    }

    /** Reads TCP_MAXSEG from the socket behind {@code channel} (bound, listening or connected). */
    static int get(NetworkChannel channel, boolean listening) {
        int fd = find(channel, listening);
        try (Arena arena = Arena.ofConfined()) {
            int v = intOption(arena, fd, IPPROTO_TCP, TCP_MAXSEG);
            if (v < 0) {
                throw new PdpixException(Errno.EIO, "getsockopt(TCP_MAXSEG) failed on descriptor " + fd);
            }
            return v;
        }
    }

    /**
     * The descriptor of {@code channel}'s socket.
     *
     * @throws PdpixException ENOPROTOOPT when native access or {@code /proc} is unavailable, EBADF when no
     *                        descriptor matches
     */
    static int find(NetworkChannel channel, boolean listening) {
        InetSocketAddress local;
        InetSocketAddress remote;
        try {
            local = inet(channel.getLocalAddress());
            remote = channel instanceof SocketChannel sc ? inet(sc.getRemoteAddress()) : null;
        } catch (IOException e) {
            throw new PdpixException(Errno.EBADF, "TCP_MAXSEG: the socket is closed", e);
        }
        if (local == null || local.getPort() == 0) {
            throw new PdpixException(Errno.EINVAL, "TCP_MAXSEG: the socket must be bound to be found");
        }
        try (Arena arena = Arena.ofConfined();
             DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            MemorySegment address = arena.allocate(SOCKADDR_IN_SIZE, 4);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            for (Path p : fds) {
                int fd = descriptor(p);
                if (fd < 0 || !isSocket(p)) {
                    continue;
                }
                if (!matches(Native.GETSOCKNAME, fd, address, length, local)) {
                    continue;
                }
                if ((intOption(arena, fd, SOL_SOCKET, SO_ACCEPTCONN) == 1) != listening) {
                    continue;
                }
                boolean connected = matches(Native.GETPEERNAME, fd, address, length, remote);
                if (remote == null ? !connected : connected) {
                    return fd;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new PdpixException(Errno.ENOPROTOOPT, "TCP_MAXSEG: cannot list /proc/self/fd: " + e, e);
        } catch (IllegalCallerException | LinkageError e) {
            throw new PdpixException(Errno.ENOPROTOOPT, "TCP_MAXSEG needs native access (--enable-native-access="
                    + "org.margay.pdpix.kernel, or ALL-UNNAMED on the class path): " + e, e);
        }
        throw new PdpixException(Errno.EBADF, "TCP_MAXSEG: no descriptor matches " + local);
    }

    private static int descriptor(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path p) {
        try {
            return Files.readSymbolicLink(p).toString().startsWith("socket:");
        } catch (IOException e) {
            return false; // closed since the listing
        }
    }

    /**
     * Whether {@code getsockname}/{@code getpeername} ({@code call}) on {@code fd} gives {@code expected}; with
     * {@code expected} null, whether the call succeeds at all (a peer exists).
     */
    private static boolean matches(MethodHandle call, int fd, MemorySegment address, MemorySegment length,
                                   InetSocketAddress expected) {
        length.set(ValueLayout.JAVA_INT, 0, SOCKADDR_IN_SIZE);
        int r;
        try {
            r = (int) call.invokeExact(fd, address, length);
        } catch (Throwable t) {
            return false;
        }
        if (r != 0 || length.get(ValueLayout.JAVA_INT, 0) < 8
                || (address.get(ValueLayout.JAVA_SHORT, 0) & 0xFFFF) != AF_INET) {
            return false;
        }
        if (expected == null) {
            return true;
        }
        int port = ((address.get(ValueLayout.JAVA_BYTE, 2) & 0xFF) << 8) | (address.get(ValueLayout.JAVA_BYTE, 3) & 0xFF);
        if (port != expected.getPort() || !(expected.getAddress() instanceof Inet4Address v4)) {
            return false;
        }
        byte[] want = v4.getAddress();
        for (int i = 0; i < 4; i++) {
            if (address.get(ValueLayout.JAVA_BYTE, 4 + i) != want[i]) {
                return false;
            }
        }
        return true;
    }

    /** An int-valued option of {@code fd}, or -1 when the call fails. */
    private static int intOption(Arena arena, int fd, int level, int name) {
        MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
        length.set(ValueLayout.JAVA_INT, 0, 4);
        try {
            int r = (int) Native.GETSOCKOPT.invokeExact(fd, level, name, value, length);
            return r == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -1;
        } catch (Throwable t) {
            return -1;
        }
    }

    private static InetSocketAddress inet(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : null;
    }

    /** The libc calls, bound when first needed (binding them is a restricted operation). */
    private static final class Native {
        static final MethodHandle SETSOCKOPT;
        static final MethodHandle GETSOCKOPT;
        static final MethodHandle GETSOCKNAME;
        static final MethodHandle GETPEERNAME;
        static final MemoryLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout p = ValueLayout.ADDRESS;
            // int setsockopt(int fd, int level, int name, const void *value, socklen_t length)
            SETSOCKOPT = linker.downcallHandle(libc.findOrThrow("setsockopt"), FunctionDescriptor.of(i, i, i, i, p, i),
                    Linker.Option.captureCallState("errno"));
            // int getsockopt(int fd, int level, int name, void *value, socklen_t *length)
            GETSOCKOPT = linker.downcallHandle(libc.findOrThrow("getsockopt"), FunctionDescriptor.of(i, i, i, i, p, p));
            // int getsockname(int fd, struct sockaddr *address, socklen_t *length); getpeername likewise
            GETSOCKNAME = linker.downcallHandle(libc.findOrThrow("getsockname"), FunctionDescriptor.of(i, i, p, p));
            GETPEERNAME = linker.downcallHandle(libc.findOrThrow("getpeername"), FunctionDescriptor.of(i, i, p, p));
        }

        private Native() {
        }
    }
}
