package org.margay.device.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * A DPDK {@code rte_mempool} of mbufs as a Margay {@link BufferPool}: every mbuf's data room is one
 * {@link PacketBuffer}, so frames go from the NIC to the stack and back without a copy (zero copy).
 *
 * <h2>Two reference counts, one rule</h2>
 * Margay counts holders with {@link PacketBuffer#retain()}/{@link PacketBuffer#release()}; DPDK counts with
 * the mbuf's {@code refcnt}. The rule that joins them: the mbuf's {@code refcnt} is 1 for "Margay holds it"
 * (whatever the Java count) plus 1 for each transmit the PMD has not finished. So:
 * <ul>
 *   <li>allocation and receive hand Margay an mbuf with {@code refcnt} 1, and the Java count starts at 1;</li>
 *   <li>when the Java count reaches 0 the mbuf is freed to DPDK (or kept in a small Java-side cache for the
 *       next allocation, which is the same thing without a call);</li>
 *   <li>transmitting a frame whose Java count is 1 (the usual case) hands Margay's share to the PMD: the Java
 *       release that follows does not free the mbuf, the PMD does once it has sent it;</li>
 *   <li>transmitting a frame someone still holds (Java count above 1) adds a PMD share to {@code refcnt}
 *       before the burst, so a PMD that frees during {@code tx_burst} leaves the memory with Margay
 *       (free-protection).</li>
 * </ul>
 *
 * <p>Each mbuf's index (0..n-1) sits in its 8-byte private area, written by the shim when the pool is made,
 * so a received mbuf finds its PacketBuffer with one load. Pools are registered by address so a frame
 * received on one port from another port's pool (a ring pair) finds its owner.
 *
 * <p>Single-threaded, as every Margay pool. Allocation and release allocate no Java objects (unless leak
 * tracking is on).
 */
public final class MbufPool implements BufferPool {
    /** All of memory, for reading mbuf fields at absolute addresses without making a segment per mbuf. */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final int CACHE_MAX = 256;
    private static final int REFILL = 32;
    private static volatile MbufPool[] registry = new MbufPool[0];

    private final String name;
    private final MbufLayout layout;
    private final MemorySegment mempool;
    private final long mempoolAddress;
    private final long[] mbufs;
    private final PacketBuffer[] buffers;
    private final boolean[] pmdOwned;
    private final Throwable[] sites;
    private final int dataRoom;
    private final int headroom;
    private final int[] cache = new int[CACHE_MAX];
    private int cached;
    private final MemorySegment bulk;
    private int outstanding;
    private long failures;
    private boolean closed;

    /**
     * Creates a mempool of {@code count} mbufs with {@code dataRoom} bytes each (headroom included) and a
     * per-lcore cache of {@code cacheSize}.
     *
     * @throws DpdkUnavailableException if DPDK cannot create it (out of memory: fewer mbufs or hugepages)
     */
    public static MbufPool create(String name, int count, int cacheSize, int dataRoom, boolean trackLeaks) {
        Eal.init();
        Objects.requireNonNull(name, "name");
        if (count <= 0 || dataRoom <= 0 || dataRoom > 0xFFFF) {
            throw new IllegalArgumentException("mbuf pool needs count > 0 and 0 < dataRoom <= 65535");
        }
        MemorySegment table = Arena.global().allocate(ValueLayout.JAVA_LONG, count);
        MemorySegment pool;
        try (Arena arena = Arena.ofConfined()) {
            pool = (MemorySegment) Dpdk.POOL_CREATE.invokeExact(arena.allocateFrom(name), count, cacheSize, (short) dataRoom, table);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (pool.address() == 0) {
            int err;
            try {
                err = (int) Dpdk.ERRNO.invokeExact();
            } catch (Throwable t) {
                throw Dpdk.rethrow(t);
            }
            throw new DpdkUnavailableException("rte_pktmbuf_pool_create(" + name + ", " + count + " mbufs of " + dataRoom
                    + " bytes) failed: " + Dpdk.strerror(err) + " (more memory: -m, or hugepages)");
        }
        MbufPool p = new MbufPool(name, Eal.layout(), pool, table.toArray(ValueLayout.JAVA_LONG), dataRoom, trackLeaks);
        register(p);
        return p;
    }

    private MbufPool(String name, MbufLayout layout, MemorySegment mempool, long[] mbufs, int dataRoom, boolean trackLeaks) {
        this.name = name;
        this.layout = layout;
        this.mempool = mempool;
        this.mempoolAddress = mempool.address();
        this.mbufs = mbufs;
        this.dataRoom = dataRoom;
        this.headroom = (int) layout.headroom();
        this.buffers = new PacketBuffer[mbufs.length];
        this.pmdOwned = new boolean[mbufs.length];
        this.sites = trackLeaks ? new Throwable[mbufs.length] : null;
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < mbufs.length; i++) {
            long m = mbufs[i];
            long bufAddr = ALL.get(ValueLayout.JAVA_LONG, m + layout.bufAddr());
            int bufLen = Short.toUnsignedInt(ALL.get(ValueLayout.JAVA_SHORT, m + layout.bufLen()));
            buffers[i] = new PacketBuffer(MemorySegment.ofAddress(bufAddr).reinterpret(bufLen), i, recycler, name);
        }
        this.bulk = Arena.global().allocate(ValueLayout.JAVA_LONG, CACHE_MAX);
    }

    // ------------------------------------------------------------------ BufferPool

    @Override
    public PacketBuffer allocate() {
        if (cached == 0 && !refill()) {
            failures++;
            return null;
        }
        int index = cache[--cached];
        PacketBuffer b = buffers[index];
        b.claim(headroom);
        outstanding++;
        if (sites != null) {
            sites[index] = new Throwable("mbuf " + name + "#" + index + " allocated here");
        }
        return b;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int bufferSize() {
        return dataRoom;
    }

    @Override
    public int defaultHeadroom() {
        return headroom;
    }

    @Override
    public int capacity() {
        return mbufs.length;
    }

    @Override
    public int available() {
        return capacity() - outstanding;
    }

    @Override
    public int outstanding() {
        return outstanding;
    }

    @Override
    public long allocationFailures() {
        return failures;
    }

    @Override
    public boolean tracksLeaks() {
        return sites != null;
    }

    @Override
    public String leakReport() {
        if (outstanding == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("mbuf pool ").append(name).append(": ").append(outstanding).append(" mbufs outstanding\n");
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i].refCount() > 0) {
                out.append("  ").append(buffers[i]).append('\n');
                if (sites != null && sites[i] != null) {
                    for (StackTraceElement e : sites[i].getStackTrace()) {
                        out.append("      at ").append(e).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** The rte_mempool itself, for port set-up. */
    MemorySegment mempoolSegment() {
        return mempool;
    }

    /** The mbufs DPDK's mempool holds free right now (the PMDs' rx rings draw from it). */
    public int mempoolAvailable() {
        try {
            return (int) Dpdk.POOL_AVAIL.invokeExact(mempool);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /**
     * Frees the Java-side cache back to DPDK and unregisters the pool. The mempool itself stays (DPDK cannot
     * free a mempool that a port's rx ring still uses; ports are closed first by their devices).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush(cached);
        unregister(this);
    }

    // ------------------------------------------------------------------ device side

    /** The pool that owns the mbuf at {@code mbuf}, or null when it is not a Margay pool's. */
    static MbufPool ownerOf(long mbuf, MbufLayout layout) {
        long pool = ALL.get(ValueLayout.JAVA_LONG, mbuf + layout.pool());
        MbufPool[] pools = registry;
        for (MbufPool p : pools) {
            if (p.mempoolAddress == pool) {
                return p;
            }
        }
        return null;
    }

    /** Whether {@code buffer} is one of this pool's. */
    boolean owns(PacketBuffer buffer) {
        int i = buffer.index();
        return i >= 0 && i < buffers.length && buffers[i] == buffer;
    }

    /** The pool among the registered ones that owns {@code buffer}, or null. */
    static MbufPool ownerOf(PacketBuffer buffer) {
        for (MbufPool p : registry) {
            if (p.owns(buffer)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Turns a received mbuf (and its segments) into a claimed PacketBuffer chain; the rx checksum verdicts
     * become offload flags.
     */
    PacketBuffer claimReceived(long mbuf) {
        int index = ALL.get(ValueLayout.JAVA_INT, mbuf + layout.privOffset());
        PacketBuffer head = buffers[index];
        int dataOff = Short.toUnsignedInt(ALL.get(ValueLayout.JAVA_SHORT, mbuf + layout.dataOff()));
        int dataLen = Short.toUnsignedInt(ALL.get(ValueLayout.JAVA_SHORT, mbuf + layout.dataLen()));
        head.claim(dataOff);
        head.append(dataLen);
        outstanding++;
        long flags = ALL.get(ValueLayout.JAVA_LONG, mbuf + layout.olFlags());
        int offload = 0;
        if ((flags & layout.rxIpChecksumGood()) == layout.rxIpChecksumGood()) {
            offload |= PacketBuffer.RX_IPV4_CHECKSUM_GOOD;
        }
        if ((flags & layout.rxL4ChecksumGood()) == layout.rxL4ChecksumGood()) {
            offload |= PacketBuffer.RX_L4_CHECKSUM_GOOD;
        }
        head.offloadFlags(offload);
        long next = ALL.get(ValueLayout.JAVA_LONG, mbuf + layout.next());
        if (next != 0) {
            // Detach the segments from the head mbuf: Margay's chain owns them now, one PacketBuffer each.
            ALL.set(ValueLayout.JAVA_LONG, mbuf + layout.next(), 0L);
            ALL.set(ValueLayout.JAVA_SHORT, mbuf + layout.nbSegs(), (short) 1);
            PacketBuffer tail = head;
            while (next != 0) {
                long following = ALL.get(ValueLayout.JAVA_LONG, next + layout.next());
                ALL.set(ValueLayout.JAVA_LONG, next + layout.next(), 0L);
                ALL.set(ValueLayout.JAVA_SHORT, next + layout.nbSegs(), (short) 1);
                MbufPool owner = ownerOf(next, layout);
                PacketBuffer segment = owner.claimSegment(next);
                tail.next(segment);
                tail = segment;
                next = following;
            }
        }
        return head;
    }

    private PacketBuffer claimSegment(long mbuf) {
        int index = ALL.get(ValueLayout.JAVA_INT, mbuf + layout.privOffset());
        PacketBuffer b = buffers[index];
        b.claim(Short.toUnsignedInt(ALL.get(ValueLayout.JAVA_SHORT, mbuf + layout.dataOff())));
        b.append(Short.toUnsignedInt(ALL.get(ValueLayout.JAVA_SHORT, mbuf + layout.dataLen())));
        outstanding++;
        return b;
    }

    /** The mbuf address behind one of this pool's buffers. */
    long mbufOf(PacketBuffer buffer) {
        return mbufs[buffer.index()];
    }

    /**
     * Writes a segment's window into its mbuf before transmit and takes the PMD's share (see the class
     * comment). {@code shared} says whether some holder other than the transmitting caller keeps the frame.
     */
    void prepareSegment(PacketBuffer segment, long mbuf, long nextMbuf, int nbSegs, int pktLen, boolean shared) {
        ALL.set(ValueLayout.JAVA_SHORT, mbuf + layout.dataOff(), (short) segment.start());
        ALL.set(ValueLayout.JAVA_SHORT, mbuf + layout.dataLen(), (short) segment.length());
        ALL.set(ValueLayout.JAVA_INT, mbuf + layout.pktLen(), pktLen);
        ALL.set(ValueLayout.JAVA_SHORT, mbuf + layout.nbSegs(), (short) nbSegs);
        ALL.set(ValueLayout.JAVA_LONG, mbuf + layout.next(), nextMbuf);
        ALL.set(ValueLayout.JAVA_LONG, mbuf + layout.olFlags(), 0L);
        if (shared) {
            refcntUpdate(mbuf, (short) 1);
        } else {
            pmdOwned[segment.index()] = true;
        }
    }

    /** Undoes {@link #prepareSegment} for a frame the PMD did not take. */
    void unprepareSegment(PacketBuffer segment, long mbuf, boolean shared) {
        ALL.set(ValueLayout.JAVA_LONG, mbuf + layout.next(), 0L);
        ALL.set(ValueLayout.JAVA_SHORT, mbuf + layout.nbSegs(), (short) 1);
        if (shared) {
            refcntUpdate(mbuf, (short) -1);
        } else {
            pmdOwned[segment.index()] = false;
        }
    }

    // ------------------------------------------------------------------ internals

    private void recycle(PacketBuffer buffer) {
        int index = buffer.index();
        outstanding--;
        if (sites != null) {
            sites[index] = null;
        }
        if (pmdOwned[index]) {
            pmdOwned[index] = false;   // the PMD frees it once sent
            return;
        }
        if (closed) {
            freeOne(index);
            return;
        }
        if (cached == CACHE_MAX) {
            flush(CACHE_MAX / 2);
        }
        cache[cached++] = index;
    }

    private boolean refill() {
        if (closed) {
            return false;
        }
        int n = REFILL;
        while (n > 0) {
            int rc;
            try {
                rc = (int) Dpdk.ALLOC_BULK.invokeExact(mempoolAddress, bulk.address(), n);
            } catch (Throwable t) {
                throw Dpdk.rethrow(t);
            }
            if (rc == 0) {
                for (int i = 0; i < n; i++) {
                    long m = bulk.getAtIndex(ValueLayout.JAVA_LONG, i);
                    cache[cached++] = ALL.get(ValueLayout.JAVA_INT, m + layout.privOffset());
                }
                return true;
            }
            n >>= 1;
        }
        return false;
    }

    private void flush(int n) {
        if (n <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            bulk.setAtIndex(ValueLayout.JAVA_LONG, i, mbufs[cache[--cached]]);
        }
        try {
            Dpdk.FREE_BULK.invokeExact(bulk.address(), n);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private void freeOne(int index) {
        bulk.setAtIndex(ValueLayout.JAVA_LONG, 0, mbufs[index]);
        try {
            Dpdk.FREE_BULK.invokeExact(bulk.address(), 1);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static void refcntUpdate(long mbuf, short delta) {
        try {
            Dpdk.REFCNT_UPDATE.invokeExact(mbuf, delta);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static synchronized void register(MbufPool pool) {
        MbufPool[] old = registry;
        MbufPool[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = pool;
        registry = grown;
    }

    private static synchronized void unregister(MbufPool pool) {
        MbufPool[] old = registry;
        int w = 0;
        MbufPool[] shrunk = new MbufPool[old.length];
        for (MbufPool p : old) {
            if (p != pool) {
                shrunk[w++] = p;
            }
        }
        registry = java.util.Arrays.copyOf(shrunk, w);
    }

    @Override
    public String toString() {
        return "MbufPool[" + name + ", " + mbufs.length + " × " + dataRoom + " B, outstanding " + outstanding + "]";
    }
}
