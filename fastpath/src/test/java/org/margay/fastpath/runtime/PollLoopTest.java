package org.margay.fastpath.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.VirtualClock;

/** The poll loop on virtual time: duty-cycle order, tasks, continuations, agents, runUntil, errors. */
class PollLoopTest {
    private final VirtualClock clock = new VirtualClock(1_000_000);
    private final List<String> log = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private PollLoop loop(int timers, int continuations) {
        return PollLoop.virtual(clock, timers, continuations)
                .errorHandler((source, error) -> errors.add(source + ": " + error.getMessage()));
    }

    /** A poller that logs and reports a fixed deadline. */
    private Poller poller(String name, long deadline) {
        return new Poller() {
            @Override
            public int poll(long nowNanos) {
                log.add(name);
                return 0;
            }

            @Override
            public long nextDeadline() {
                return deadline;
            }
        };
    }

    private Agent agent(String name) {
        return new Agent() {
            @Override
            public int doWork(long nowNanos) {
                log.add(name);
                return 0;
            }

            @Override
            public String roleName() {
                return name;
            }

            @Override
            public void onStart() {
                log.add(name + " start");
            }

            @Override
            public void onClose() {
                log.add(name + " close");
            }
        };
    }

    @Test
    void dutyCycleRunsPollersTasksContinuationsThenAgents() {
        try (PollLoop loop = loop(8, 8)) {
            loop.addAgent(agent("agent"));
            loop.addPoller(poller("poller", Long.MAX_VALUE));
            loop.scheduleTask(clock.nanoTime(), now -> log.add("task"));
            loop.spawn(now -> log.add("continuation"));
            int work = loop.doWork();
            assertEquals(2, work, "one task and one continuation");
            assertEquals(List.of("agent start", "poller", "task", "continuation", "agent"), log);
            log.clear();
            assertEquals(0, loop.doWork());
            assertEquals(List.of("poller", "agent"), log);
            assertEquals(2, loop.dutyCycles());
            assertEquals(1, loop.idleCycles());
            assertEquals(2, loop.workCount());
            assertEquals(1, loop.tasksFired());
            assertEquals(1, loop.continuationsResumed());
        }
        assertEquals("agent close", log.get(log.size() - 1));
    }

    @Test
    void tasksFireAtTheirDeadlineAndCanBeCancelledOrMoved() {
        try (PollLoop loop = loop(4, 1)) {
            long start = clock.nanoTime();
            long a = loop.scheduleTask(start + 500_000, now -> log.add("a@" + (now - start)));
            long b = loop.scheduleTask(start + 200_000, now -> log.add("b@" + (now - start)));
            long c = loop.scheduleTask(start + 300_000, now -> log.add("c@" + (now - start)));
            assertTrue(a > 0 && b > 0 && c > 0);
            assertTrue(loop.cancelTask(c));
            assertFalse(loop.cancelTask(c));
            assertEquals(a, loop.rescheduleTask(a, start + 100_000));
            clock.set(start + 99_999);
            loop.doWork();
            assertTrue(log.isEmpty(), "nothing early");
            assertTrue(loop.runUntil(() -> log.size() == 2, Long.MAX_VALUE));
            assertEquals(List.of("a@100000", "b@200000"), log);
            assertFalse(loop.isTaskScheduled(a));
            assertEquals(PollLoop.NO_TASK, loop.rescheduleTask(a, start));
        }
    }

    @Test
    void fullTablesAreRefusedAndCounted() {
        try (PollLoop loop = loop(2, 1)) {
            BackgroundTask nothing = now -> { };
            loop.scheduleTask(10, nothing);
            loop.scheduleTask(10, nothing);
            assertEquals(PollLoop.NO_TASK, loop.scheduleTask(10, nothing));
            Continuation waiting = now -> false;
            assertTrue(loop.park(waiting) > 0);
            assertEquals(PollLoop.NO_HANDLE, loop.park(waiting));
            assertEquals(2, loop.rejections());
            assertThrows(NullPointerException.class, () -> loop.scheduleTask(10, null));
            assertThrows(NullPointerException.class, () -> loop.park(null));
        }
    }

    @Test
    void periodicTaskReschedulesItselfOnVirtualTime() {
        try (PollLoop loop = loop(4, 1)) {
            long start = clock.nanoTime();
            long[] ticks = {0};
            BackgroundTask[] periodic = new BackgroundTask[1];
            periodic[0] = now -> {
                ticks[0]++;
                loop.scheduleTask(now + 1_000_000, periodic[0]);
            };
            loop.scheduleTask(start + 1_000_000, periodic[0]);
            assertFalse(loop.runUntil(() -> false, start + 1_000_000_000L), "deadline, not done");
            assertEquals(start + 1_000_000_000L, clock.nanoTime(), "time sits at the deadline");
            assertEquals(1000, ticks[0]);
            assertTrue(loop.dutyCycles() < 3000, "virtual time jumps: " + loop.dutyCycles() + " cycles");
        }
    }

    @Test
    void continuationsRunOnlyWhenWokenAndWakeIsIdempotent() {
        try (PollLoop loop = loop(1, 4)) {
            int[] resumed = {0};
            boolean[] finish = {false};
            int handle = loop.park(now -> {
                resumed[0]++;
                return finish[0];
            });
            assertTrue(handle > 0);
            loop.doWork();
            assertEquals(0, resumed[0], "parked, not woken");
            assertTrue(loop.wake(handle));
            assertTrue(loop.wake(handle));
            loop.doWork();
            assertEquals(1, resumed[0], "two wakes, one resume");
            loop.doWork();
            assertEquals(1, resumed[0], "parked again after returning false");
            assertTrue(loop.isParked(handle));
            finish[0] = true;
            loop.wake(handle);
            loop.doWork();
            assertEquals(2, resumed[0]);
            assertFalse(loop.isParked(handle), "finished");
            assertFalse(loop.wake(handle), "stale handle");
            assertFalse(loop.wake(0));
            assertFalse(loop.wake(-1));
            assertFalse(loop.wake(Integer.MAX_VALUE));
            assertEquals(0, loop.parkedContinuations());
        }
    }

    @Test
    void aContinuationWokenWhileRunningRunsAgainNextCycle() {
        try (PollLoop loop = loop(1, 4)) {
            int[] resumed = {0};
            int[] handle = {0};
            handle[0] = loop.spawn(now -> {
                resumed[0]++;
                if (resumed[0] == 1) {
                    loop.wake(handle[0]);
                }
                return resumed[0] == 2;
            });
            assertEquals(1, loop.doWork());
            assertEquals(1, resumed[0], "not twice in one cycle");
            assertEquals(1, loop.doWork());
            assertEquals(2, resumed[0]);
            assertFalse(loop.isParked(handle[0]));
        }
    }

    @Test
    void droppedContinuationsNeverRunAndFreeTheirSlot() {
        try (PollLoop loop = loop(1, 1)) {
            int[] resumed = {0};
            int handle = loop.spawn(now -> ++resumed[0] > 0);
            assertTrue(loop.dropContinuation(handle));
            assertFalse(loop.dropContinuation(handle));
            loop.doWork();
            assertEquals(0, resumed[0]);
            int again = loop.park(now -> true);
            assertTrue(again > 0 && again != handle, "slot reused with a new generation");
            assertFalse(loop.wake(handle));
        }
    }

    @Test
    void runUntilStopsWhenDoneAtTheDeadlineOrWhenNothingIsLeft() {
        try (PollLoop loop = loop(4, 4)) {
            assertTrue(loop.runUntil(() -> true, 0), "done before any cycle");
            assertEquals(0, loop.dutyCycles());
            long start = clock.nanoTime();
            boolean[] flag = {false};
            int handle = loop.park(now -> flag[0] = true);
            loop.scheduleTask(start + 5_000_000, now -> loop.wake(handle));
            assertTrue(loop.runUntil(() -> flag[0], Long.MAX_VALUE));
            assertEquals(start + 5_000_000, clock.nanoTime(), "woken exactly at the task's deadline");
            assertFalse(loop.runUntil(() -> false, Long.MAX_VALUE), "nothing can ever happen: no hang");
            assertFalse(loop.runUntil(() -> false, clock.nanoTime() + 7));
            assertEquals(start + 5_000_007, clock.nanoTime());
        }
    }

    @Test
    void virtualTimeStopsAtPollerDeadlines() {
        try (PollLoop loop = loop(1, 1)) {
            long start = clock.nanoTime();
            List<Long> polls = new ArrayList<>();
            loop.addPoller(new Poller() {
                long due = start + 3_000;

                @Override
                public int poll(long nowNanos) {
                    polls.add(nowNanos - start);
                    if (nowNanos >= due) {
                        due += 3_000;
                        return 1;
                    }
                    return 0;
                }

                @Override
                public long nextDeadline() {
                    return due;
                }
            });
            assertFalse(loop.runUntil(() -> false, start + 10_000));
            assertEquals(List.of(0L, 3000L, 3000L, 6000L, 6000L, 9000L, 9000L, 10000L), polls);
        }
    }

    @Test
    void realTimeRunUntilIdlesAndStopsAtTheDeadline() {
        int[] idles = {0};
        IdleStrategy counting = new IdleStrategy() {
            @Override
            public void idle(int workCount) {
                IdleStrategy.idleOrReset(this, workCount);
            }

            @Override
            public void idle() {
                idles[0]++;
            }

            @Override
            public void reset() {
            }
        };
        // A clock that moves by itself, as a real one does, without sleeping.
        long[] time = {0};
        try (PollLoop loop = new PollLoop(() -> time[0] += 100, counting, 4, 4)) {
            assertFalse(loop.runUntil(() -> false, 10_000));
            assertTrue(idles[0] > 10, "idled " + idles[0]);
            assertTrue(time[0] >= 10_000);
        }
    }

    @Test
    void exceptionsAreCountedReportedAndNeverStopTheLoop() {
        try (PollLoop loop = loop(4, 4)) {
            loop.addPoller(new Poller() {
                @Override
                public int poll(long nowNanos) {
                    throw new IllegalStateException("poller broke");
                }

                @Override
                public long nextDeadline() {
                    return Long.MAX_VALUE;
                }
            });
            loop.addAgent(new Agent() {
                @Override
                public int doWork(long nowNanos) {
                    throw new IllegalArgumentException("agent broke");
                }

                @Override
                public String roleName() {
                    return "app";
                }
            });
            loop.scheduleTask(0, now -> {
                throw new UnsupportedOperationException("task broke");
            });
            int handle = loop.spawn(now -> {
                throw new ArithmeticException("continuation broke");
            });
            loop.doWork();
            assertEquals(List.of("poller 0: poller broke", "background task: task broke",
                    "continuation: continuation broke", "app: agent broke"), errors);
            assertEquals(4, loop.errors());
            assertFalse(loop.isParked(handle), "a continuation that threw is dropped");
            loop.doWork();
            assertEquals(6, loop.errors(), "poller and agent are called again");
        }
    }

    @Test
    void jvmErrorsAreNotSwallowed() {
        try (PollLoop loop = loop(1, 1)) {
            loop.spawn(now -> {
                throw new StackOverflowError("deep");
            });
            assertThrows(StackOverflowError.class, loop::doWork);
            assertEquals(1, loop.doWork() + 1, "the loop still runs afterwards");
        }
    }

    @Test
    void blockingInsideADutyCycleIsRefused() {
        try (PollLoop loop = loop(1, 2)) {
            List<Throwable> caught = new ArrayList<>();
            loop.errorHandler((source, error) -> caught.add(error));
            loop.spawn(now -> loop.runUntil(() -> true, Long.MAX_VALUE));
            loop.spawn(now -> loop.doWork() > 0);
            loop.doWork();
            assertEquals(2, caught.size());
            assertInstanceOf(IllegalStateException.class, caught.get(0));
            assertTrue(caught.get(0).getMessage().contains("park a continuation"), caught.get(0).getMessage());
        }
    }

    @Test
    void agentsStartOnceAndCloseOnRemovalOrClose() {
        PollLoop loop = loop(1, 1);
        Agent a = agent("a");
        Agent b = agent("b");
        loop.addAgent(a);
        loop.addAgent(b);
        assertThrows(IllegalArgumentException.class, () -> loop.addAgent(a));
        assertThrows(IllegalArgumentException.class, () -> loop.addAgent(loop));
        loop.doWork();
        loop.doWork();
        assertTrue(loop.removeAgent(a));
        assertFalse(loop.removeAgent(a));
        loop.doWork();
        loop.close();
        loop.close();
        assertEquals(List.of("a start", "b start", "a", "b", "a", "b", "a close", "b", "b close"), log);
        assertEquals(0, loop.doWork(), "closed");
        assertThrows(IllegalStateException.class, () -> loop.addPoller(poller("p", 0)));
    }

    @Test
    void nextDeadlineCombinesTasksPollersAndRunnableContinuations() {
        try (PollLoop loop = loop(4, 4)) {
            assertEquals(Long.MAX_VALUE, loop.nextDeadline());
            loop.addPoller(poller("p", 9_000_000));
            assertEquals(9_000_000, loop.nextDeadline());
            loop.scheduleTask(1_000_050, now -> { });
            loop.doWork();
            assertEquals(1_000_050, loop.nextDeadline());
            loop.spawn(now -> true);
            assertEquals(clock.nanoTime(), loop.nextDeadline());
        }
    }

    @Test
    void aHostedLoopClosesWithItsHost() {
        PollLoop inner = loop(1, 1);
        try (PollLoop outer = loop(1, 1)) {
            outer.addAgent(inner);
            inner.scheduleTask(0, now -> log.add("inner task"));
            outer.doWork();
            assertEquals(List.of("inner task"), log);
        }
        assertTrue(inner.isClosed());
    }
}
