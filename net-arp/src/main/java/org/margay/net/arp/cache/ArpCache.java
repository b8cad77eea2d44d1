package org.margay.net.arp.cache;

/**
 * The Ethernet/IPv4 neighbour cache (RFC 826, RFC 1122 §2.3.2): maps IPv4 addresses to MAC addresses, resolves
 * unknown ones by broadcasting requests with retries and exponential backoff, and holds a bounded queue of
 * packets per resolution.
 *
 * <p>Entries are in one of three states: {@link #STATE_RESOLVING} (requests outstanding, packets queued),
 * {@link #STATE_REACHABLE} (learned, valid until {@code ageing} after its last confirmation) and
 * {@link #STATE_STATIC} (configured, never ages, never overwritten by received ARP). An aged entry is
 * forgotten at the next lookup, which starts a new resolution.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>No allocation after construction: slots, the hash index and every pending queue are preallocated
 *       arrays; inserting evicts the reachable entry closest to expiry when the cache is full.</li>
 *   <li>Every packet handed to {@link #enqueue} comes back exactly once, through
 *       {@link ArpActions#sendPending} or {@link ArpActions#dropPending}.</li>
 *   <li>{@link #nextDeadline()} is the earliest retry or failure time of any resolution, or
 *       {@link Long#MAX_VALUE}; {@link #poll} does nothing before it.</li>
 * </ul>
 * Single-threaded.
 *
 * @param <P> the type of a waiting packet
 */
public final class ArpCache<P> {
    /** Returned by {@link #lookup} when no valid mapping exists. */
    public static final long NO_MAC = -1L;
    /** Slot not in use (also the answer of {@link #state} for unknown addresses). */
    public static final int STATE_NONE = 0;
    /** Requests are outstanding for this address. */
    public static final int STATE_RESOLVING = 1;
    /** A learned mapping, valid until it ages. */
    public static final int STATE_REACHABLE = 2;
    /** A configured mapping: never ages, never replaced by received ARP. */
    public static final int STATE_STATIC = 3;

    private final ArpCacheConfig config;
    private final int capacity;
    private final int queueLength;
    // Per slot.
    private final int[] ips;
    private final long[] macs;
    private final byte[] states;
    private final long[] deadlines;   // REACHABLE: expiry; RESOLVING: next retry or failure time
    private final int[] requestsSent;
    private final long[] retryWaits;
    private final Object[] pending;   // slot * queueLength .. + queueLength - 1, a ring
    private final int[] pendingHead;
    private final int[] pendingCount;
    private final int[] freeSlots;
    private int freeCount;
    // Hash index: open addressing with linear probing, values are slot + 1 (0 = empty).
    private final int[] index;
    private final int indexMask;

    private int resolving;
    private long nextDeadline = Long.MAX_VALUE;

    private long requestCount;
    private long resolutionFailures;
    private long pendingOverflowDrops;
    private long evictions;
    private long insertFailures;
    private long updates;

    /** An empty cache. */
    public ArpCache(ArpCacheConfig config) {
        this.config = config;
        this.capacity = config.capacity();
        this.queueLength = config.pendingPerEntry();
        ips = new int[capacity];
        macs = new long[capacity];
        states = new byte[capacity];
        deadlines = new long[capacity];
        requestsSent = new int[capacity];
        retryWaits = new long[capacity];
        pending = new Object[capacity * queueLength];
        pendingHead = new int[capacity];
        pendingCount = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        int size = Integer.highestOneBit(capacity * 2 - 1) << 1;
        index = new int[Math.max(size, 4)];
        indexMask = index.length - 1;
    }

    /** The configuration this cache was built with. */
    public ArpCacheConfig config() {
        return config;
    }

    /**
     * The MAC address {@code ip} maps to, or {@link #NO_MAC} when unknown, resolving or aged. An aged entry is
     * removed here (RFC 1122 §2.3.2.1: a timeout flushes stale entries).
     */
    public long lookup(int ip, long now) {
        int slot = find(ip);
        if (slot < 0) {
            return NO_MAC;
        }
        int state = states[slot];
        if (state == STATE_STATIC) {
            return macs[slot];
        }
        if (state == STATE_REACHABLE) {
            if (now - deadlines[slot] < 0) {
                return macs[slot];
            }
            removeSlot(slot);
        }
        return NO_MAC;
    }

    /**
     * Queues {@code packet} until {@code ip} resolves. Starts a resolution (one request sent now) when none is
     * under way. When the address's queue is full, the oldest packet is dropped (counted,
     * {@link ArpActions#dropPending}). When no slot can be had, {@code packet} itself is dropped. Call only
     * after {@link #lookup} answered {@link #NO_MAC}.
     */
    public void enqueue(int ip, P packet, long now, ArpActions<P> actions) {
        int slot = find(ip);
        if (slot >= 0 && states[slot] != STATE_RESOLVING) {
            if (states[slot] == STATE_REACHABLE && now - deadlines[slot] < 0 || states[slot] == STATE_STATIC) {
                actions.sendPending(packet, ip, macs[slot]);
                return;
            }
            removeSlot(slot);
            slot = -1;
        }
        if (slot < 0) {
            slot = insert(ip);
            if (slot < 0) {
                insertFailures++;
                actions.dropPending(packet, ip, true);
                return;
            }
            states[slot] = STATE_RESOLVING;
            resolving++;
            requestsSent[slot] = 1;
            retryWaits[slot] = config.firstRetryNanos();
            deadlines[slot] = now + config.firstRetryNanos();
            nextDeadline = Math.min(nextDeadline, deadlines[slot]);
            requestCount++;
            actions.sendRequest(ip);
        }
        int base = slot * queueLength;
        if (pendingCount[slot] == queueLength) {
            @SuppressWarnings("unchecked")
            P oldest = (P) pending[base + pendingHead[slot]];
            pending[base + pendingHead[slot]] = null;
            pendingHead[slot] = (pendingHead[slot] + 1) % queueLength;
            pendingCount[slot]--;
            pendingOverflowDrops++;
            actions.dropPending(oldest, ip, false);
        }
        pending[base + (pendingHead[slot] + pendingCount[slot]) % queueLength] = packet;
        pendingCount[slot]++;
    }

    /**
     * Applies a received ARP packet's sender mapping (RFC 826 "Packet Reception"): if the sender's address is in
     * the table, its MAC is updated (the merge flag); otherwise, if this host is the target, the mapping is
     * added. Either way, packets waiting for the sender go out. Static entries are never changed. A sender
     * address of 0 (an RFC 5227 probe) teaches nothing.
     *
     * @return true if the table was merged into or extended
     */
    public boolean update(int senderIp, long senderMac, boolean targetIsUs, long now, ArpActions<P> actions) {
        if (senderIp == 0 || senderMac == 0 || (senderMac & 0x0100_0000_0000L) != 0) {
            return false; // no address, or a group MAC, cannot be a neighbour's unicast mapping
        }
        int slot = find(senderIp);
        if (slot >= 0) {
            if (states[slot] == STATE_STATIC) {
                return false;
            }
        } else {
            if (!targetIsUs) {
                return false;
            }
            slot = insert(senderIp);
            if (slot < 0) {
                insertFailures++;
                return false;
            }
        }
        boolean wasResolving = states[slot] == STATE_RESOLVING;
        if (wasResolving) {
            resolving--;
        }
        states[slot] = STATE_REACHABLE;
        macs[slot] = senderMac;
        deadlines[slot] = now + config.ageingNanos();
        updates++;
        if (wasResolving) {
            flush(slot, senderIp, senderMac, actions);
        }
        return true;
    }

    /** Adds or replaces a static mapping (never ages; packets waiting for it go out). */
    public void addStatic(int ip, long mac, ArpActions<P> actions) {
        int slot = find(ip);
        if (slot < 0) {
            slot = insert(ip);
            if (slot < 0) {
                throw new IllegalStateException("ARP cache full of static entries (" + capacity + ")");
            }
        }
        boolean wasResolving = states[slot] == STATE_RESOLVING;
        if (wasResolving) {
            resolving--;
        }
        states[slot] = STATE_STATIC;
        macs[slot] = mac;
        if (wasResolving) {
            flush(slot, ip, mac, actions);
        }
    }

    /** Forgets {@code ip}'s entry; packets waiting for it are dropped as failed. Returns whether it existed. */
    public boolean remove(int ip, ArpActions<P> actions) {
        int slot = find(ip);
        if (slot < 0) {
            return false;
        }
        dropAll(slot, ip, actions);
        removeSlot(slot);
        return true;
    }

    /**
     * Runs due retries: a resolution whose wait ran out sends another request (the wait doubles up to the
     * configured maximum) or, after {@code maxRequests}, fails and drops its packets. Returns the number of
     * requests sent plus resolutions failed.
     */
    public int poll(long now, ArpActions<P> actions) {
        if (now - nextDeadline < 0 || resolving == 0) {
            if (resolving == 0) {
                nextDeadline = Long.MAX_VALUE;
            }
            return 0;
        }
        int work = 0;
        long next = Long.MAX_VALUE;
        for (int slot = 0; slot < capacity; slot++) {
            if (states[slot] != STATE_RESOLVING) {
                continue;
            }
            if (now - deadlines[slot] >= 0) {
                work++;
                if (requestsSent[slot] >= config.maxRequests()) {
                    resolutionFailures++;
                    int ip = ips[slot];
                    dropAll(slot, ip, actions);
                    removeSlot(slot);
                    continue;
                }
                requestsSent[slot]++;
                requestCount++;
                long wait = Math.min(retryWaits[slot] * 2, config.maxRetryNanos());
                retryWaits[slot] = wait;
                deadlines[slot] = now + wait;
                actions.sendRequest(ips[slot]);
            }
            next = Math.min(next, deadlines[slot]);
        }
        nextDeadline = next;
        return work;
    }

    /** The earliest time {@link #poll} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return resolving == 0 ? Long.MAX_VALUE : nextDeadline;
    }

    /** The state of {@code ip}'s entry ({@link #STATE_NONE} when absent); ageing is not applied here. */
    public int state(int ip) {
        int slot = find(ip);
        return slot < 0 ? STATE_NONE : states[slot];
    }

    /** Packets waiting for {@code ip}. */
    public int pendingFor(int ip) {
        int slot = find(ip);
        return slot < 0 ? 0 : pendingCount[slot];
    }

    /** Entries in use, of any state. */
    public int size() {
        return capacity - freeCount;
    }

    /** Resolutions under way. */
    public int resolving() {
        return resolving;
    }

    /** Requests sent (first ones and retries). */
    public long requestsSent() {
        return requestCount;
    }

    /** Resolutions that ran out of retries. */
    public long resolutionFailures() {
        return resolutionFailures;
    }

    /** Packets dropped because their resolution's queue was full (the oldest goes). */
    public long pendingOverflowDrops() {
        return pendingOverflowDrops;
    }

    /** Reachable entries evicted to make room. */
    public long evictions() {
        return evictions;
    }

    /** Insertions refused because every slot was resolving or static. */
    public long insertFailures() {
        return insertFailures;
    }

    /** Mappings learned or refreshed from received ARP. */
    public long updates() {
        return updates;
    }

    /** Drops every pending packet (as failed) and empties the cache; static entries go too. */
    public void clear(ArpActions<P> actions) {
        for (int slot = 0; slot < capacity; slot++) {
            if (states[slot] != STATE_NONE) {
                dropAll(slot, ips[slot], actions);
                removeSlot(slot);
            }
        }
    }

    private void flush(int slot, int ip, long mac, ArpActions<P> actions) {
        int base = slot * queueLength;
        while (pendingCount[slot] > 0) {
            int at = base + pendingHead[slot];
            @SuppressWarnings("unchecked")
            P packet = (P) pending[at];
            pending[at] = null;
            pendingHead[slot] = (pendingHead[slot] + 1) % queueLength;
            pendingCount[slot]--;
            actions.sendPending(packet, ip, mac);
        }
        pendingHead[slot] = 0;
    }

    private void dropAll(int slot, int ip, ArpActions<P> actions) {
        int base = slot * queueLength;
        while (pendingCount[slot] > 0) {
            int at = base + pendingHead[slot];
            @SuppressWarnings("unchecked")
            P packet = (P) pending[at];
            pending[at] = null;
            pendingHead[slot] = (pendingHead[slot] + 1) % queueLength;
            pendingCount[slot]--;
            actions.dropPending(packet, ip, true);
        }
        pendingHead[slot] = 0;
    }

    private static int hash(int ip) {
        int h = ip * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    private int find(int ip) {
        int i = hash(ip) & indexMask;
        while (true) {
            int v = index[i];
            if (v == 0) {
                return -1;
            }
            if (ips[v - 1] == ip) {
                return v - 1;
            }
            i = (i + 1) & indexMask;
        }
    }

    /** A fresh slot for {@code ip} (absent), evicting the reachable entry nearest expiry if full; -1 if none. */
    private int insert(int ip) {
        if (freeCount == 0) {
            int victim = -1;
            for (int slot = 0; slot < capacity; slot++) {
                if (states[slot] == STATE_REACHABLE && (victim < 0 || deadlines[slot] - deadlines[victim] < 0)) {
                    victim = slot;
                }
            }
            if (victim < 0) {
                return -1;
            }
            evictions++;
            removeSlot(victim);
        }
        int slot = freeSlots[--freeCount];
        ips[slot] = ip;
        states[slot] = STATE_NONE;
        pendingHead[slot] = 0;
        pendingCount[slot] = 0;
        int i = hash(ip) & indexMask;
        while (index[i] != 0) {
            i = (i + 1) & indexMask;
        }
        index[i] = slot + 1;
        return slot;
    }

    private void removeSlot(int slot) {
        if (states[slot] == STATE_RESOLVING) {
            resolving--;
        }
        states[slot] = STATE_NONE;
        int i = hash(ips[slot]) & indexMask;
        while (index[i] != slot + 1) {
            i = (i + 1) & indexMask;
        }
        // Backward-shift deletion keeps linear probing correct without tombstones.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & indexMask;
            int v = index[j];
            if (v == 0) {
                break;
            }
            int home = hash(ips[v - 1]) & indexMask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                index[hole] = v;
                hole = j;
            }
        }
        index[hole] = 0;
        freeSlots[freeCount++] = slot;
    }
}
