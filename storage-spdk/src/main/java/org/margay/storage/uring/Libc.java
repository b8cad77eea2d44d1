package org.margay.storage.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls io_uring's files need, through FFM: {@code open} with {@code O_DIRECT} (the JDK cannot open a
 * file that way), {@code close}, {@code lseek} for a block device's size, {@code fallocate}/{@code ftruncate} to
 * size a new log file. Each returns the C result; {@link #errno} holds the last failure's errno. Control path.
 */
final class Libc {
    /** {@code <fcntl.h>} on x86-64 Linux. */
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_DIRECT = 040000;
    static final int O_CLOEXEC = 02000000;
    static final int SEEK_END = 2;
    /** {@code RWF_DSYNC} ({@code <linux/fs.h>}): a write that is durable when it completes. */
    static final int RWF_DSYNC = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle LSEEK = LINKER.downcallHandle(LINKER.defaultLookup().find("lseek").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO);
    private static final MethodHandle FALLOCATE = LINKER.downcallHandle(LINKER.defaultLookup().find("fallocate").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO);
    private static final MethodHandle FTRUNCATE = LINKER.downcallHandle(LINKER.defaultLookup().find("ftruncate").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO);

    private static final ThreadLocal<MemorySegment> CAPTURE = ThreadLocal.withInitial(() -> Arena.global().allocate(STATE));

    private Libc() {
    }

    /** The errno of the calling thread's last failed call here. */
    static int errno() {
        return (int) ERRNO_HANDLE.get(CAPTURE.get(), 0L);
    }

    static int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(CAPTURE.get(), a.allocateFrom(path), flags, mode);
        } catch (Throwable t) {
            throw Uring.rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Uring.rethrow(t);
        }
    }

    static long lseek(int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(CAPTURE.get(), fd, offset, whence);
        } catch (Throwable t) {
            throw Uring.rethrow(t);
        }
    }

    static int fallocate(int fd, long offset, long length) {
        try {
            return (int) FALLOCATE.invokeExact(CAPTURE.get(), fd, 0, offset, length);
        } catch (Throwable t) {
            throw Uring.rethrow(t);
        }
    }

    static int ftruncate(int fd, long length) {
        try {
            return (int) FTRUNCATE.invokeExact(CAPTURE.get(), fd, length);
        } catch (Throwable t) {
            throw Uring.rethrow(t);
        }
    }
}
