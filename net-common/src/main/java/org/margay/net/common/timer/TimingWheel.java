package org.margay.net.common.timer;

import java.util.Arrays;
import java.util.Objects;

/**
 * A hierarchical timing wheel for many timers that are mostly re-armed or cancelled before they fire
 * (retransmission, delayed ACK, keepalive, TIME_WAIT, ARP ageing). Single-threaded; after construction it
 * allocates nothing.
 *
 * <h2>Shape</h2>
 * Time is cut into ticks of {@code tickNanos}. Level 0 has {@code slotsPerLevel} slots of one tick each;
 * every level above has as many slots, each covering {@code slotsPerLevel} slots of the level below. So the
 * wheel spans {@code slotsPerLevel^levels} ticks ahead of its current tick. A timer further out than that
 * waits on an overflow list and moves into the top level once it fits (deadlines up to
 * {@link Long#MAX_VALUE} work). When the current tick reaches the start of a higher-level slot, that slot's
 * timers cascade down to the level that now fits them, ending in level 0 at the tick they are due.
 *
 * <h2>Storage</h2>
 * Timers live in preallocated parallel arrays indexed by an entry number; each slot is an intrusive doubly
 * linked list of entry numbers, so schedule, cancel and reschedule are O(1) and create no objects. At most
 * {@code capacity} timers are live at once: scheduling beyond that throws {@link IllegalStateException}
 * (check {@link #isFull()} first to drop or defer instead). The wheel does not grow.
 *
 * <h2>Timer ids</h2>
 * {@link #schedule} returns a positive id that encodes the entry number (low 32 bits) and a generation
 * counter (high 32 bits) bumped every time the entry is reused. An id whose timer fired or was cancelled is
 * stale: {@link #cancel}, {@link #reschedule}, {@link #isScheduled} and {@link #deadline} recognise it and
 * answer "not scheduled" instead of touching a newer timer. {@link #NO_TIMER} ({@code 0}) is never a valid
 * id, so callers can use it as "no timer armed". {@link #reschedule} keeps the id.
 *
 * <h2>Firing</h2>
 * {@link #expire(long, TimerHandler, int)} fires exactly the timers whose deadline is at or before
 * {@code now}: never early, and never late with respect to that call (no tick rounding: the timers of the
 * current, partly elapsed tick are compared one by one). Timers of earlier ticks fire before those of later
 * ticks; within one tick they fire in the order they entered the tick's slot (scheduling or cascading
 * order), not sorted by deadline; a timer scheduled with a deadline already past joins the current tick's
 * slot ahead of the timers of later ticks. Time passed to {@code expire} may stand still or even go back;
 * the wheel never moves backwards and nothing fires early.
 *
 * <p>Before the first {@code expire} the wheel has no current time: timers scheduled then wait on the
 * overflow list, and the first {@code expire(now)} sets the current tick and sorts them in.
 */
public final class TimingWheel {
    /** Never a valid timer id; {@link #reschedule} returns it for a stale id. */
    public static final long NO_TIMER = 0L;
    /** What {@link #deadline(long)} answers for an id that is not scheduled. */
    public static final long NOT_SCHEDULED = Long.MIN_VALUE;

    private static final int NIL = -1;
    private static final int FREE = -1;
    private static final int MAX_CAPACITY = 1 << 30;
    private static final int MAX_SLOTS_PER_LEVEL = 1 << 16;

    private final long tickNanos;
    private final int slotsPerLevel;
    private final int levels;
    private final int bits;
    private final int mask;
    private final int wordsPerLevel;
    private final int overflowList;
    private final long rangeTicks;

    /** Head and tail entry of each list: the wheel's slots level by level, then the overflow list. */
    private final int[] head;
    private final int[] tail;
    /** One bit per wheel slot: set while the slot's list is not empty. */
    private final long[] occupied;

    private final long[] deadlines;
    private final long[] payloads;
    private final int[] generations;
    private final int[] nextEntry;
    private final int[] prevEntry;
    /** The list an entry is on, or {@link #FREE}. */
    private final int[] listOf;
    private final int[] freeEntries;
    private int freeCount;
    private int size;

    private boolean started;
    private long currentTick;
    private int overflowCount;
    /** A lower bound of the overflow list's deadlines (exact until one of them is cancelled). */
    private long overflowMinDeadline = Long.MAX_VALUE;

    private boolean expiring;
    private int firingList = NIL;
    private int firingNext = NIL;

    /**
     * A wheel with ticks of {@code tickNanos}, {@code levels} levels of {@code slotsPerLevel} slots, and room
     * for {@code capacity} live timers.
     *
     * @throws IllegalArgumentException if {@code tickNanos} or {@code capacity} is not positive (capacity at
     *         most 2^30), {@code slotsPerLevel} is not a power of two in 2..65536, {@code levels} is below 1,
     *         or the wheel would span 2^63 ticks or more
     */
    public TimingWheel(long tickNanos, int slotsPerLevel, int levels, int capacity) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("timing wheel: tick must be positive, was " + tickNanos + " ns");
        }
        if (slotsPerLevel < 2 || slotsPerLevel > MAX_SLOTS_PER_LEVEL || Integer.bitCount(slotsPerLevel) != 1) {
            throw new IllegalArgumentException("timing wheel: slots per level must be a power of two in 2.."
                    + MAX_SLOTS_PER_LEVEL + ", was " + slotsPerLevel);
        }
        int slotBits = Integer.numberOfTrailingZeros(slotsPerLevel);
        if (levels < 1 || (long) levels * slotBits > 62) {
            throw new IllegalArgumentException("timing wheel: levels must be 1.." + (62 / slotBits) + " for "
                    + slotsPerLevel + " slots per level, was " + levels);
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("timing wheel: capacity must be 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.tickNanos = tickNanos;
        this.slotsPerLevel = slotsPerLevel;
        this.levels = levels;
        this.bits = slotBits;
        this.mask = slotsPerLevel - 1;
        this.wordsPerLevel = (slotsPerLevel + 63) >>> 6;
        this.overflowList = levels * slotsPerLevel;
        this.rangeTicks = 1L << (slotBits * levels);
        this.head = new int[overflowList + 1];
        this.tail = new int[overflowList + 1];
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        this.occupied = new long[levels * wordsPerLevel];
        this.deadlines = new long[capacity];
        this.payloads = new long[capacity];
        this.generations = new int[capacity];
        this.nextEntry = new int[capacity];
        this.prevEntry = new int[capacity];
        this.listOf = new int[capacity];
        this.freeEntries = new int[capacity];
        Arrays.fill(listOf, FREE);
        for (int i = 0; i < capacity; i++) {
            freeEntries[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
    }

    // ---------------------------------------------------------------- scheduling

    /**
     * Arms a timer that fires at the first {@link #expire} whose time is at or after {@code deadlineNanos}
     * (a deadline already past fires at the next {@code expire}).
     *
     * @return the timer's id, positive
     * @throws IllegalStateException if {@link #capacity()} timers are already live
     */
    public long schedule(long deadlineNanos, long payload) {
        if (freeCount == 0) {
            throw new IllegalStateException("timing wheel full: all " + deadlines.length
                    + " timers are live; cancel some or build the wheel with a larger capacity");
        }
        int entry = freeEntries[--freeCount];
        int generation = generations[entry] + 1;
        if (generation <= 0) {
            generation = 1;
        }
        generations[entry] = generation;
        deadlines[entry] = deadlineNanos;
        payloads[entry] = payload;
        size++;
        insert(entry);
        return ((long) generation << 32) | entry;
    }

    /** Disarms a timer; false (and nothing changes) if the id is stale: fired, cancelled, or never issued. */
    public boolean cancel(long timerId) {
        int entry = liveEntry(timerId);
        if (entry < 0) {
            return false;
        }
        unlink(entry);
        free(entry);
        return true;
    }

    /**
     * Moves a live timer to {@code newDeadlineNanos} in O(1), keeping its payload and its id.
     *
     * @return {@code timerId} itself, or {@link #NO_TIMER} if the id is stale (then nothing was scheduled;
     *         schedule a new timer instead)
     */
    public long reschedule(long timerId, long newDeadlineNanos) {
        int entry = liveEntry(timerId);
        if (entry < 0) {
            return NO_TIMER;
        }
        unlink(entry);
        deadlines[entry] = newDeadlineNanos;
        insert(entry);
        return timerId;
    }

    /** Whether {@code timerId} names a timer that has neither fired nor been cancelled. */
    public boolean isScheduled(long timerId) {
        return liveEntry(timerId) >= 0;
    }

    /** The deadline of a live timer, or {@link #NOT_SCHEDULED} if the id is stale. */
    public long deadline(long timerId) {
        int entry = liveEntry(timerId);
        return entry < 0 ? NOT_SCHEDULED : deadlines[entry];
    }

    /** The payload of a live timer, or 0 if the id is stale. */
    public long payload(long timerId) {
        int entry = liveEntry(timerId);
        return entry < 0 ? 0 : payloads[entry];
    }

    /** Cancels every live timer. Cold path (walks every entry). */
    public void cancelAll() {
        if (expiring) {
            throw new IllegalStateException("timing wheel: cancelAll() called from a timer handler");
        }
        for (int entry = 0; entry < listOf.length; entry++) {
            if (listOf[entry] != FREE) {
                unlink(entry);
                free(entry);
            }
        }
    }

    // ---------------------------------------------------------------- firing

    /**
     * Fires, through {@code handler}, every timer whose deadline is at or before {@code nowNanos}, earlier
     * ticks first, at most {@code limit} of them; returns how many fired. What the limit leaves behind fires
     * at the next call. The handler may schedule, cancel and reschedule timers; a timer it schedules for a
     * deadline at or before {@code nowNanos} fires within this same call while the limit allows (after the
     * timers already due in the tick being fired, whatever its own deadline).
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IllegalStateException if called from inside a handler of this wheel
     */
    public int expire(long nowNanos, TimerHandler handler, int limit) {
        Objects.requireNonNull(handler, "handler");
        if (limit < 0) {
            throw new IllegalArgumentException("timing wheel: expire limit must not be negative, was " + limit);
        }
        if (expiring) {
            throw new IllegalStateException("timing wheel: expire() called from a timer handler");
        }
        long nowTick = Math.floorDiv(nowNanos, tickNanos);
        if (!started) {
            started = true;
            currentTick = nowTick;
            if (overflowCount > 0) {
                migrateOverflow();
            }
        }
        expiring = true;
        try {
            int fired = 0;
            while (fired < limit) {
                int slot = (int) (currentTick & mask);
                if (head[slot] != NIL) {
                    fired += fireSlot(slot, nowNanos, handler, limit - fired);
                    if (fired >= limit) {
                        break;
                    }
                }
                if (currentTick >= nowTick) {
                    break;
                }
                if (size == 0) {
                    currentTick = nowTick;
                    break;
                }
                moveTo(nextEventTick(nowTick));
            }
            return fired;
        } finally {
            expiring = false;
            firingList = NIL;
            firingNext = NIL;
        }
    }

    /**
     * The earliest deadline among the live timers, or {@link Long#MAX_VALUE} when there are none. Exact when
     * that timer sits in level 0 (within {@code slotsPerLevel} ticks of the wheel's current tick); otherwise a
     * lower bound: the start of the tick at which the next non-empty higher slot cascades (or the overflow
     * list's lowest deadline seen, which cancellations may have made stale). An {@code expire} at that time
     * cascades the slot, after which the answer is tighter; a driver that sleeps until this time and expires
     * therefore never misses a timer, and at worst wakes {@code levels} times before it.
     */
    public long nextDeadline() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long earliest = overflowCount > 0 ? overflowMinDeadline : Long.MAX_VALUE;
        if (!started) {
            return earliest;
        }
        int ahead = firstOccupied(0, (int) (currentTick & mask), slotsPerLevel);
        if (ahead >= 0) {
            earliest = Math.min(earliest, minDeadline((int) ((currentTick + ahead) & mask)));
        }
        for (int level = 1; level < levels; level++) {
            int shift = level * bits;
            long base = currentTick >> shift;
            ahead = firstOccupied(level, (int) ((base + 1) & mask), slotsPerLevel);
            if (ahead >= 0) {
                earliest = Math.min(earliest, tickStart((base + 1 + ahead) << shift));
            }
        }
        return earliest;
    }

    /** Live timers. */
    public int size() {
        return size;
    }

    /** Whether no timer is live. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Most timers live at once. */
    public int capacity() {
        return deadlines.length;
    }

    /** Whether {@link #schedule} would throw for lack of room. */
    public boolean isFull() {
        return freeCount == 0;
    }

    /** The tick length in nanoseconds. */
    public long tickNanos() {
        return tickNanos;
    }

    /** How far ahead of its current tick the wheel holds timers without the overflow list, in nanoseconds. */
    public long spanNanos() {
        return rangeTicks > Long.MAX_VALUE / tickNanos ? Long.MAX_VALUE : rangeTicks * tickNanos;
    }

    @Override
    public String toString() {
        return "TimingWheel[" + size + "/" + deadlines.length + " live, tick " + tickNanos + " ns, " + levels + "x"
                + slotsPerLevel + " slots" + (started ? ", at tick " + currentTick : ", not started")
                + (overflowCount > 0 ? ", " + overflowCount + " beyond span" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    private int fireSlot(int slot, long nowNanos, TimerHandler handler, int budget) {
        int fired = 0;
        firingList = slot;
        firingNext = head[slot];
        while (firingNext != NIL && fired < budget) {
            int entry = firingNext;
            firingNext = nextEntry[entry];
            if (deadlines[entry] <= nowNanos) {
                long id = ((long) generations[entry] << 32) | entry;
                long payload = payloads[entry];
                unlink(entry);
                free(entry);
                fired++;
                handler.onTimer(id, payload, nowNanos);
            }
        }
        firingList = NIL;
        firingNext = NIL;
        return fired;
    }

    /** Moves the current tick forward to {@code tick}, bringing in overflow timers and cascading slots. */
    private void moveTo(long tick) {
        currentTick = tick;
        if (overflowCount > 0 && tick >= overflowMigrationTick()) {
            migrateOverflow();
        }
        for (int level = levels - 1; level >= 1; level--) {
            int shift = level * bits;
            if ((tick & ((1L << shift) - 1)) == 0) {
                cascade(level * slotsPerLevel + (int) ((tick >> shift) & mask));
            }
        }
    }

    /**
     * The next tick after the current one, at most {@code limitTick}, at which something happens: a non-empty
     * level-0 slot comes due, a non-empty higher slot cascades, or overflow timers start to fit.
     */
    private long nextEventTick(long limitTick) {
        long best = limitTick;
        int ahead = firstOccupied(0, (int) ((currentTick + 1) & mask), slotsPerLevel - 1);
        if (ahead >= 0) {
            best = Math.min(best, currentTick + 1 + ahead);
        }
        for (int level = 1; level < levels; level++) {
            int shift = level * bits;
            long base = currentTick >> shift;
            ahead = firstOccupied(level, (int) ((base + 1) & mask), slotsPerLevel);
            if (ahead >= 0) {
                long quotient = base + 1 + ahead;
                if (quotient <= (best >> shift)) {
                    best = quotient << shift;
                }
            }
        }
        if (overflowCount > 0) {
            best = Math.min(best, Math.max(currentTick + 1, overflowMigrationTick()));
        }
        return best;
    }

    /** The first tick at which the overflow list's earliest timer fits inside the wheel's span. */
    private long overflowMigrationTick() {
        long minTick = Math.floorDiv(overflowMinDeadline, tickNanos);
        return minTick < Long.MIN_VALUE + rangeTicks ? Long.MIN_VALUE : minTick - rangeTicks + 1;
    }

    private void migrateOverflow() {
        long remainingMin = Long.MAX_VALUE;
        int entry = head[overflowList];
        while (entry != NIL) {
            int following = nextEntry[entry];
            long tick = Math.floorDiv(deadlines[entry], tickNanos);
            long delta = tick - currentTick;
            if (tick <= currentTick || (delta > 0 && delta < rangeTicks)) {
                unlink(entry);
                insert(entry);
            } else {
                remainingMin = Math.min(remainingMin, deadlines[entry]);
            }
            entry = following;
        }
        overflowMinDeadline = remainingMin;
    }

    private void cascade(int list) {
        int entry = head[list];
        if (entry == NIL) {
            return;
        }
        head[list] = NIL;
        tail[list] = NIL;
        clearOccupied(list);
        while (entry != NIL) {
            int following = nextEntry[entry];
            insert(entry);
            entry = following;
        }
    }

    /** Puts a detached entry on the list its deadline belongs to, relative to the current tick. */
    private void insert(int entry) {
        if (!started) {
            linkOverflow(entry);
            return;
        }
        long tick = Math.floorDiv(deadlines[entry], tickNanos);
        if (tick < currentTick && firingList == NIL) {
            linkOverdue(entry, tick, (int) (currentTick & mask));
            return;
        }
        if (tick <= currentTick) {
            link(entry, (int) (currentTick & mask));
            return;
        }
        long delta = tick - currentTick;
        if (delta < 0) { // the subtraction overflowed: far beyond any span
            linkOverflow(entry);
            return;
        }
        int level = (63 - Long.numberOfLeadingZeros(delta)) / bits;
        if (level >= levels) {
            linkOverflow(entry);
            return;
        }
        link(entry, level * slotsPerLevel + (int) ((tick >> (level * bits)) & mask));
    }

    private void linkOverflow(int entry) {
        link(entry, overflowList);
        overflowCount++;
        overflowMinDeadline = Math.min(overflowMinDeadline, deadlines[entry]);
    }

    /** Appends {@code entry} to {@code list}; an append to the slot being fired is visited by that pass. */
    private void link(int entry, int list) {
        int last = tail[list];
        prevEntry[entry] = last;
        nextEntry[entry] = NIL;
        if (last == NIL) {
            head[list] = entry;
            if (list != overflowList) {
                setOccupied(list);
            }
        } else {
            nextEntry[last] = entry;
        }
        tail[list] = entry;
        listOf[entry] = list;
        if (list == firingList && firingNext == NIL) {
            firingNext = entry;
        }
    }

    /**
     * Puts an entry whose tick is already past into the current slot ahead of the timers of later ticks, so
     * that earlier ticks still fire first. Walks only the overdue timers at the front of the slot (rare).
     */
    private void linkOverdue(int entry, long tick, int list) {
        int after = head[list];
        while (after != NIL && Math.floorDiv(deadlines[after], tickNanos) <= tick) {
            after = nextEntry[after];
        }
        if (after == NIL) {
            link(entry, list);
            return;
        }
        int before = prevEntry[after];
        prevEntry[entry] = before;
        nextEntry[entry] = after;
        prevEntry[after] = entry;
        if (before == NIL) {
            head[list] = entry;
        } else {
            nextEntry[before] = entry;
        }
        listOf[entry] = list;
    }

    private void unlink(int entry) {
        int list = listOf[entry];
        int before = prevEntry[entry];
        int after = nextEntry[entry];
        if (entry == firingNext) {
            firingNext = after;
        }
        if (before == NIL) {
            head[list] = after;
        } else {
            nextEntry[before] = after;
        }
        if (after == NIL) {
            tail[list] = before;
        } else {
            prevEntry[after] = before;
        }
        if (list == overflowList) {
            if (--overflowCount == 0) {
                overflowMinDeadline = Long.MAX_VALUE;
            }
        } else if (head[list] == NIL) {
            clearOccupied(list);
        }
    }

    private void free(int entry) {
        listOf[entry] = FREE;
        freeEntries[freeCount++] = entry;
        size--;
    }

    private int liveEntry(long timerId) {
        if (timerId <= 0) {
            return -1;
        }
        int entry = (int) timerId;
        if (entry < 0 || entry >= listOf.length || listOf[entry] == FREE
                || generations[entry] != (int) (timerId >>> 32)) {
            return -1;
        }
        return entry;
    }

    private long minDeadline(int list) {
        long min = Long.MAX_VALUE;
        for (int entry = head[list]; entry != NIL; entry = nextEntry[entry]) {
            min = Math.min(min, deadlines[entry]);
        }
        return min;
    }

    private long tickStart(long tick) {
        if (tick > Long.MAX_VALUE / tickNanos) {
            return Long.MAX_VALUE;
        }
        if (tick < Long.MIN_VALUE / tickNanos) {
            return Long.MIN_VALUE;
        }
        return tick * tickNanos;
    }

    private void setOccupied(int list) {
        int level = list >>> bits;
        int slot = list & mask;
        occupied[level * wordsPerLevel + (slot >>> 6)] |= 1L << (slot & 63);
    }

    private void clearOccupied(int list) {
        int level = list >>> bits;
        int slot = list & mask;
        occupied[level * wordsPerLevel + (slot >>> 6)] &= ~(1L << (slot & 63));
    }

    /**
     * The distance {@code j} in {@code 0..count-1} of the first non-empty slot among {@code from},
     * {@code from+1}, ... (wrapping around) of {@code level}, or -1 if those slots are all empty.
     */
    private int firstOccupied(int level, int from, int count) {
        int end = Math.min(slotsPerLevel, from + count);
        int found = firstSetBit(level, from, end);
        if (found >= 0) {
            return found - from;
        }
        int wrapped = from + count - slotsPerLevel;
        if (wrapped > 0) {
            found = firstSetBit(level, 0, wrapped);
            if (found >= 0) {
                return slotsPerLevel - from + found;
            }
        }
        return -1;
    }

    private int firstSetBit(int level, int fromSlot, int toSlot) {
        int base = level * wordsPerLevel;
        int slot = fromSlot;
        while (slot < toSlot) {
            int word = slot >>> 6;
            long bitsLeft = occupied[base + word] & (-1L << (slot & 63));
            if (bitsLeft != 0) {
                int found = (word << 6) + Long.numberOfTrailingZeros(bitsLeft);
                return found < toSlot ? found : -1;
            }
            slot = (word + 1) << 6;
        }
        return -1;
    }
}
