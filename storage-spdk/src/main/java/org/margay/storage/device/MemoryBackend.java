package org.margay.storage.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.margay.pdpix.Errno;

/**
 * The in-memory backend: devices are {@link MemoryBlockDevice}s, and I/O behaves as a real device's does for the
 * log above it. A request is queued when submitted and applied, and completed, at the next {@link #poll}, so writes
 * are really in flight for a while; {@link #crash} then shows what a killed process leaves on a disk: each write in
 * flight applied in part, block by block in random order, with perhaps one block torn inside, and nothing
 * completed successfully. The backend is dead afterwards: the requests that were in flight, and every later one,
 * fail with {@code EIO}, so the library OS above winds down as over a failed disk.
 *
 * <p>Requests live in preallocated rings: submitting and polling allocate nothing. Single-threaded.
 */
public final class MemoryBackend implements StorageBackend {
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int FLUSH = 2;

    private final int alignment;
    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final long[] tag;
    private final int[] op;
    private final Device[] device;
    private final MemorySegment[] buffer;
    private final long[] bufferOffset;
    private final int[] length;
    private final long[] deviceOffset;
    private int head;
    private int count;
    private boolean dead;
    private long writesApplied;
    private long[] failedTags = new long[0];
    private int failedCount;

    /** A backend whose queue holds {@code depth} requests, with buffers aligned to {@code alignment}. */
    public MemoryBackend(int depth, int alignment) {
        this.alignment = alignment;
        this.capacity = depth;
        tag = new long[depth];
        op = new int[depth];
        device = new Device[depth];
        buffer = new MemorySegment[depth];
        bufferOffset = new long[depth];
        length = new int[depth];
        deviceOffset = new long[depth];
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int alignment() {
        return alignment;
    }

    @Override
    public MemorySegment ioMemory(long bytes) {
        return arena.allocate(bytes, Math.max(alignment, 4096));
    }

    /** A device of this backend. */
    private final class Device implements BlockDevice {
        final MemoryBlockDevice storage;

        Device(MemoryBlockDevice storage) {
            this.storage = storage;
        }

        @Override
        public String target() {
            return storage.name();
        }

        @Override
        public int blockSize() {
            return storage.blockSize();
        }

        @Override
        public long capacity() {
            return storage.capacity();
        }

        @Override
        public int read(long t, MemorySegment b, long bo, int len, long off) {
            return enqueue(t, READ, this, b, bo, len, off);
        }

        @Override
        public int write(long t, MemorySegment b, long bo, int len, long off) {
            return enqueue(t, WRITE, this, b, bo, len, off);
        }

        @Override
        public int flush(long t) {
            return enqueue(t, FLUSH, this, null, 0, 0, 0);
        }

        @Override
        public void close() {
            // the storage stays: it is the disk
        }
    }

    @Override
    public BlockDevice open(String target, boolean create, long capacityBytes) {
        MemoryBlockDevice d = MemoryBlockDevice.find(target);
        if (d == null) {
            if (!create) {
                throw new StorageException(Errno.ENOENT, "no in-memory device named " + target);
            }
            d = MemoryBlockDevice.obtain(target, capacityBytes, alignment);
        }
        return new Device(d);
    }

    private int enqueue(long t, int o, Device d, MemorySegment b, long bo, int len, long off) {
        if (dead) {
            if (failedCount == failedTags.length) {
                failedTags = java.util.Arrays.copyOf(failedTags, Math.max(16, failedCount * 2));
            }
            failedTags[failedCount++] = t;      // a dead disk fails every request
            return 0;
        }
        if (count == capacity) {
            return -Errno.EAGAIN;
        }
        if (o != FLUSH) {
            int bs = d.blockSize();
            if (off % bs != 0 || len % bs != 0 || len <= 0 || off + len > d.capacity() || bo < 0 || bo + len > b.byteSize()) {
                return -Errno.EINVAL;   // what O_DIRECT answers for misaligned or out-of-range I/O
            }
        }
        int i = (head + count) % capacity;
        tag[i] = t;
        op[i] = o;
        device[i] = d;
        buffer[i] = b;
        bufferOffset[i] = bo;
        length[i] = len;
        deviceOffset[i] = off;
        count++;
        return 0;
    }

    @Override
    public int submit() {
        return 0;
    }

    @Override
    public int poll(IoCompletions sink) {
        if (failedCount > 0) {
            int n = failedCount;
            long[] tags = java.util.Arrays.copyOf(failedTags, n);
            failedCount = 0;
            for (long t : tags) {
                sink.ioCompleted(t, -Errno.EIO);
            }
            return n;
        }
        int n = 0;
        while (count > 0 && !dead) {
            int i = head;
            MemorySegment disk = device[i].storage.contents;
            int result;
            switch (op[i]) {
                case READ -> {
                    MemorySegment.copy(disk, deviceOffset[i], buffer[i], bufferOffset[i], length[i]);
                    result = length[i];
                }
                case WRITE -> {
                    MemorySegment.copy(buffer[i], bufferOffset[i], disk, deviceOffset[i], length[i]);
                    writesApplied++;
                    result = length[i];
                }
                default -> result = 0;
            }
            long t = tag[i];
            device[i] = null;
            buffer[i] = null;
            head = (head + 1) % capacity;
            count--;
            n++;
            sink.ioCompleted(t, result);
        }
        return n;
    }

    /**
     * Simulates the process dying now: every write still in flight reaches the disk in part — each of its blocks
     * independently with probability one half, and one block may be torn at a random byte — and nothing completes.
     * Returns how many writes were in flight.
     */
    public int crash(SplittableRandom random) {
        int inFlight = 0;
        failedTags = new long[count];
        failedCount = 0;
        while (count > 0) {
            int i = head;
            failedTags[failedCount++] = tag[i];
            if (op[i] == WRITE) {
                inFlight++;
                MemorySegment disk = device[i].storage.contents;
                int bs = device[i].blockSize();
                for (int block = 0; block < length[i] / bs; block++) {
                    int choice = random.nextInt(4);
                    long from = bufferOffset[i] + (long) block * bs;
                    long to = deviceOffset[i] + (long) block * bs;
                    if (choice == 0 || choice == 1) {
                        MemorySegment.copy(buffer[i], from, disk, to, bs);
                    } else if (choice == 2) {
                        int torn = random.nextInt(bs);
                        MemorySegment.copy(buffer[i], from, disk, to, torn);
                    }
                }
            }
            device[i] = null;
            buffer[i] = null;
            head = (head + 1) % capacity;
            count--;
        }
        dead = true;
        return inFlight;
    }

    /** Requests queued and not yet applied. */
    public int inFlight() {
        return count;
    }

    /** Writes applied so far. */
    public long writesApplied() {
        return writesApplied;
    }

    @Override
    public void close() {
        count = 0;
        dead = true;
        arena.close();
    }
}
