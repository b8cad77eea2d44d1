package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * One side's frame slots inside the shared mapping, as a {@link BufferPool}: what a stack on a
 * {@link ShmDevice} allocates its frames from, so that a transmitted frame is already where the peer reads
 * it (zero copy).
 *
 * <p>A slot is in one of three places:
 * <ul>
 *   <li><b>free</b>, on this pool's free stack;</li>
 *   <li><b>held</b> by this process (the stack building or keeping a frame);</li>
 *   <li><b>in flight</b>: published to the peer, which reads it in place. The device keeps one reference
 *       ({@link #markInFlight}) until the peer hands the slot number back on the return ring
 *       ({@link #reclaim()}), and only then can the slot become free.</li>
 * </ul>
 * {@link #allocate()} reclaims returned slots first when the free stack is empty.
 *
 * <p>The peer's returns are untrusted input: a slot number out of range or not in flight is counted in
 * {@link #badReturns()} and ignored. Single-threaded, allocation-free.
 */
final class ShmBufferPool implements BufferPool {
    private final String name;
    private final int slotBytes;
    private final int headroom;
    private final PacketBuffer[] buffers;
    private final PacketBuffer[] inFlight;
    private final int[] freeSlots;
    private final MemorySegment mapping;
    private final ShmRing returns;
    private int freeCount;
    private int inFlightCount;
    private long allocationFailures;
    private long badReturns;
    private boolean closed;

    /**
     * A pool over {@code slots} slots of {@code slotBytes} at {@code slotsOffset} of {@code mapping}, whose
     * in-flight slots come back on {@code returns} (this process is that ring's consumer).
     */
    ShmBufferPool(String name, MemorySegment mapping, long slotsOffset, int slots, int slotBytes, int headroom,
                  ShmRing returns) {
        this.name = name;
        this.slotBytes = slotBytes;
        this.headroom = headroom;
        this.mapping = mapping;
        this.returns = returns;
        this.buffers = new PacketBuffer[slots];
        this.inFlight = new PacketBuffer[slots];
        this.freeSlots = new int[slots];
        PacketBuffer.Recycler recycler = this::recycle;
        for (int i = 0; i < slots; i++) {
            buffers[i] = new PacketBuffer(mapping.asSlice(slotsOffset + (long) i * slotBytes, slotBytes), i, recycler, name);
            freeSlots[i] = slots - 1 - i;
        }
        freeCount = slots;
    }

    @Override
    public PacketBuffer allocate() {
        if (freeCount == 0) {
            reclaim();
            if (freeCount == 0) {
                allocationFailures++;
                return null;
            }
        }
        PacketBuffer buffer = buffers[freeSlots[--freeCount]];
        buffer.claim(headroom);
        return buffer;
    }

    private void recycle(PacketBuffer buffer) {
        freeSlots[freeCount++] = buffer.index();
    }

    /**
     * Whether {@code frame} is a single buffer of this pool that is not in flight already, so the device may
     * publish it as it is.
     */
    boolean canPublishInPlace(PacketBuffer frame) {
        int index = frame.index();
        return frame.next() == null && index >= 0 && index < buffers.length && buffers[index] == frame
                && inFlight[index] == null;
    }

    /** The device publishes {@code buffer} to the peer and keeps its reference until the slot comes back. */
    void markInFlight(PacketBuffer buffer) {
        inFlight[buffer.index()] = buffer;
        inFlightCount++;
    }

    /** Takes back every slot the peer has returned; returns how many. */
    int reclaim() {
        if (closed) {
            return 0;
        }
        int n = returns.available();
        if (n <= 0) {
            if (n == ShmRing.CORRUPT) {
                badReturns++;
            }
            return 0;
        }
        for (int i = 0; i < n; i++) {
            int slot = mapping.get(JAVA_INT, returns.readOffset(i));
            if (slot < 0 || slot >= inFlight.length || inFlight[slot] == null) {
                badReturns++;
                continue;
            }
            PacketBuffer buffer = inFlight[slot];
            inFlight[slot] = null;
            inFlightCount--;
            buffer.release();
        }
        returns.release(n);
        return n;
    }

    /** Drops the device's reference to every in-flight slot (the peer is gone or the device closes). */
    void abandonInFlight() {
        for (int i = 0; i < inFlight.length; i++) {
            PacketBuffer buffer = inFlight[i];
            if (buffer != null) {
                inFlight[i] = null;
                buffer.release();
            }
        }
        inFlightCount = 0;
    }

    /** Slots published to the peer and not yet returned. */
    int inFlight() {
        return inFlightCount;
    }

    /** Returns from the peer that named no in-flight slot (a buggy or corrupt peer). */
    long badReturns() {
        return badReturns;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int bufferSize() {
        return slotBytes;
    }

    @Override
    public int defaultHeadroom() {
        return headroom;
    }

    @Override
    public int capacity() {
        return buffers.length;
    }

    @Override
    public int available() {
        return freeCount;
    }

    @Override
    public int outstanding() {
        return buffers.length - freeCount;
    }

    @Override
    public long allocationFailures() {
        return allocationFailures;
    }

    @Override
    public boolean tracksLeaks() {
        return false;
    }

    @Override
    public String leakReport() {
        int outstanding = outstanding();
        if (outstanding == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("pool '" + name + "': " + outstanding + " of " + buffers.length
                + " slots still held (" + inFlightCount + " in flight to the peer)\n");
        for (PacketBuffer buffer : buffers) {
            if (buffer.isLive()) {
                text.append("  ").append(buffer).append(inFlight[buffer.index()] != null ? " (in flight)" : "")
                        .append('\n');
            }
        }
        return text.toString();
    }

    /** Marks the pool closed; the mapping itself is unmapped by the device. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ShmBufferPool[" + name + ": " + outstanding() + "/" + buffers.length + " out, " + inFlightCount
                + " in flight, " + slotBytes + " B slots]";
    }
}
