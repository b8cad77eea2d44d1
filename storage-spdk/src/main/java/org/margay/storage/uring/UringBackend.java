package org.margay.storage.uring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.margay.pdpix.Errno;
import org.margay.storage.device.BlockDevice;
import org.margay.storage.device.IoCompletions;
import org.margay.storage.device.StorageBackend;
import org.margay.storage.device.StorageException;

/**
 * The io_uring backend: files or block devices opened with {@code O_DIRECT} (no page cache: a completed write is in
 * the device), one ring for every device of the library OS, and the library OS's I/O memory registered as fixed
 * buffer 0 ({@code io_uring_register_buffers}) so the kernel pins it once instead of per I/O. With {@code durable},
 * every write carries {@code RWF_DSYNC} and is durable against power loss when it completes; otherwise durability
 * against power loss takes an explicit flush ({@code fdatasync} through the ring).
 *
 * <p>Through Debian's liburing and Margay's shim for its inline helpers ({@link Uring}). One downcall queues one
 * request; {@link #submit} hands every queued request to the kernel in one system call per duty cycle;
 * {@link #poll} reaps up to 64 completions per call. Allocation-free on the data path. Single-threaded.
 */
public final class UringBackend implements StorageBackend {
    private static final int REAP = 64;

    private final int blockSize;
    private final boolean durable;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring;
    private final MemorySegment tags;
    private final MemorySegment results;
    private long registeredBase;
    private long registeredEnd;
    private String registration = "not registered yet";
    private long fixedIos;
    private long plainIos;
    private int queued;
    private boolean closed;

    /**
     * A ring of {@code entries} submission entries for devices of {@code blockSize}-byte blocks.
     *
     * @throws StorageException ENODEV when liburing or the shim is missing; the kernel's errno when io_uring is refused
     */
    public UringBackend(int entries, int blockSize, boolean durable) {
        if (!Uring.available()) {
            throw new StorageException(Errno.ENODEV, "io_uring is not usable: " + Uring.missing());
        }
        this.blockSize = blockSize;
        this.durable = durable;
        MemorySegment error = arena.allocate(JAVA_INT);
        MemorySegment r = Uring.create(entries, error);
        if (r.equals(MemorySegment.NULL)) {
            int errno = error.get(JAVA_INT, 0);
            arena.close();
            throw new StorageException(errno, "io_uring_queue_init(" + entries + ") failed with errno " + errno + " (" + Errno.name(errno)
                    + "): is io_uring disabled (/proc/sys/kernel/io_uring_disabled) or forbidden by seccomp?");
        }
        this.ring = r;
        this.tags = arena.allocate(JAVA_LONG, REAP);
        this.results = arena.allocate(JAVA_INT, REAP);
    }

    /** Whether liburing and the shim are loaded, and what is missing if not. */
    public static String unavailableReason() {
        return Uring.available() ? null : Uring.missing();
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public int alignment() {
        return blockSize;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first region is registered as fixed buffer 0; when the kernel refuses (RLIMIT_MEMLOCK), I/O falls back
     * to plain reads and writes and {@link #registration()} says why.
     */
    @Override
    public MemorySegment ioMemory(long bytes) {
        MemorySegment region = arena.allocate(bytes, Math.max(4096, blockSize));
        if (registeredEnd == 0) {
            int rc = Uring.register(ring, region, bytes);
            if (rc == 0) {
                registeredBase = region.address();
                registeredEnd = registeredBase + bytes;
                registration = "registered as fixed buffer 0 (" + bytes + " bytes)";
            } else {
                registration = "io_uring_register_buffers refused (errno " + -rc + " " + Errno.name(-rc)
                        + "): plain reads and writes are used";
            }
        }
        return region;
    }

    /** How the I/O memory is registered. */
    public String registration() {
        return registration;
    }

    int fixed(long address, int length) {
        return isRegistered(address, length) ? 1 : 0;
    }

    /** Whether {@code [address, address + length)} lies in the memory registered as fixed buffer 0. */
    public boolean isRegistered(long address, long length) {
        return registeredEnd != 0 && address >= registeredBase && address + length <= registeredEnd;
    }

    /** Reads and writes queued on the registered fixed buffer ({@code READ_FIXED}/{@code WRITE_FIXED}). */
    public long fixedIos() {
        return fixedIos;
    }

    /** Reads and writes queued on memory outside it (plain {@code READ}/{@code WRITE}: pinned per I/O). */
    public long plainIos() {
        return plainIos;
    }

    private void count(int fixed) {
        if (fixed != 0) {
            fixedIos++;
        } else {
            plainIos++;
        }
    }

    @Override
    public BlockDevice open(String target, boolean create, long capacity) {
        Path path = Path.of(target);
        int flags = Libc.O_RDWR | Libc.O_DIRECT | Libc.O_CLOEXEC | (create ? Libc.O_CREAT : 0);
        int fd = Libc.open(target, flags, 0644);
        if (fd < 0) {
            int errno = Libc.errno();
            String why = errno == Errno.EINVAL ? ": the file system does not support O_DIRECT (tmpfs?); use a disk-backed path"
                    : errno == Errno.ENOENT ? ": no such file (open it with create)" : "";
            throw new StorageException(errno, "open(" + target + ", O_DIRECT) failed with errno " + errno + " (" + Errno.name(errno) + ")" + why);
        }
        long size = Libc.lseek(fd, 0, Libc.SEEK_END);
        if (size < 0) {
            int errno = Libc.errno();
            Libc.close(fd);
            throw new StorageException(errno, "lseek(" + target + ") failed with errno " + errno);
        }
        if (Files.isRegularFile(path) && size < capacity && create) {
            if (Libc.fallocate(fd, 0, capacity) != 0 && Libc.ftruncate(fd, capacity) != 0) {
                int errno = Libc.errno();
                Libc.close(fd);
                throw new StorageException(errno, "sizing " + target + " to " + capacity + " bytes failed with errno " + errno);
            }
            size = capacity;
        }
        long usable = size / blockSize * blockSize;
        return new UringFile(this, target, fd, usable);
    }

    int queueRead(int fd, long address, int length, long offset, long tag) {
        int fixed = fixed(address, length);
        int rc = Uring.read(ring, fd, address, length, offset, tag, fixed);
        if (rc == 0) {
            queued++;
            count(fixed);
        }
        return rc;
    }

    int queueWrite(int fd, long address, int length, long offset, long tag) {
        int fixed = fixed(address, length);
        int rc = Uring.write(ring, fd, address, length, offset, tag, fixed, durable ? Libc.RWF_DSYNC : 0);
        if (rc == 0) {
            queued++;
            count(fixed);
        }
        return rc;
    }

    int queueFsync(int fd, long tag) {
        int rc = Uring.fsync(ring, fd, tag, 1);
        if (rc == 0) {
            queued++;
        }
        return rc;
    }

    int blockSize() {
        return blockSize;
    }

    @Override
    public int submit() {
        if (queued == 0) {
            return 0;
        }
        int n = Uring.submit(ring);
        if (n > 0) {
            queued = Math.max(0, queued - n);
        }
        return Math.max(n, 0);
    }

    @Override
    public int poll(IoCompletions sink) {
        int n = Uring.reap(ring, tags, results, REAP);
        for (int i = 0; i < n; i++) {
            sink.ioCompleted(tags.getAtIndex(JAVA_LONG, i), results.getAtIndex(JAVA_INT, i));
        }
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Uring.destroy(ring);
        arena.close();
    }

    @Override
    public String toString() {
        return "UringBackend[" + registration + (durable ? ", RWF_DSYNC" : "") + "]";
    }
}
