package org.margay.storage.uring;

import java.lang.foreign.MemorySegment;
import org.margay.storage.device.BlockDevice;

/** A file or block device opened with {@code O_DIRECT} on an {@link UringBackend}'s ring. */
final class UringFile implements BlockDevice {
    private final UringBackend backend;
    private final String target;
    private int fd;
    private final long capacity;

    UringFile(UringBackend backend, String target, int fd, long capacity) {
        this.backend = backend;
        this.target = target;
        this.fd = fd;
        this.capacity = capacity;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public int blockSize() {
        return backend.blockSize();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public int read(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset) {
        return backend.queueRead(fd, buffer.address() + bufferOffset, length, deviceOffset, tag);
    }

    @Override
    public int write(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset) {
        return backend.queueWrite(fd, buffer.address() + bufferOffset, length, deviceOffset, tag);
    }

    @Override
    public int flush(long tag) {
        return backend.queueFsync(fd, tag);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "O_DIRECT " + target;
    }
}
