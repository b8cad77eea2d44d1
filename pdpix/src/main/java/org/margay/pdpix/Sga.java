package org.margay.pdpix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * A scatter-gather array: one PDPIX element, made of up to {@link #MAX_SEGMENTS} segments, each the data
 * window of a reference-counted {@link PacketBuffer}. It is Demikernel's {@code demi_sgarray_t}.
 *
 * <h2>Life cycle</h2>
 * An application gets an Sga from {@link LibOS#sgaAlloc} (segments sized to cover the request, ready to be
 * written) or from a completed pop ({@link QResult#sga()}), and gives it back with {@link LibOS#sgaFree}
 * exactly once. Sga objects are pooled by their library OS ({@link SgaPool}): after {@code sgaFree} the object
 * is reused, so an application must not keep using it.
 *
 * <h2>Free-protection</h2>
 * {@code push} takes its own reference on every buffer, so {@code sgaFree} straight after {@code push} is
 * always safe: the memory returns to its pool only when the library OS releases it too.
 *
 * <h2>Address</h2>
 * On a datagram queue a popped Sga carries the sender ({@link #addressIp()}, {@link #addressPort()}); it is
 * zero elsewhere.
 *
 * <p>Not thread-safe; belongs to the thread that owns its library OS.
 */
public final class Sga {
    /** The most segments one element can have. */
    public static final int MAX_SEGMENTS = 16;

    private final PacketBuffer[] buffers = new PacketBuffer[MAX_SEGMENTS];
    private final SgaPool pool;
    private final int index;
    private int count;
    private int addressIp;
    private int addressPort;
    private int generation;
    private boolean live;

    Sga(SgaPool pool, int index) {
        this.pool = pool;
        this.index = index;
    }

    // ------------------------------------------------------------------ reading

    /** How many segments the element has (0 for an empty element, such as a pop at end of stream). */
    public int segmentCount() {
        return count;
    }

    /** The buffer behind segment {@code i}; its data window {@code [start, end)} is the segment. */
    public PacketBuffer buffer(int i) {
        checkIndex(i);
        return buffers[i];
    }

    /** Length in bytes of segment {@code i}. */
    public int segmentLength(int i) {
        checkIndex(i);
        return buffers[i].length();
    }

    /** The segment's bytes as a slice (allocates a view: cold path; the hot path reads {@link #buffer(int)}). */
    public MemorySegment segment(int i) {
        checkIndex(i);
        return buffers[i].data();
    }

    /** The element's length: the sum of its segments. */
    public long totalLength() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += buffers[i].length();
        }
        return total;
    }

    /** Whether the element has no bytes. */
    public boolean isEmpty() {
        return totalLength() == 0;
    }

    /** The peer address of a datagram (big-endian IPv4), or 0. */
    public int addressIp() {
        return addressIp;
    }

    /** The peer port of a datagram, or 0. */
    public int addressPort() {
        return addressPort;
    }

    /**
     * Copies the element's bytes, segments in order, into {@code target} at {@code offset}; returns the bytes
     * copied (the element's length, or less when the target is shorter).
     */
    public int copyTo(MemorySegment target, long offset) {
        checkLive();
        long room = target.byteSize() - offset;
        int copied = 0;
        for (int i = 0; i < count && room > 0; i++) {
            PacketBuffer b = buffers[i];
            int n = (int) Math.min(b.length(), room);
            MemorySegment.copy(b.segment(), b.start(), target, offset + copied, n);
            copied += n;
            room -= n;
        }
        return copied;
    }

    /** The element's bytes as a new array (cold path). */
    public byte[] toByteArray() {
        checkLive();
        long total = totalLength();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("element too large for an array: " + total);
        }
        byte[] out = new byte[(int) total];
        copyTo(MemorySegment.ofArray(out), 0);
        return out;
    }

    /** The element's bytes decoded as UTF-8 (cold path, for examples and tests). */
    public String toUtf8() {
        return new String(toByteArray(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Fills the element's segments in order from {@code source[offset, offset + length)}, then trims the
     * element to {@code length} bytes (dropping segments beyond it). For an application that
     * {@link LibOS#sgaAlloc allocated} at least {@code length} bytes.
     *
     * @throws IllegalArgumentException if the element is shorter than {@code length}
     */
    public Sga fill(MemorySegment source, long offset, int length) {
        checkLive();
        if (totalLength() < length) {
            throw new IllegalArgumentException("element holds " + totalLength() + " bytes, cannot fill " + length);
        }
        int remaining = length;
        long at = offset;
        for (int i = 0; i < count; i++) {
            PacketBuffer b = buffers[i];
            int n = Math.min(b.length(), remaining);
            MemorySegment.copy(source, at, b.segment(), b.start(), n);
            at += n;
            remaining -= n;
            if (n < b.length()) {
                b.trimBack(b.length() - n);
            }
        }
        dropEmptyTail();
        return this;
    }

    /** {@link #fill(MemorySegment, long, int)} from an array. */
    public Sga fill(byte[] source) {
        return fill(MemorySegment.ofArray(source), 0, source.length);
    }

    /** {@link #fill(MemorySegment, long, int)} with {@code text} encoded as UTF-8. */
    public Sga fillUtf8(String text) {
        return fill(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one byte at {@code position} of the element (counting across segments). */
    public void setByte(long position, byte value) {
        checkLive();
        long at = position;
        for (int i = 0; i < count; i++) {
            PacketBuffer b = buffers[i];
            if (at < b.length()) {
                b.segment().set(ValueLayout.JAVA_BYTE, b.start() + at, value);
                return;
            }
            at -= b.length();
        }
        throw new IndexOutOfBoundsException("position " + position + " beyond element of " + totalLength() + " bytes");
    }

    /** Reads the byte at {@code position} of the element (counting across segments). */
    public byte getByte(long position) {
        checkLive();
        long at = position;
        for (int i = 0; i < count; i++) {
            PacketBuffer b = buffers[i];
            if (at < b.length()) {
                return b.segment().get(ValueLayout.JAVA_BYTE, b.start() + at);
            }
            at -= b.length();
        }
        throw new IndexOutOfBoundsException("position " + position + " beyond element of " + totalLength() + " bytes");
    }

    // ------------------------------------------------------------------ for library OSes

    /**
     * Appends {@code buffer} as the next segment, taking over the caller's reference. For library OSes
     * building a popped element, and for applications composing an element from buffers they own.
     *
     * @throws IllegalStateException if the element already has {@link #MAX_SEGMENTS} segments
     */
    public Sga append(PacketBuffer buffer) {
        checkLive();
        if (count == MAX_SEGMENTS) {
            throw new IllegalStateException("an element has at most " + MAX_SEGMENTS + " segments");
        }
        buffers[count++] = buffer;
        return this;
    }

    /** Sets the datagram peer address (library OSes, and {@code pushTo}). */
    public void address(int ip, int port) {
        this.addressIp = ip;
        this.addressPort = port;
    }

    /** Takes one more reference on every segment (what {@code push} does for free-protection). */
    public void retainAll() {
        checkLive();
        for (int i = 0; i < count; i++) {
            buffers[i].retain();
        }
    }

    /** Whether this object is currently handed out by its pool. */
    public boolean isLive() {
        return live;
    }

    /** A number that changes every time the pooled object is handed out again (to detect stale holders). */
    public int generation() {
        return generation;
    }

    /** The pool this object belongs to. */
    public SgaPool pool() {
        return pool;
    }

    int index() {
        return index;
    }

    void activate() {
        live = true;
        generation++;
        count = 0;
        addressIp = 0;
        addressPort = 0;
    }

    /** Releases every segment's reference and empties the element. */
    void releaseSegments() {
        for (int i = 0; i < count; i++) {
            buffers[i].release();
            buffers[i] = null;
        }
        count = 0;
    }

    void deactivate() {
        releaseSegments();
        live = false;
    }

    private void dropEmptyTail() {
        while (count > 1 && buffers[count - 1].length() == 0) {
            buffers[--count].release();
            buffers[count] = null;
        }
    }

    private void checkIndex(int i) {
        checkLive();
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("segment " + i + " of " + count);
        }
    }

    private void checkLive() {
        if (!live) {
            throw new IllegalStateException("Sga used after sgaFree (pool " + pool.name() + ", slot " + index + ")");
        }
    }

    @Override
    public String toString() {
        return "Sga[" + (live ? count + " segments, " + totalLength() + " bytes" : "free") + "]";
    }
}
