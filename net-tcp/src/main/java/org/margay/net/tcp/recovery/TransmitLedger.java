package org.margay.net.tcp.recovery;

import org.margay.net.tcp.SequenceNumber;

/**
 * The sender's record of every in-flight segment (sent and not yet cumulatively acknowledged), in sequence order:
 * the retransmission queue, the SACK scoreboard (RFC 2018, RFC 6675 §3) and the per-segment send times RACK reads
 * (RFC 8985 §6.1).
 *
 * <p>Entries sit in a ring of parallel primitive arrays: start sequence, length in sequence space (SYN and FIN count
 * one each), last and first send time, retransmission count and flag bits ({@link #SACKED}, {@link #LOST},
 * {@link #RETRANSMITTED}, {@link #SYN}, {@link #FIN}). Index 0 is always the oldest entry, whose start is SND.UNA;
 * {@link #nextSeq()} is SND.NXT.
 *
 * <p>Flag meanings. {@code SACKED}: the peer holds this entry (RFC 2018). {@code LOST}: judged lost, by RFC 6675 §4
 * IsLost ({@link #markLost}), by RACK ({@link Rack#detectLoss}) or by a timeout ({@link #markAllLost}); the flag
 * stays after the retransmission. {@code RETRANSMITTED}: a retransmission of this entry is in flight (set by
 * {@link #markRetransmitted}; cleared when the entry is judged lost again, so a lost retransmission can be repaired).
 * It plays the part of RFC 6675's HighRxt pointer, per entry, as Linux does. Whether an entry was <em>ever</em>
 * retransmitted (Karn's rule, RFC 6298 §3; RFC 8985 Segment.retransmitted) is {@code retransmissions(i) > 0}.
 *
 * <p>What must stay true, after every call:
 * <ul>
 *   <li>entries are sorted and contiguous: entry i+1 starts where entry i ends, and the last ends at
 *       {@link #nextSeq()}; every length is at least 1 and the total is below 2^31;</li>
 *   <li>{@link #sackedBytes()} is the sum of the lengths of SACKED entries and {@link #sackedSegments()} their
 *       count; {@link #pipe()} is RFC 6675 §4 SetPipe over the entries, between 0 and twice the bytes in flight;</li>
 *   <li>a ledger built with the constructor allocates nothing after construction. A {@linkplain #growable growable}
 *       one holds no entries' storage until its first {@link #add}, then at least doubles its storage (from 4
 *       entries, {@value #BYTES_PER_ENTRY} bytes each) whenever an add finds it full below the capacity: a bounded
 *       number of growths per ledger, none once it has reached the connection's largest flight. Growth keeps the
 *       entries' order and indexes.</li>
 * </ul>
 *
 * <p>When the ring is full ({@link #isFull()}), {@link #add} refuses and the engine stops sending new data, exactly
 * as if the send window were closed, until an ACK frees entries; retransmissions reuse existing entries and are
 * never refused. Size the capacity for the largest window in segments (window / SMSS, plus slack for small
 * segments).
 */
public final class TransmitLedger {
    /** The peer holds this entry (RFC 2018). */
    public static final int SACKED = 1;
    /** Judged lost (RFC 6675 §4 IsLost, RFC 8985 §6.2, or a retransmission timeout). */
    public static final int LOST = 2;
    /** A retransmission of this entry is in flight (RFC 6675 §4 SetPipe counts it again). */
    public static final int RETRANSMITTED = 4;
    /** The entry carries the SYN (one unit of sequence space, RFC 9293 §3.4). */
    public static final int SYN = 8;
    /** The entry carries the FIN (one unit of sequence space, RFC 9293 §3.4). */
    public static final int FIN = 16;
    /**
     * The entry was first sent with PSH: it ended what a SEND had queued (RFC 9293 §3.9.1). A retransmission keeps
     * the bit as it was, neither adding it nor dropping it.
     */
    public static final int PSH = 32;

    private static final int CALLER_FLAGS = SYN | FIN | PSH;

    /** Storage per entry, in bytes: four int and two long arrays. */
    public static final int BYTES_PER_ENTRY = 4 * Integer.BYTES + 2 * Long.BYTES;
    private static final int FIRST_GROWTH = 4;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];

    private final int capacity;
    private final boolean growable;
    /** Entries the arrays hold now: the ring's modulus, at most {@link #capacity}. */
    private int slots;
    private int[] startSeq;
    private int[] length;
    private long[] lastSentNanos;
    private long[] firstSentNanos;
    private int[] retransmissions;
    private int[] flags;
    private final AckResult ackResult = new AckResult();

    private int head;
    private int count;
    private int nextSeq;
    private long totalBytes;
    private long sackedBytes;
    private int sackedSegments;
    private long lostBytes; // LOST and not SACKED
    private long retransmittedBytes; // RETRANSMITTED and not SACKED
    private int highestSackedEnd;
    private long ignoredSackBlocks;
    private DeliveryListener listener;

    /**
     * A ledger for at most {@code capacity} in-flight segments, starting at {@code initialSeq} (the ISS, or SND.NXT
     * when the ledger is created later).
     */
    public TransmitLedger(int capacity, int initialSeq) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.growable = false;
        allocate(capacity);
        nextSeq = initialSeq;
        highestSackedEnd = initialSeq;
    }

    private TransmitLedger(int capacity, int initialSeq, boolean growable) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.growable = growable;
        allocate(0);
        nextSeq = initialSeq;
        highestSackedEnd = initialSeq;
    }

    /**
     * A ledger for at most {@code capacity} in-flight segments that holds no storage until its first {@link #add}
     * and then grows with the flight (doubling): the same behaviour as a ledger built with the constructor, for the
     * memory of the entries actually in flight.
     */
    public static TransmitLedger growable(int capacity, int initialSeq) {
        return new TransmitLedger(capacity, initialSeq, true);
    }

    /** The bytes of entry storage held now ({@value #BYTES_PER_ENTRY} per entry slot). */
    public long storageBytes() {
        return (long) slots * BYTES_PER_ENTRY;
    }

    /**
     * Gives a growable ledger's storage back when no entry is in flight (the connection closed or went to
     * TIME-WAIT); a later {@link #add} allocates again. Does nothing otherwise.
     *
     * @return whether storage was released
     */
    public boolean release() {
        if (!growable || count != 0 || slots == 0) {
            return false;
        }
        allocate(0);
        head = 0;
        return true;
    }

    private void allocate(int n) {
        slots = n;
        startSeq = n == 0 ? NO_INTS : new int[n];
        length = n == 0 ? NO_INTS : new int[n];
        lastSentNanos = n == 0 ? NO_LONGS : new long[n];
        firstSentNanos = n == 0 ? NO_LONGS : new long[n];
        retransmissions = n == 0 ? NO_INTS : new int[n];
        flags = n == 0 ? NO_INTS : new int[n];
    }

    /** Moves the entries, in order, to arrays of at least twice the slots (cold: a bounded number of times). */
    private void grow() {
        int n = (int) Math.min(capacity, Math.max(FIRST_GROWTH, 2L * slots));
        int[] oldStart = startSeq;
        int[] oldLength = length;
        long[] oldLast = lastSentNanos;
        long[] oldFirst = firstSentNanos;
        int[] oldRetransmissions = retransmissions;
        int[] oldFlags = flags;
        int oldSlots = slots;
        int oldHead = head;
        allocate(n);
        for (int i = 0; i < count; i++) {
            int s = oldHead + i;
            if (s >= oldSlots) {
                s -= oldSlots;
            }
            startSeq[i] = oldStart[s];
            length[i] = oldLength[s];
            lastSentNanos[i] = oldLast[s];
            firstSentNanos[i] = oldFirst[s];
            retransmissions[i] = oldRetransmissions[s];
            flags[i] = oldFlags[s];
        }
        head = 0;
    }

    /** Who hears about newly delivered entries (usually a {@link Rack}); {@code null} for nobody. */
    public void setDeliveryListener(DeliveryListener listener) {
        this.listener = listener;
    }

    /** Forgets every entry and restarts at {@code initialSeq}; counters of ignored SACK blocks are kept. */
    public void reset(int initialSeq) {
        head = 0;
        count = 0;
        nextSeq = initialSeq;
        totalBytes = 0;
        sackedBytes = 0;
        sackedSegments = 0;
        lostBytes = 0;
        retransmittedBytes = 0;
        highestSackedEnd = initialSeq;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending

    /**
     * Records a newly sent segment. Returns false (and records nothing) when the ledger is full: the engine then
     * treats its window as closed.
     *
     * @param seq its first sequence number; must equal {@link #nextSeq()} (entries are contiguous)
     * @param length its length in sequence space, SYN and FIN included; at least 1
     * @param flags {@link #SYN}, {@link #FIN} and/or {@link #PSH}; other bits are ignored
     * @param now the send time
     * @throws IllegalArgumentException when {@code seq} is not SND.NXT or the length is not positive, or the bytes
     *     in flight would reach 2^31 (engine bugs, not network input)
     */
    public boolean add(int seq, int length, int flags, long now) {
        if (seq != nextSeq || length <= 0 || totalBytes + length >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not contiguous or bad length: seq " + SequenceNumber.unsigned(seq)
                    + " SND.NXT " + SequenceNumber.unsigned(nextSeq) + " length " + length);
        }
        if (count == capacity) {
            return false;
        }
        if (count == slots) {
            grow();
        }
        int s = slot(count);
        startSeq[s] = seq;
        this.length[s] = length;
        lastSentNanos[s] = now;
        firstSentNanos[s] = now;
        retransmissions[s] = 0;
        this.flags[s] = flags & CALLER_FLAGS;
        count++;
        totalBytes += length;
        nextSeq = seq + length;
        return true;
    }

    /**
     * Records that entry {@code index} was retransmitted at {@code now}: its last send time moves (RFC 8985 §6.1),
     * its retransmission count grows (Karn, RFC 6298 §3) and it counts again in pipe while not SACKed (RFC 6675 §4
     * SetPipe).
     */
    public void markRetransmitted(int index, long now) {
        int s = slotChecked(index);
        lastSentNanos[s] = now;
        retransmissions[s]++;
        setFlags(s, flags[s] | RETRANSMITTED);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Acknowledgements

    /**
     * Applies a cumulative acknowledgement: removes every entry wholly below {@code ack} and trims an entry it ends
     * inside. An ACK at or below SND.UNA, or beyond SND.NXT (which RFC 9293 §3.10.7.4 has the engine answer and
     * drop), changes nothing. Every removed entry not SACKed before is reported to the delivery listener.
     *
     * @return the ledger's reusable result holder, valid until the next call
     */
    public AckResult acknowledge(int ack, long now) {
        AckResult r = ackResult;
        r.clear();
        if (count == 0 || !SequenceNumber.betweenExclusiveLow(startSeq[head], ack, nextSeq)) {
            return r;
        }
        while (count > 0) {
            int s = head;
            int start = startSeq[s];
            int len = length[s];
            int end = start + len;
            if (SequenceNumber.gt(end, ack)) {
                int cut = ack - start;
                if (cut > 0) {
                    trimFront(s, cut, r);
                }
                break;
            }
            int f = flags[s];
            boolean everRetransmitted = retransmissions[s] > 0;
            r.ackedBytes += len;
            r.entriesRemoved++;
            if ((f & SACKED) != 0) {
                r.previouslySackedBytes += len;
            } else {
                if (!everRetransmitted) {
                    r.rttSampleNanos = Math.max(0, now - lastSentNanos[s]); // seq order is send order here
                }
                if (listener != null) {
                    listener.onDelivered(lastSentNanos[s], end, everRetransmitted);
                }
            }
            r.anyRetransmitted |= everRetransmitted;
            r.synAcked |= (f & SYN) != 0;
            r.finAcked |= (f & FIN) != 0;
            if (!r.hasNewest || Rack.sentAfter(lastSentNanos[s], end, r.newestSentNanos, r.newestEndSeq)) {
                r.hasNewest = true;
                r.newestSentNanos = lastSentNanos[s];
                r.newestEndSeq = end;
            }
            setFlags(s, 0);
            totalBytes -= len;
            head = head + 1 == slots ? 0 : head + 1;
            count--;
        }
        if (sackedSegments == 0) {
            highestSackedEnd = count == 0 ? nextSeq : startSeq[head];
        }
        return r;
    }

    private void trimFront(int s, int cut, AckResult r) {
        int f = flags[s];
        int oldLen = length[s];
        setFlags(s, 0); // take the old contribution out of the counters
        length[s] = oldLen - cut;
        startSeq[s] += cut;
        totalBytes -= cut;
        r.ackedBytes += cut;
        if ((f & SACKED) != 0) {
            r.previouslySackedBytes += cut;
        }
        if ((f & SYN) != 0) { // the SYN is the first unit of the entry (RFC 9293 §3.4)
            r.synAcked = true;
            f &= ~SYN;
        }
        setFlags(s, f);
    }

    /**
     * Applies one SACK block {@code [left, right)} (RFC 2018 §3): marks SACKED every entry the block wholly covers.
     * A block that is empty, ends at or below SND.UNA (stale, or a D-SACK per RFC 2883 §4, which {@link Rack} reads
     * from the raw blocks) or reaches beyond SND.NXT is bogus: it is ignored and counted in
     * {@link #ignoredSackBlocks()}. A block starting below SND.UNA is clipped there. Newly SACKed entries are
     * reported to the delivery listener.
     *
     * @return the bytes newly SACKed (RFC 6937's change in SACKed data)
     */
    public int applySack(int left, int right) {
        if (count == 0 || !SequenceNumber.lt(left, right) || SequenceNumber.gt(right, nextSeq)
                || SequenceNumber.leq(right, startSeq[head])) {
            ignoredSackBlocks++;
            return 0;
        }
        int una = startSeq[head];
        if (SequenceNumber.lt(left, una)) {
            left = una;
        }
        int newly = 0;
        for (int i = firstStartingAtOrAfter(left); i < count; i++) {
            int s = slot(i);
            int end = startSeq[s] + length[s];
            if (SequenceNumber.gt(end, right)) {
                break;
            }
            int f = flags[s];
            if ((f & SACKED) == 0) {
                setFlags(s, f | SACKED);
                newly += length[s];
                if (SequenceNumber.gt(end, highestSackedEnd) || sackedSegments == 1) {
                    highestSackedEnd = end;
                }
                if (listener != null) {
                    listener.onDelivered(lastSentNanos[s], end, retransmissions[s] > 0);
                }
            }
        }
        return newly;
    }

    /** The smallest index whose start is at or after {@code seq} (SND.UNA =< seq), or {@link #size()}. */
    private int firstStartingAtOrAfter(int seq) {
        int una = startSeq[head];
        int target = seq - una;
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (startSeq[slot(mid)] - una < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // RFC 6675 §4: IsLost, SetPipe, NextSeg

    /**
     * RFC 6675 §4 IsLost, applied to every entry: marks LOST each entry not SACKED above which at least
     * {@code dupThresh} SACKed segments ("DupThresh discontiguous SACKed sequences", counted per segment as Linux
     * does) or more than {@code (dupThresh - 1) * smss} SACKed bytes lie. An entry already LOST keeps its flags (so
     * a retransmission in flight is not sent again: RFC 6675 NextSeg (1.a)).
     *
     * @return the bytes newly marked lost
     */
    public long markLost(int dupThresh, int smss) {
        if (sackedSegments == 0) {
            return 0;
        }
        long byteThreshold = (long) Math.max(dupThresh - 1, 0) * smss;
        int sackedAbove = 0;
        long sackedBytesAbove = 0;
        long newly = 0;
        for (int i = count - 1; i >= 0; i--) {
            int s = slot(i);
            int f = flags[s];
            if ((f & SACKED) != 0) {
                sackedAbove++;
                sackedBytesAbove += length[s];
            } else if ((f & LOST) == 0 && (sackedAbove >= dupThresh || sackedBytesAbove > byteThreshold)) {
                setFlags(s, f | LOST);
                newly += length[s];
            }
        }
        return newly;
    }

    /**
     * Marks entry {@code index} lost (RACK, RFC 8985 §6.2 step 5; or the engine's own rule). A SACKED entry is left
     * alone. If a retransmission of it was in flight, that retransmission is now judged lost too, so the entry
     * becomes eligible for {@link #nextSegment()} again.
     *
     * @return whether the entry's state changed
     */
    public boolean markLost(int index) {
        int s = slotChecked(index);
        int f = flags[s];
        if ((f & SACKED) != 0 || (f & (LOST | RETRANSMITTED)) == LOST) {
            return false;
        }
        setFlags(s, (f | LOST) & ~RETRANSMITTED);
        return true;
    }

    /**
     * After a retransmission timeout: every entry not SACKED is lost and no retransmission counts as in flight
     * (RFC 6675 §5.1, RFC 8985 §6.3 for the first entry). With {@code forgetSacks}, SACK state is dropped first, as
     * RFC 2018 §8 says a sender SHOULD after a timeout, in case the receiver reneged.
     */
    public void markAllLost(boolean forgetSacks) {
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            int f = flags[s];
            if (forgetSacks) {
                f &= ~SACKED;
            }
            if ((f & SACKED) == 0) {
                f = (f | LOST) & ~RETRANSMITTED;
            }
            setFlags(s, f);
        }
        if (sackedSegments == 0) {
            highestSackedEnd = count == 0 ? nextSeq : startSeq[head];
        }
    }

    /**
     * RFC 6675 §4 SetPipe: over the entries not SACKED, each counts its length once unless it is LOST, and once more
     * if a retransmission of it is in flight. Kept incrementally: O(1).
     */
    public long pipe() {
        return totalBytes - sackedBytes - lostBytes + retransmittedBytes;
    }

    /**
     * RFC 6675 §4 NextSeg rule (1): the index of the first entry that is LOST, not SACKED and not retransmitted since
     * it was judged lost, or -1. Rule (2), new data, is the engine's; rule (3) is {@link #nextUnsackedSegment()};
     * rule (4), the rescue retransmission, is {@link SackRecovery#rescueSegment}.
     */
    public int nextSegment() {
        if (lostBytes == 0) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int f = flags[slot(i)];
            if ((f & (LOST | SACKED | RETRANSMITTED)) == LOST) {
                return i;
            }
        }
        return -1;
    }

    /**
     * RFC 6675 §4 NextSeg rule (3) (a SHOULD, optional here): the first entry that is neither SACKED, LOST nor
     * retransmitted and lies below the highest SACKed sequence (criteria (1.a) and (1.b) without IsLost), or -1.
     * The engine tries it only when rules (1) and (2) give nothing.
     */
    public int nextUnsackedSegment() {
        if (sackedSegments == 0) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            if (SequenceNumber.geq(startSeq[s], highestSackedEnd)) {
                return -1;
            }
            if ((flags[s] & (LOST | SACKED | RETRANSMITTED)) == 0) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Counters and accessors

    /** Entries in flight. */
    public int size() {
        return count;
    }

    /** The most entries the ledger holds. */
    public int capacity() {
        return capacity;
    }

    /** Whether no entry is in flight. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether {@link #add} would refuse: the engine must stop sending new data (a closed window). */
    public boolean isFull() {
        return count == capacity;
    }

    /** SND.UNA as the ledger knows it: the start of entry 0, or {@link #nextSeq()} when empty. */
    public int firstSeq() {
        return count == 0 ? nextSeq : startSeq[head];
    }

    /** SND.NXT as the ledger knows it: the end of the last entry. */
    public int nextSeq() {
        return nextSeq;
    }

    /** The sequence space in flight: SND.NXT - SND.UNA. */
    public long bytesInFlight() {
        return totalBytes;
    }

    /** The sum of the lengths of SACKED entries. */
    public long sackedBytes() {
        return sackedBytes;
    }

    /** The number of SACKED entries (RFC 8985 RACK.segs_sacked). */
    public int sackedSegments() {
        return sackedSegments;
    }

    /** The sum of the lengths of entries LOST and not SACKED. */
    public long lostBytes() {
        return lostBytes;
    }

    /** The end of the highest SACKED entry, or SND.UNA when none is SACKED. */
    public int highestSackedEnd() {
        return sackedSegments == 0 ? firstSeq() : highestSackedEnd;
    }

    /** SACK blocks ignored as bogus (empty, at or below SND.UNA, or beyond SND.NXT) since construction. */
    public long ignoredSackBlocks() {
        return ignoredSackBlocks;
    }

    /** Entry {@code index}'s first sequence number. */
    public int startSeq(int index) {
        return startSeq[slotChecked(index)];
    }

    /** Entry {@code index}'s length in sequence space. */
    public int length(int index) {
        return length[slotChecked(index)];
    }

    /** The sequence number just past entry {@code index}. */
    public int endSeq(int index) {
        int s = slotChecked(index);
        return startSeq[s] + length[s];
    }

    /** When entry {@code index} was last (re)transmitted (RFC 8985 Segment.xmit_ts). */
    public long lastSentNanos(int index) {
        return lastSentNanos[slotChecked(index)];
    }

    /** When entry {@code index} was first transmitted. */
    public long firstSentNanos(int index) {
        return firstSentNanos[slotChecked(index)];
    }

    /** How many times entry {@code index} was retransmitted; above 0 means "ever retransmitted" (Karn). */
    public int retransmissions(int index) {
        return retransmissions[slotChecked(index)];
    }

    /** Entry {@code index}'s flag bits. */
    public int flags(int index) {
        return flags[slotChecked(index)];
    }

    /** Whether entry {@code index} is SACKED. */
    public boolean isSacked(int index) {
        return (flags(index) & SACKED) != 0;
    }

    /** Whether entry {@code index} is LOST. */
    public boolean isLost(int index) {
        return (flags(index) & LOST) != 0;
    }

    /** Whether a retransmission of entry {@code index} is in flight. */
    public boolean isRetransmitted(int index) {
        return (flags(index) & RETRANSMITTED) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals

    /** Sets a slot's flags, keeping the byte counters equal to their definitions. */
    private void setFlags(int s, int newFlags) {
        int old = flags[s];
        int len = length[s];
        if ((old & SACKED) != 0) {
            sackedBytes -= len;
            sackedSegments--;
        } else {
            if ((old & LOST) != 0) {
                lostBytes -= len;
            }
            if ((old & RETRANSMITTED) != 0) {
                retransmittedBytes -= len;
            }
        }
        if ((newFlags & SACKED) != 0) {
            sackedBytes += len;
            sackedSegments++;
        } else {
            if ((newFlags & LOST) != 0) {
                lostBytes += len;
            }
            if ((newFlags & RETRANSMITTED) != 0) {
                retransmittedBytes += len;
            }
        }
        flags[s] = newFlags;
    }

    private int slot(int index) {
        int s = head + index;
        return s >= slots ? s - slots : s;
    }

    private int slotChecked(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + count);
        }
        return slot(index);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("TransmitLedger[una=").append(SequenceNumber.unsigned(firstSeq()))
                .append(", nxt=").append(SequenceNumber.unsigned(nextSeq)).append(", pipe=").append(pipe())
                .append(", sacked=").append(sackedBytes).append(", lost=").append(lostBytes).append(':');
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            b.append(' ').append(SequenceNumber.unsigned(startSeq[s])).append('+').append(length[s]);
            int f = flags[s];
            if (f != 0) {
                b.append((f & SACKED) != 0 ? "S" : "").append((f & LOST) != 0 ? "L" : "")
                        .append((f & RETRANSMITTED) != 0 ? "R" : "").append((f & SYN) != 0 ? "y" : "")
                        .append((f & FIN) != 0 ? "f" : "");
            }
        }
        return b.append(']').toString();
    }
}
