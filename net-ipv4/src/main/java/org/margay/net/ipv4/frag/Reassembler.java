package org.margay.net.ipv4.frag;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.net.ipv4.Ipv4Packet;

/**
 * Rebuilds fragmented IPv4 datagrams (RFC 791 §3.2 "Reassembly") with the hole-descriptor algorithm of
 * RFC 815: each datagram keeps a list of the byte ranges still missing; a fragment fills part of one hole and
 * leaves at most two smaller ones; the datagram is complete when no hole is left.
 *
 * <p>Datagrams are told apart by (source, destination, protocol, identification) (RFC 791 §3.2). A fragment
 * that overlaps bytes already received drops the whole datagram, in the spirit of RFC 5722 (which mandates
 * it for IPv6): overlaps serve only to evade filters. A fragment lying wholly inside bytes already received
 * is a duplicate and is ignored. A datagram not complete within the timeout is dropped. Payload bytes held
 * are capped per source address and in all; a fragment beyond a cap drops its datagram.
 *
 * <p>What must stay true: memory is allocated once, at construction ({@code maxDatagrams} slots of 64 KiB +
 * header room); {@link #offer} allocates nothing. A completed datagram stays readable through
 * {@link #datagram(int)} until {@link #release(int)}. Single-threaded.
 */
public final class Reassembler {
    /** {@link #offer}: the fragment was stored; the datagram is not complete yet. */
    public static final int PENDING = -1;
    /** {@link #offer}: the fragment (and possibly its datagram) was dropped; a counter says why. */
    public static final int DROPPED = -2;
    /** {@link #offer}: the fragment duplicated bytes already held and was ignored. */
    public static final int DUPLICATE = -3;

    private static final int HEADER_ROOM = Ipv4Packet.MAX_HEADER_LENGTH;
    private static final int MAX_PAYLOAD = Ipv4Packet.MAX_TOTAL_LENGTH; // upper bound, header excluded
    private static final int SLOT_SIZE = HEADER_ROOM + MAX_PAYLOAD + 8;
    private static final int INFINITY = Integer.MAX_VALUE;

    private final ReassemblyConfig config;
    private final MemorySegment memory;
    private final int slots;
    private final int maxHoles;
    private final Ipv4Packet view = new Ipv4Packet();

    private final boolean[] used;
    private final boolean[] complete;
    private final int[] sources;
    private final int[] destinations;
    private final int[] protocols;
    private final int[] identifications;
    private final long[] deadlines;
    private final int[] headerLengths;      // 0 until the first fragment arrived
    private final int[] totalPayload;       // -1 until the last fragment arrived
    private final int[] maxEnd;             // highest payload byte + 1 received so far
    private final int[] heldBytes;
    private final int[] holeCount;
    private final int[] holeFirst;
    private final int[] holeLast;
    private int active;
    private int globalHeld;

    private long fragmentsReceived;
    private long datagramsCompleted;
    private long timeouts;
    private long overlaps;
    private long duplicates;
    private long memoryDrops;
    private long slotDrops;
    private long malformed;
    private long holeOverflows;

    /** A reassembler with its slots allocated (off-heap, released when it becomes unreachable). */
    public Reassembler(ReassemblyConfig config) {
        this.config = config;
        this.slots = config.maxDatagrams();
        this.maxHoles = config.maxHoles();
        this.memory = Arena.ofAuto().allocate((long) SLOT_SIZE * slots, 8);
        used = new boolean[slots];
        complete = new boolean[slots];
        sources = new int[slots];
        destinations = new int[slots];
        protocols = new int[slots];
        identifications = new int[slots];
        deadlines = new long[slots];
        headerLengths = new int[slots];
        totalPayload = new int[slots];
        maxEnd = new int[slots];
        heldBytes = new int[slots];
        holeCount = new int[slots];
        holeFirst = new int[slots * maxHoles];
        holeLast = new int[slots * maxHoles];
    }

    /** The limits this reassembler was built with. */
    public ReassemblyConfig config() {
        return config;
    }

    /**
     * Takes one fragment (the caller has checked the packet's structure and checksum, and that it is a
     * fragment: MF set or a non-zero offset). Returns the slot of the now complete datagram, or
     * {@link #PENDING}, {@link #DUPLICATE} or {@link #DROPPED}.
     */
    public int offer(Ipv4Packet packet, long now) {
        fragmentsReceived++;
        int src = packet.source();
        int dst = packet.destination();
        int protocol = packet.protocol();
        int id = packet.identification();
        int first = packet.fragmentOffsetBytes();
        int length = packet.payloadLength();
        boolean more = packet.moreFragments();
        if (length == 0 || (more && (length & 7) != 0) || first + length > MAX_PAYLOAD - packet.headerLength()) {
            // RFC 791 §3.2: every fragment but the last carries a multiple of 8 bytes; none may exceed 65535 in all
            malformed++;
            int slot = find(src, dst, protocol, id);
            if (slot >= 0) {
                free(slot);
            }
            return DROPPED;
        }
        int last = first + length - 1;
        int slot = find(src, dst, protocol, id);
        if (slot < 0) {
            slot = allocate(now);
            if (slot < 0) {
                slotDrops++;
                return DROPPED;
            }
            used[slot] = true;
            complete[slot] = false;
            sources[slot] = src;
            destinations[slot] = dst;
            protocols[slot] = protocol;
            identifications[slot] = id;
            deadlines[slot] = now + config.timeoutNanos();
            headerLengths[slot] = 0;
            totalPayload[slot] = -1;
            maxEnd[slot] = 0;
            heldBytes[slot] = 0;
            holeCount[slot] = 1;
            holeFirst[slot * maxHoles] = 0;
            holeLast[slot * maxHoles] = INFINITY;
            active++;
        }
        // The last fragment fixes the length; anything inconsistent with it is an attack or corruption.
        if (!more) {
            if (totalPayload[slot] >= 0 && totalPayload[slot] != last + 1 || maxEnd[slot] > last + 1) {
                overlaps++;
                free(slot);
                return DROPPED;
            }
        } else if (totalPayload[slot] >= 0 && last >= totalPayload[slot]) {
            overlaps++;
            free(slot);
            return DROPPED;
        }
        // RFC 815 §3: find the hole the fragment falls in. It must lie inside exactly one hole (otherwise it
        // overlaps received bytes), or intersect none (a duplicate).
        int base = slot * maxHoles;
        int holes = holeCount[slot];
        int inside = -1;
        boolean intersects = false;
        for (int h = 0; h < holes; h++) {
            int hf = holeFirst[base + h];
            int hl = holeLast[base + h];
            if (first > hl || last < hf) {
                continue;
            }
            intersects = true;
            if (first >= hf && last <= hl) {
                inside = h;
            }
            break;
        }
        if (!intersects) {
            duplicates++;
            return DUPLICATE;
        }
        if (inside < 0) {
            overlaps++;
            free(slot);
            return DROPPED;
        }
        // RFC 791 §3.2: the reassembled datagram carries the first fragment's header and its Total Length is 16
        // bits. A first fragment with a longer header than the later ones can otherwise push it past 65535 (each
        // fragment alone fits), which would wrap Total Length. Checked as soon as the header length is known.
        int firstHeader = first == 0 ? packet.headerLength() : headerLengths[slot];
        if (firstHeader > 0 && firstHeader + Math.max(maxEnd[slot], last + 1) > MAX_PAYLOAD) {
            malformed++;
            free(slot);
            return DROPPED;
        }
        if (heldBytes[slot] + length > config.perSourceBytes() - heldBySourceExcept(src, slot)
                || globalHeld + length > config.globalBytes()) {
            memoryDrops++;
            free(slot);
            return DROPPED;
        }
        // Replace the hole by the (up to two) pieces left on either side (RFC 815 §3 steps 5 and 6).
        int hf = holeFirst[base + inside];
        int hl = holeLast[base + inside];
        holeFirst[base + inside] = holeFirst[base + holes - 1];
        holeLast[base + inside] = holeLast[base + holes - 1];
        holes--;
        if (first > hf) {
            holeFirst[base + holes] = hf;
            holeLast[base + holes] = first - 1;
            holes++;
        }
        if (last < hl && more) {
            if (holes == maxHoles) {
                holeOverflows++;
                free(slot);
                return DROPPED;
            }
            holeFirst[base + holes] = last + 1;
            holeLast[base + holes] = hl;
            holes++;
        }
        holeCount[slot] = holes;
        long slotBase = (long) slot * SLOT_SIZE;
        MemorySegment.copy(packet.segment(), packet.payloadOffset(), memory, slotBase + HEADER_ROOM + first, length);
        heldBytes[slot] += length;
        globalHeld += length;
        maxEnd[slot] = Math.max(maxEnd[slot], last + 1);
        if (!more) {
            totalPayload[slot] = last + 1;
        }
        if (first == 0) {
            int headerLength = packet.headerLength();
            headerLengths[slot] = headerLength;
            MemorySegment.copy(packet.segment(), packet.offset(), memory, slotBase + HEADER_ROOM - headerLength,
                    headerLength);
        }
        if (holes == 0) {
            int headerLength = headerLengths[slot];
            view.wrap(memory, slotBase + HEADER_ROOM - headerLength, headerLength + totalPayload[slot])
                    .totalLength(headerLength + totalPayload[slot])
                    .moreFragments(false)
                    .fragmentOffset(0)
                    .fillChecksum();
            complete[slot] = true;
            datagramsCompleted++;
            return slot;
        }
        return PENDING;
    }

    /** The memory holding completed datagram {@code slot}; it starts at {@link #datagramOffset(int)}. */
    public MemorySegment datagram(int slot) {
        checkComplete(slot);
        return memory;
    }

    /** Where completed datagram {@code slot}'s IPv4 header starts in {@link #datagram(int)}. */
    public long datagramOffset(int slot) {
        checkComplete(slot);
        return (long) slot * SLOT_SIZE + HEADER_ROOM - headerLengths[slot];
    }

    /** Completed datagram {@code slot}'s length, header included (its Total Length). */
    public int datagramLength(int slot) {
        checkComplete(slot);
        return headerLengths[slot] + totalPayload[slot];
    }

    /** Frees completed datagram {@code slot} once its reader is done. */
    public void release(int slot) {
        checkComplete(slot);
        free(slot);
    }

    /** Drops datagrams whose timeout passed; returns how many. */
    public int poll(long now) {
        if (active == 0) {
            return 0;
        }
        int expired = 0;
        for (int slot = 0; slot < slots; slot++) {
            if (used[slot] && !complete[slot] && now - deadlines[slot] >= 0) {
                free(slot);
                timeouts++;
                expired++;
            }
        }
        return expired;
    }

    /** The earliest timeout of a datagram under reassembly, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        if (active == 0) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (int slot = 0; slot < slots; slot++) {
            if (used[slot] && !complete[slot]) {
                next = Math.min(next, deadlines[slot]);
            }
        }
        return next;
    }

    /** Datagrams being reassembled or completed and not yet released. */
    public int active() {
        return active;
    }

    /** Fragment payload bytes held in all. */
    public int bytesHeld() {
        return globalHeld;
    }

    /** Fragment payload bytes held for {@code source}. */
    public int bytesHeldBy(int source) {
        return heldBySourceExcept(source, -1);
    }

    /** Fragments offered. */
    public long fragmentsReceived() {
        return fragmentsReceived;
    }

    /** Datagrams completed. */
    public long datagramsCompleted() {
        return datagramsCompleted;
    }

    /** Datagrams dropped because their timeout passed. */
    public long timeouts() {
        return timeouts;
    }

    /** Datagrams dropped because a fragment overlapped received bytes or contradicted the length. */
    public long overlaps() {
        return overlaps;
    }

    /** Fragments ignored as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    /** Datagrams dropped by the per-source or global memory cap. */
    public long memoryDrops() {
        return memoryDrops;
    }

    /** Datagrams evicted (oldest first) or fragments refused because every slot was busy. */
    public long slotDrops() {
        return slotDrops;
    }

    /**
     * Fragments with a length RFC 791 forbids (non-last not a multiple of 8, beyond 65535, empty), or that would
     * make the reassembled datagram, with its first fragment's header, longer than 65535 bytes.
     */
    public long malformed() {
        return malformed;
    }

    /** Datagrams dropped for needing more hole descriptors than configured. */
    public long holeOverflows() {
        return holeOverflows;
    }

    private int heldBySourceExcept(int source, int except) {
        int sum = 0;
        for (int slot = 0; slot < slots; slot++) {
            if (used[slot] && slot != except && sources[slot] == source) {
                sum += heldBytes[slot];
            }
        }
        return sum;
    }

    private int find(int src, int dst, int protocol, int id) {
        if (active == 0) {
            return -1;
        }
        for (int slot = 0; slot < slots; slot++) {
            if (used[slot] && !complete[slot] && identifications[slot] == id && sources[slot] == src
                    && destinations[slot] == dst && protocols[slot] == protocol) {
                return slot;
            }
        }
        return -1;
    }

    private int allocate(long now) {
        for (int slot = 0; slot < slots; slot++) {
            if (!used[slot]) {
                return slot;
            }
        }
        // All busy: give up the incomplete datagram closest to its timeout (the oldest), as Linux evicts.
        int oldest = -1;
        for (int slot = 0; slot < slots; slot++) {
            if (!complete[slot] && (oldest < 0 || deadlines[slot] - deadlines[oldest] < 0)) {
                oldest = slot;
            }
        }
        if (oldest < 0) {
            return -1;
        }
        slotDrops++;
        free(oldest);
        return oldest;
    }

    private void free(int slot) {
        if (!used[slot]) {
            return;
        }
        used[slot] = false;
        complete[slot] = false;
        globalHeld -= heldBytes[slot];
        heldBytes[slot] = 0;
        holeCount[slot] = 0;
        active--;
    }

    private void checkComplete(int slot) {
        if (slot < 0 || slot >= slots || !used[slot] || !complete[slot]) {
            throw new IllegalStateException("reassembly slot " + slot + " holds no completed datagram");
        }
    }
}
