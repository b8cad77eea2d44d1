package org.margay.net.common.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wheel against a plain map model, over random sequences of schedule, cancel, reschedule and expire on a
 * virtual clock: the same timers fire, none early, none lost, earlier ticks first, and the bookkeeping
 * ({@code size}, {@code isScheduled}, {@code deadline}, {@code nextDeadline} as a lower bound) agrees.
 * Small wheels make cascades and the overflow list common.
 */
class TimingWheelPropertyTest {
    private static final long SEED = 0x5EED_7113EL;

    @Test
    void smallWheelMatchesTheModel() {
        qt().withFixedSeed(SEED).withExamples(400)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 300), integers().between(-1000, 1000))
                .checkAssert((ops, start) -> run(new TimingWheel(10, 4, 2, 64), 64, ops, start * 7L, 10));
    }

    @Test
    void deeperWheelMatchesTheModel() {
        qt().withFixedSeed(SEED + 1).withExamples(300)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 300), integers().between(-1000, 1000))
                .checkAssert((ops, start) -> run(new TimingWheel(3, 8, 3, 128), 128, ops, start * 1_000_003L, 3));
    }

    @Test
    void wideSingleLevelWheelMatchesTheModel() {
        qt().withFixedSeed(SEED + 2).withExamples(200)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 300), integers().between(-1000, 1000))
                .checkAssert((ops, start) -> run(new TimingWheel(1, 128, 1, 64), 64, ops, start, 1));
    }

    /** Model state and one run of the sequence {@code ops}. */
    private static void run(TimingWheel wheel, int capacity, List<Integer> ops, long start, long tick) {
        Map<Long, Long> model = new HashMap<>(); // id -> deadline
        Map<Long, Long> payloads = new HashMap<>();
        List<Long> issued = new ArrayList<>();
        long[] now = {start};
        long[] nextPayload = {0};
        List<long[]> fired = new ArrayList<>();
        TimerHandler handler = (id, payload, at) -> {
            fired.add(new long[] {id, payload, at});
            // Every third timer re-arms a follow-up from inside the handler.
            if (payload % 3 == 0 && wheel.size() < capacity) {
                long deadline = at + 1 + payload % 97 * tick;
                long follow = wheel.schedule(deadline, 1_000_000 + payload);
                model.put(follow, deadline);
                payloads.put(follow, 1_000_000 + payload);
                issued.add(follow);
            }
        };
        wheel.expire(now[0], handler, Integer.MAX_VALUE);
        for (int op : ops) {
            int kind = Math.floorMod(op, 7);
            int arg = op >>> 3;
            switch (kind) {
                case 0, 1 -> {
                    if (wheel.size() == capacity) {
                        break;
                    }
                    long deadline = now[0] + spread(arg, tick);
                    long payload = nextPayload[0]++;
                    long id = wheel.schedule(deadline, payload);
                    assertTrue(id > 0);
                    model.put(id, deadline);
                    payloads.put(id, payload);
                    issued.add(id);
                }
                case 2 -> {
                    if (!issued.isEmpty()) {
                        long id = issued.get(Math.floorMod(arg, issued.size()));
                        assertEquals(model.remove(id) != null, wheel.cancel(id), "cancel " + id);
                    }
                }
                case 3 -> {
                    if (!issued.isEmpty()) {
                        long id = issued.get(Math.floorMod(arg, issued.size()));
                        long deadline = now[0] + spread(arg * 31, tick);
                        long answer = wheel.reschedule(id, deadline);
                        if (model.containsKey(id)) {
                            assertEquals(id, answer);
                            model.put(id, deadline);
                        } else {
                            assertEquals(TimingWheel.NO_TIMER, answer);
                        }
                    }
                }
                default -> {
                    now[0] += Math.floorMod(arg, 4) == 0 ? Math.floorMod(arg, 50_000) * tick : Math.floorMod(arg, 40);
                    int limit = Math.floorMod(arg, 5) == 0 ? 1 + Math.floorMod(arg, 3) : Integer.MAX_VALUE;
                    expireAndCheck(wheel, model, payloads, fired, handler, now[0], limit, tick);
                }
            }
            checkBookkeeping(wheel, model, issued);
        }
        // Nothing is lost: far in the future, everything left fires.
        now[0] += 10_000_000L * tick;
        for (int round = 0; !model.isEmpty(); round++) {
            assertTrue(round < 10, "timers left after 10 far expiries: " + model);
            expireAndCheck(wheel, model, payloads, fired, handler, now[0], Integer.MAX_VALUE, tick);
            now[0] += 10_000_000L * tick;
        }
        assertEquals(0, wheel.size());
    }

    /** A deadline offset from now: mostly near, sometimes past, sometimes far beyond the span. */
    private static long spread(int arg, long tick) {
        return switch (Math.floorMod(arg, 5)) {
            case 0 -> -Math.floorMod(arg, 30);
            case 1, 2 -> Math.floorMod(arg, 20 * tick);
            case 3 -> Math.floorMod(arg, 300 * tick);
            default -> Math.floorMod(arg, 100_000 * tick);
        };
    }

    private static void expireAndCheck(TimingWheel wheel, Map<Long, Long> model, Map<Long, Long> payloads,
                                       List<long[]> fired, TimerHandler handler, long now, int limit, long tick) {
        fired.clear();
        long due = model.values().stream().filter(d -> d <= now).count();
        int count = wheel.expire(now, handler, limit);
        assertEquals(fired.size(), count);
        if (limit == Integer.MAX_VALUE) {
            // Follow-ups scheduled by the handler are never due in the same call (deadline > now).
            assertEquals(due, count, "every due timer fires");
        } else {
            assertEquals(Math.min(due, limit), count);
        }
        long previousTick = Long.MIN_VALUE;
        for (long[] f : fired) {
            Long deadline = model.remove(f[0]);
            assertTrue(deadline != null, "fired a timer that was not scheduled: " + f[0]);
            assertTrue(deadline <= now, "fired early: deadline " + deadline + " now " + now);
            assertEquals(payloads.get(f[0]), f[1]);
            assertEquals(now, f[2]);
            long firedTick = Math.floorDiv(deadline, tick);
            // Earlier ticks first (within one call; overdue timers left by a limit come first in the next).
            assertTrue(firedTick >= previousTick, "order: tick " + firedTick + " after tick " + previousTick);
            previousTick = Math.max(previousTick, firedTick);
        }
    }

    private static void checkBookkeeping(TimingWheel wheel, Map<Long, Long> model, List<Long> issued) {
        assertEquals(model.size(), wheel.size());
        long min = model.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        long next = wheel.nextDeadline();
        assertTrue(next <= min, "nextDeadline " + next + " beyond the earliest deadline " + min);
        if (model.isEmpty()) {
            assertEquals(Long.MAX_VALUE, next);
        }
        for (int i = Math.max(0, issued.size() - 20); i < issued.size(); i++) {
            long id = issued.get(i);
            Long deadline = model.get(id);
            assertEquals(deadline != null, wheel.isScheduled(id));
            assertEquals(deadline == null ? TimingWheel.NOT_SCHEDULED : deadline, wheel.deadline(id));
        }
    }
}
