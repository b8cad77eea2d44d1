package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The five functions of libxdp ({@code <xdp/xsk.h>}, Debian's {@code libxdp1}) that {@link AfXdpDevice} calls to
 * set up an AF_XDP socket: they register the UMEM, create and map the four rings, load libxdp's default XDP
 * program (which redirects the queue's frames to the socket through an XSKMAP) and bind. The ring
 * operations themselves are {@code static inline} in xsk.h and are done in Java ({@link XskRing}).
 *
 * <p>The library is looked up once; where it is missing, {@link #AVAILABLE} is false, {@link #PROBLEM} says why
 * and the handles are null. All calls are cold (set-up and tear-down). They return 0 or a negative errno.
 */
@SuppressWarnings("restricted") // native access is this class's job; the module is granted it
final class LibXdp {
    /** Whether libxdp was found and linked. */
    static final boolean AVAILABLE;
    /** Why it is not available (null when it is). */
    static final String PROBLEM;

    /** {@code struct xsk_umem_config}: fill_size, comp_size, frame_size, frame_headroom, flags. */
    static final StructLayout UMEM_CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("fill_size"), JAVA_INT.withName("comp_size"), JAVA_INT.withName("frame_size"),
            JAVA_INT.withName("frame_headroom"), JAVA_INT.withName("flags"));

    /** {@code struct xsk_socket_config}: rx_size, tx_size, libxdp_flags, xdp_flags, bind_flags (+ padding). */
    static final StructLayout SOCKET_CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("rx_size"), JAVA_INT.withName("tx_size"), JAVA_INT.withName("libxdp_flags"),
            JAVA_INT.withName("xdp_flags"), JAVA_SHORT.withName("bind_flags"), MemoryLayout.paddingLayout(2));

    /** {@code struct xsk_ring_prod} / {@code xsk_ring_cons}: four u32, then four pointers. */
    static final StructLayout RING = MemoryLayout.structLayout(
            JAVA_INT.withName("cached_prod"), JAVA_INT.withName("cached_cons"), JAVA_INT.withName("mask"),
            JAVA_INT.withName("size"), ADDRESS.withName("producer"), ADDRESS.withName("consumer"),
            ADDRESS.withName("ring"), ADDRESS.withName("flags"));

    // <linux/if_link.h> XDP attach flags and <linux/if_xdp.h> bind flags.
    static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    static final short XDP_COPY = 1 << 1;
    static final short XDP_USE_NEED_WAKEUP = 1 << 3;
    /** The kernel puts received data this far into a chunk (XDP_PACKET_HEADROOM, include/uapi/linux/bpf.h). */
    static final int XDP_PACKET_HEADROOM = 256;

    private static final MethodHandle UMEM_CREATE;
    private static final MethodHandle SOCKET_CREATE;
    private static final MethodHandle SOCKET_FD;
    private static final MethodHandle SOCKET_DELETE;
    private static final MethodHandle UMEM_DELETE;

    static {
        MethodHandle umemCreate = null;
        MethodHandle socketCreate = null;
        MethodHandle socketFd = null;
        MethodHandle socketDelete = null;
        MethodHandle umemDelete = null;
        String problem = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup xdp = SymbolLookup.libraryLookup("libxdp.so.1", Arena.global());
            umemCreate = linker.downcallHandle(xdp.findOrThrow("xsk_umem__create"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
            socketCreate = linker.downcallHandle(xdp.findOrThrow("xsk_socket__create"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            socketFd = linker.downcallHandle(xdp.findOrThrow("xsk_socket__fd"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
            socketDelete = linker.downcallHandle(xdp.findOrThrow("xsk_socket__delete"),
                    FunctionDescriptor.ofVoid(ADDRESS));
            umemDelete = linker.downcallHandle(xdp.findOrThrow("xsk_umem__delete"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            problem = "libxdp.so.1 is not usable (" + e.getMessage() + "); install Debian's libxdp1";
        }
        UMEM_CREATE = umemCreate;
        SOCKET_CREATE = socketCreate;
        SOCKET_FD = socketFd;
        SOCKET_DELETE = socketDelete;
        UMEM_DELETE = umemDelete;
        PROBLEM = problem;
        AVAILABLE = problem == null;
    }

    private LibXdp() {
    }

    static int umemCreate(MemorySegment umemOut, MemorySegment area, long size, MemorySegment fill,
                          MemorySegment completion, MemorySegment config) {
        try {
            return (int) UMEM_CREATE.invokeExact(umemOut, area, size, fill, completion, config);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int socketCreate(MemorySegment socketOut, MemorySegment interfaceName, int queue, MemorySegment umem,
                            MemorySegment rx, MemorySegment tx, MemorySegment config) {
        try {
            return (int) SOCKET_CREATE.invokeExact(socketOut, interfaceName, queue, umem, rx, tx, config);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int socketFd(MemorySegment socket) {
        try {
            return (int) SOCKET_FD.invokeExact(socket);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void socketDelete(MemorySegment socket) {
        try {
            SOCKET_DELETE.invokeExact(socket);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int umemDelete(MemorySegment umem) {
        try {
            return (int) UMEM_DELETE.invokeExact(umem);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
