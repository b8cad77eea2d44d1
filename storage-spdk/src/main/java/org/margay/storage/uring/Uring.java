package org.margay.storage.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import org.margay.storage.device.NativeShims;

/**
 * The io_uring shim's functions ({@code margay_uring_*}, over Debian's liburing) as static methods over
 * {@code static final} downcall handles; the per-I/O ones are linked {@code critical} (they never block). Every
 * method assumes {@link #available()}.
 */
final class Uring {
    static final NativeShims.Loaded SHIM = NativeShims.load("libmargay_uring.so", "margay.storage.uring-shim",
            "install liburing (Debian: apt-get install liburing2 liburing-dev) and rebuild (./mvnw -pl storage-spdk install)");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final MethodHandle CREATE = handle("margay_uring_create", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle DESTROY = handle("margay_uring_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle REGISTER = handle("margay_uring_register", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle READ = handle("margay_uring_read",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), CRITICAL);
    private static final MethodHandle WRITE = handle("margay_uring_write",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), CRITICAL);
    private static final MethodHandle FSYNC = handle("margay_uring_fsync",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT), CRITICAL);
    private static final MethodHandle SUBMIT = handle("margay_uring_submit", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle REAP = handle("margay_uring_reap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), CRITICAL);
    private static final MethodHandle VERSION = handle("margay_uring_shim_version", FunctionDescriptor.of(JAVA_INT));

    private Uring() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor d, Linker.Option... options) {
        SymbolLookup lookup = SHIM.lookup();
        if (lookup == null) {
            return null;
        }
        return lookup.find(name).map(s -> Linker.nativeLinker().downcallHandle(s, d, options)).orElse(null);
    }

    static boolean available() {
        return SHIM.available() && VERSION != null && version() == 1;
    }

    static String missing() {
        if (!SHIM.available()) {
            return SHIM.missing();
        }
        return "libmargay_uring.so is stale (shim version " + (VERSION == null ? "none" : version())
                + ", expected 1): rebuild it (./mvnw -pl storage-spdk install)";
    }

    static int version() {
        try {
            return (int) VERSION.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment create(int entries, MemorySegment error) {
        try {
            return (MemorySegment) CREATE.invokeExact(entries, error);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroy(MemorySegment ring) {
        try {
            DESTROY.invokeExact(ring);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int register(MemorySegment ring, MemorySegment base, long length) {
        try {
            return (int) REGISTER.invokeExact(ring, base, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int read(MemorySegment ring, int fd, long address, int length, long offset, long tag, int fixed) {
        try {
            return (int) READ.invokeExact(ring, fd, address, length, offset, tag, fixed);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int write(MemorySegment ring, int fd, long address, int length, long offset, long tag, int fixed, int rwFlags) {
        try {
            return (int) WRITE.invokeExact(ring, fd, address, length, offset, tag, fixed, rwFlags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fsync(MemorySegment ring, int fd, long tag, int datasync) {
        try {
            return (int) FSYNC.invokeExact(ring, fd, tag, datasync);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int submit(MemorySegment ring) {
        try {
            return (int) SUBMIT.invokeExact(ring);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int reap(MemorySegment ring, MemorySegment tags, MemorySegment results, int max) {
        try {
            return (int) REAP.invokeExact(ring, tags, results, max);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
