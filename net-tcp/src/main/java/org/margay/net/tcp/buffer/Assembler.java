package org.margay.net.tcp.buffer;

import java.util.Objects;

/**
 * Which bytes beyond RCV.NXT have arrived: the out-of-order ranges of a TCP receiver, as offsets relative to
 * RCV.NXT, and the SACK blocks to report for them (RFC 2018 §4). It records ranges only; the bytes themselves
 * sit in the {@link ReceiveBuffer}'s window.
 *
 * <p>Use per arriving segment, after the engine has trimmed it to start at or after RCV.NXT:
 * <pre>{@code
 *   boolean duplicate = assembler.covers(offset, length);     // D-SACK, RFC 2883 §4 (before add)
 *   int stored = receive.writeAt(offset, payload, 0, length); // clipped to the window
 *   int inOrder = assembler.add(offset, stored);              // in-order data goes through add too
 *   if (inOrder > 0) { receive.commit(inOrder); rcvNxt += inOrder; }
 *   else if (inOrder == Assembler.FULL) { ... }               // segment dropped: too fragmented
 * }</pre>
 *
 * <p>What must stay true:
 * <ul>
 *   <li>at most {@link #maxRanges()} ranges are held, sorted by offset, disjoint and non-adjacent (a range that
 *       overlaps or touches another is merged with it), each non-empty and starting after offset 0: a range
 *       that reaches offset 0 is in order and leaves at once through {@link #add}'s return value;</li>
 *   <li>every held range has a distinct recency stamp; the range that received the latest segment has the
 *       newest;</li>
 *   <li>no allocation after construction: fixed arrays, linear scans of at most {@code maxRanges} entries.</li>
 * </ul>
 *
 * <p>Memory: the real bound on what a receiver holds is its window in bytes, because the caller only records
 * what {@link ReceiveBuffer#writeAt} stored. The range cap bounds fragmentation (and the work per segment), not
 * memory: a segment that would need a new range when all are taken is refused ({@link #FULL}) and the sender
 * retransmits it later. Unlike a cap on queued segments (Demikernel's 16), merged ranges never count twice.
 * Data that overlaps or touches a held range is always accepted, and so is in-order data, so a full table never
 * stops the connection from making progress.
 *
 * <p>Errors: negative offsets or lengths are programming errors (the engine trims data before RCV.NXT first,
 * RFC 9293 §3.10.7.4) and throw {@link IllegalArgumentException}. Not thread-safe.
 */
public final class Assembler {
    /** What {@link #add} returns when the range table is full and the new range touches none: drop the segment. */
    public static final int FULL = -1;

    private final int maxRanges;
    /** Range k is {@code [starts[k], ends[k])}; one spare slot lets an in-order range enter a full table. */
    private final int[] starts;
    private final int[] ends;
    /** Recency of range k: larger is more recent; taken from {@link #clock}. */
    private final long[] stamps;
    private int count;
    private long clock;

    /**
     * An empty assembler that tracks at most {@code maxRanges} out-of-order ranges (at least 1; 4 or more lets a
     * SACK option carry as many blocks as fit, RFC 2018 §3).
     */
    public Assembler(int maxRanges) {
        if (maxRanges < 1) {
            throw new IllegalArgumentException("maxRanges must be at least 1, not " + maxRanges);
        }
        this.maxRanges = maxRanges;
        this.starts = new int[maxRanges + 1];
        this.ends = new int[maxRanges + 1];
        this.stamps = new long[maxRanges + 1];
    }

    /** The most ranges held at once. */
    public int maxRanges() {
        return maxRanges;
    }

    /** Whether no out-of-order byte is held. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The out-of-order ranges held. */
    public int rangeCount() {
        return count;
    }

    /** The start offset (from RCV.NXT, inclusive) of range {@code index}, ranges sorted by offset. */
    public int rangeStart(int index) {
        return starts[Objects.checkIndex(index, count)];
    }

    /** The end offset (from RCV.NXT, exclusive) of range {@code index}, ranges sorted by offset. */
    public int rangeEnd(int index) {
        return ends[Objects.checkIndex(index, count)];
    }

    /** The out-of-order bytes held: the sum of the ranges' lengths. */
    public int bytesHeld() {
        int sum = 0;
        for (int k = 0; k < count; k++) {
            sum += ends[k] - starts[k];
        }
        return sum;
    }

    /**
     * Records that the bytes {@code [offset, offset + length)} (offsets from RCV.NXT) have arrived, merging with
     * every range it overlaps or touches. If the data at offset 0 is now present, the front range leaves: it is in
     * order, every other offset moves down by its length, and its length is returned. The caller then commits that
     * many bytes and advances RCV.NXT by them (RFC 9293 §3.10.7.4). In-order data ({@code offset == 0}) goes through
     * here too, so that it pulls in whatever out-of-order data it completes.
     *
     * <p>The range that received the data becomes the most recent one for {@link #sackBlocks}, even when the data
     * was a duplicate of bytes already held (RFC 2018 §4: the first block reports the segment that triggered the
     * ACK). An empty range ({@code length == 0}) changes nothing.
     *
     * @return the bytes that became contiguous with RCV.NXT (0 if none), or {@link #FULL} when all
     *     {@link #maxRanges()} ranges are taken and the new one touches none of them: nothing was recorded
     * @throws IllegalArgumentException if {@code offset} or {@code length} is negative, or their sum overflows
     */
    public int add(int offset, int length) {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - offset) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
        if (length == 0) {
            return 0;
        }
        int end = offset + length;
        int first = 0;
        while (first < count && ends[first] < offset) {
            first++;
        }
        int last = first; // ranges [first, last) overlap or touch the new one
        while (last < count && starts[last] <= end) {
            last++;
        }
        if (last > first) {
            starts[first] = Math.min(offset, starts[first]);
            ends[first] = Math.max(end, ends[last - 1]);
            stamps[first] = ++clock;
            removeRanges(first + 1, last);
        } else {
            if (count == maxRanges && offset != 0) {
                return FULL;
            }
            insertRange(first, offset, end); // uses the spare slot only when offset == 0
        }
        if (starts[0] != 0) {
            return 0;
        }
        int inOrder = ends[0];
        removeRanges(0, 1);
        for (int k = 0; k < count; k++) {
            starts[k] -= inOrder;
            ends[k] -= inOrder;
        }
        return inOrder;
    }

    /**
     * Whether every byte of {@code [offset, offset + length)} is already held ({@code length > 0}). Ask before
     * {@link #add}: a segment wholly covered above RCV.NXT is a duplicate, which the engine reports as the first
     * block of its SACK option, a D-SACK (RFC 2883 §4, the case of duplicate data above the cumulative ACK).
     * Duplicates below RCV.NXT are the engine's to detect.
     */
    public boolean covers(int offset, int length) {
        if (offset < 0 || length <= 0 || length > Integer.MAX_VALUE - offset) {
            return false;
        }
        int end = offset + length;
        for (int k = 0; k < count && starts[k] <= offset; k++) {
            if (end <= ends[k]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first held range that {@code [offset, offset + length)} overlaps, or -1 (ask before {@link #add}). The
     * intersection, {@code [max(offset, rangeStart(i)), min(offset + length, rangeEnd(i)))}, is data received
     * twice: RFC 2883 §4 reports it as the D-SACK block, for a segment wholly or partly duplicating data held
     * above RCV.NXT (§4.1.3's example: only the first duplicated range is reported).
     */
    public int firstOverlap(int offset, int length) {
        if (offset < 0 || length <= 0 || length > Integer.MAX_VALUE - offset) {
            return -1;
        }
        int end = offset + length;
        for (int k = 0; k < count && starts[k] < end; k++) {
            if (ends[k] > offset) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Writes the SACK blocks to send (RFC 2018 §4) as offsets from RCV.NXT: block b is
     * {@code [leftOffsets[b], rightOffsets[b])}; the engine adds RCV.NXT to get the Left and Right Edges. The first
     * block is the range that received the most recent segment; the rest follow, most recently updated first, so
     * that blocks are repeated across ACKs and survive ACK loss (RFC 2018 §4). Each range is reported once.
     *
     * @param max the most blocks to write: 4, or 3 when the timestamp option is in use (RFC 2018 §3), one fewer
     *     when a D-SACK block goes first (RFC 2883 §4); clipped to the arrays' lengths
     * @return the blocks written: {@code min(max, rangeCount())}
     */
    public int sackBlocks(int[] leftOffsets, int[] rightOffsets, int max) {
        int blocks = Math.max(0, Math.min(Math.min(max, count), Math.min(leftOffsets.length, rightOffsets.length)));
        long newerThan = Long.MAX_VALUE;
        for (int b = 0; b < blocks; b++) {
            int pick = -1;
            for (int k = 0; k < count; k++) {
                if (stamps[k] < newerThan && (pick < 0 || stamps[k] > stamps[pick])) {
                    pick = k;
                }
            }
            leftOffsets[b] = starts[pick];
            rightOffsets[b] = ends[pick];
            newerThan = stamps[pick];
        }
        return blocks;
    }

    /** Forgets every range (connection reset or reuse). */
    public void clear() {
        count = 0;
        clock = 0;
    }

    private void insertRange(int at, int start, int end) {
        int moved = count - at;
        System.arraycopy(starts, at, starts, at + 1, moved);
        System.arraycopy(ends, at, ends, at + 1, moved);
        System.arraycopy(stamps, at, stamps, at + 1, moved);
        starts[at] = start;
        ends[at] = end;
        stamps[at] = ++clock;
        count++;
    }

    /** Removes ranges {@code [from, to)}, moving the later ones down. */
    private void removeRanges(int from, int to) {
        int moved = count - to;
        System.arraycopy(starts, to, starts, from, moved);
        System.arraycopy(ends, to, ends, from, moved);
        System.arraycopy(stamps, to, stamps, from, moved);
        count -= to - from;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Assembler[");
        for (int k = 0; k < count; k++) {
            text.append(k == 0 ? "" : ", ").append('[').append(starts[k]).append(", ").append(ends[k]).append(')');
        }
        return text.append(']').toString();
    }
}
