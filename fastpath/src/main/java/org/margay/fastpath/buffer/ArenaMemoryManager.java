package org.margay.fastpath.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The {@link MemoryManager} over off-heap {@link ArenaBufferPool}s: by default two tiers,
 * <ul>
 *   <li>a <b>frame pool</b> of {@value #DEFAULT_FRAME_BUFFER_SIZE}-byte buffers, which hold a whole
 *       1500-byte-MTU Ethernet frame (1518 bytes with a VLAN tag) behind {@value #DEFAULT_HEADROOM} bytes of
 *       headroom: what devices receive into and most application elements need; and</li>
 *   <li>a <b>jumbo pool</b> of {@value #DEFAULT_JUMBO_BUFFER_SIZE}-byte buffers, which hold a 9000-byte-MTU
 *       frame behind the same headroom, and serve large application elements as one segment or as short
 *       chains of few, large segments.</li>
 * </ul>
 * A size that fits one buffer comes from the smallest tier that fits and has a free buffer; a larger size is
 * a chain from the largest tier that has enough free buffers (falling back to smaller tiers). Sizes are thus
 * not capped at 64 KiB (Demikernel's {@code sgaalloc} limit) but only by the pools' memory.
 *
 * <p>The manager owns its pools and closes them. {@link #ArenaMemoryManager(String, List)} accepts any
 * {@link BufferPool}s, so pools of other kinds (device memory) reuse the same chaining logic.
 * Single-threaded, like the pools.
 */
public final class ArenaMemoryManager implements MemoryManager {
    /** Default headroom: room for Ethernet (with two VLAN tags), IPv4 and TCP headers with options. */
    public static final int DEFAULT_HEADROOM = 128;
    /** Default frame-pool buffer size. */
    public static final int DEFAULT_FRAME_BUFFER_SIZE = 2048;
    /** Default number of frame buffers (8 MiB). */
    public static final int DEFAULT_FRAME_BUFFERS = 4096;
    /** Default jumbo-pool buffer size. */
    public static final int DEFAULT_JUMBO_BUFFER_SIZE = 9216 + DEFAULT_HEADROOM;
    /** Default number of jumbo buffers (about 2.3 MiB). */
    public static final int DEFAULT_JUMBO_BUFFERS = 256;

    private final String name;
    /** Smallest buffers first. */
    private final BufferPool[] pools;
    private final List<BufferPool> poolList;
    private final int maxAllocation;
    private long allocations;
    private long chains;
    private long failures;
    private boolean closed;

    /**
     * A manager over {@code pools} (any order; it sorts them by buffer size and owns them).
     *
     * @throws IllegalArgumentException if there is no pool, or a pool's headroom leaves no room for data
     */
    public ArenaMemoryManager(String name, List<? extends BufferPool> pools) {
        this.name = Objects.requireNonNull(name, "name");
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("memory manager '" + name + "' needs at least one pool");
        }
        BufferPool[] sorted = pools.toArray(new BufferPool[0]);
        for (BufferPool pool : sorted) {
            Objects.requireNonNull(pool, "pool");
        }
        Arrays.sort(sorted, Comparator.comparingInt(BufferPool::bufferSize));
        long max = 0;
        for (BufferPool pool : sorted) {
            if (pool.defaultHeadroom() >= pool.bufferSize()) {
                throw new IllegalArgumentException("memory manager '" + name + "': pool '" + pool.name()
                        + "' has no room for data behind its headroom of " + pool.defaultHeadroom());
            }
            long whole = (long) (pool.bufferSize() - pool.defaultHeadroom())
                    + (long) (pool.capacity() - 1) * pool.bufferSize();
            max = Math.max(max, whole);
        }
        this.pools = sorted;
        this.poolList = List.of(sorted);
        this.maxAllocation = (int) Math.min(Integer.MAX_VALUE, max);
    }

    /** A builder with the two default tiers. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public PacketBuffer allocate(int size) {
        if (size < 0 || size > maxAllocation) {
            throw new IllegalArgumentException("memory manager '" + name + "': cannot allocate " + size
                    + " bytes; sizes 0.." + maxAllocation + " are served");
        }
        for (BufferPool pool : pools) {
            if (size <= pool.bufferSize() - pool.defaultHeadroom() && pool.available() > 0) {
                PacketBuffer buffer = pool.allocate();
                if (buffer != null) {
                    buffer.append(size);
                    allocations++;
                    return buffer;
                }
            }
        }
        for (int i = pools.length - 1; i >= 0; i--) {
            BufferPool pool = pools[i];
            if (pool.available() >= segmentsFor(pool, size)) {
                PacketBuffer chain = chain(pool, size);
                if (chain != null) {
                    allocations++;
                    chains++;
                    return chain;
                }
            }
        }
        failures++;
        return null;
    }

    /** How many buffers of {@code pool} a chain of {@code size} bytes takes. */
    static int segmentsFor(BufferPool pool, int size) {
        int first = pool.bufferSize() - pool.defaultHeadroom();
        if (size <= first) {
            return 1;
        }
        long rest = size - first;
        return (int) (1 + (rest + pool.bufferSize() - 1) / pool.bufferSize());
    }

    /** A chain of {@code size} bytes from {@code pool}, or null (with nothing held) if the pool runs dry. */
    private static PacketBuffer chain(BufferPool pool, int size) {
        PacketBuffer head = pool.allocate();
        if (head == null) {
            return null;
        }
        head.append(Math.min(size, head.tailroom()));
        int remaining = size - head.length();
        PacketBuffer last = head;
        while (remaining > 0) {
            PacketBuffer segment = pool.allocate();
            if (segment == null) {
                head.release(); // releases the segments linked so far too
                return null;
            }
            segment.reset(0);
            int take = Math.min(remaining, segment.tailroom());
            segment.append(take);
            last.next(segment);
            last = segment;
            remaining -= take;
        }
        return head;
    }

    @Override
    public BufferPool pool() {
        return pools[0];
    }

    @Override
    public List<BufferPool> pools() {
        return poolList;
    }

    @Override
    public int maxAllocation() {
        return maxAllocation;
    }

    @Override
    public int headroom() {
        return pools[0].defaultHeadroom();
    }

    @Override
    public long allocationFailures() {
        return failures;
    }

    @Override
    public int outstanding() {
        int total = 0;
        for (BufferPool pool : pools) {
            total += pool.outstanding();
        }
        return total;
    }

    @Override
    public MemoryStats stats() {
        long buffers = 0;
        long bytes = 0;
        long poolFailures = 0;
        for (BufferPool pool : pools) {
            buffers += pool.capacity();
            bytes += (long) pool.capacity() * pool.bufferSize();
            poolFailures += pool.allocationFailures();
        }
        return new MemoryStats(name, buffers, bytes, outstanding(), allocations, chains, failures, poolFailures);
    }

    @Override
    public String leakReport() {
        StringBuilder out = new StringBuilder();
        for (BufferPool pool : pools) {
            if (pool.outstanding() != 0) {
                out.append(pool.leakReport());
            }
        }
        return out.toString();
    }

    /** Closes every pool. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (BufferPool pool : pools) {
                pool.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ArenaMemoryManager[" + stats() + "]";
    }

    /** Builds an {@link ArenaMemoryManager} of arena pools. Cold path. */
    public static final class Builder {
        private final String name;
        private int headroom = DEFAULT_HEADROOM;
        private int frameBuffers = DEFAULT_FRAME_BUFFERS;
        private int frameBufferSize = DEFAULT_FRAME_BUFFER_SIZE;
        private int jumboBuffers = DEFAULT_JUMBO_BUFFERS;
        private int jumboBufferSize = DEFAULT_JUMBO_BUFFER_SIZE;
        private Boolean trackLeaks;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Headroom of every buffer's window at allocation. */
        public Builder headroom(int bytes) {
            this.headroom = bytes;
            return this;
        }

        /** The frame tier: {@code count} buffers of {@code size} bytes. */
        public Builder frames(int count, int size) {
            this.frameBuffers = count;
            this.frameBufferSize = size;
            return this;
        }

        /** The jumbo tier: {@code count} buffers of {@code size} bytes; a count of 0 leaves it out. */
        public Builder jumbo(int count, int size) {
            this.jumboBuffers = count;
            this.jumboBufferSize = size;
            return this;
        }

        /**
         * Records allocation sites for leak reports (allocates per buffer: tests and debugging only). Unset,
         * the pools follow the system property {@value ArenaBufferPool#TRACK_LEAKS_PROPERTY}.
         */
        public Builder trackLeaks(boolean track) {
            this.trackLeaks = track;
            return this;
        }

        /**
         * The manager.
         *
         * @throws IllegalArgumentException for a non-positive count or size, or a headroom that leaves no room
         */
        public ArenaMemoryManager build() {
            boolean track = trackLeaks != null ? trackLeaks : Boolean.getBoolean(ArenaBufferPool.TRACK_LEAKS_PROPERTY);
            List<BufferPool> built = new ArrayList<>();
            try {
                built.add(tier(name + "/frames", frameBuffers, frameBufferSize, track));
                if (jumboBuffers > 0) {
                    built.add(tier(name + "/jumbo", jumboBuffers, jumboBufferSize, track));
                }
                return new ArenaMemoryManager(name, built);
            } catch (RuntimeException e) {
                for (BufferPool pool : built) {
                    pool.close();
                }
                throw e;
            }
        }

        private BufferPool tier(String poolName, int count, int size, boolean track) {
            if (headroom >= size) {
                throw new IllegalArgumentException("pool '" + poolName + "': headroom " + headroom
                        + " leaves no room for data in " + size + "-byte buffers");
            }
            return new ArenaBufferPool(poolName, count, size, headroom, track);
        }
    }
}
