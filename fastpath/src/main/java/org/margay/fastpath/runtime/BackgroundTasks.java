package org.margay.fastpath.runtime;

import org.margay.net.common.timer.TimerHandler;
import org.margay.net.common.timer.TimingWheel;

/**
 * The background tasks of one {@link PollLoop}: a {@link TimingWheel} for the deadlines and an array of tasks
 * indexed by the wheel's entry number (the low 32 bits of a timer id, unique among live timers). Scheduling,
 * cancelling and firing allocate nothing.
 */
final class BackgroundTasks implements TimerHandler {
    private final TimingWheel wheel;
    private final BackgroundTask[] tasks;
    private final PollLoop loop;
    private long fired;
    private long rejected;

    BackgroundTasks(long tickNanos, int capacity, PollLoop loop) {
        this.wheel = new TimingWheel(tickNanos, 64, 4, capacity);
        this.tasks = new BackgroundTask[capacity];
        this.loop = loop;
    }

    long schedule(long deadlineNanos, BackgroundTask task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        if (wheel.isFull()) {
            rejected++;
            return PollLoop.NO_TASK;
        }
        long id = wheel.schedule(deadlineNanos, 0);
        tasks[(int) id] = task;
        return id;
    }

    boolean cancel(long id) {
        if (!wheel.cancel(id)) {
            return false;
        }
        tasks[(int) id] = null;
        return true;
    }

    long reschedule(long id, long deadlineNanos) {
        long kept = wheel.reschedule(id, deadlineNanos);
        return kept == TimingWheel.NO_TIMER ? PollLoop.NO_TASK : kept;
    }

    boolean isScheduled(long id) {
        return wheel.isScheduled(id);
    }

    int expire(long nowNanos, int limit) {
        return wheel.expire(nowNanos, this, limit);
    }

    @Override
    public void onTimer(long timerId, long payload, long nowNanos) {
        int entry = (int) timerId;
        BackgroundTask task = tasks[entry];
        tasks[entry] = null; // before running: the task may schedule again and get this entry back
        fired++;
        try {
            task.run(nowNanos);
        } catch (Throwable error) {
            PollLoop.rethrowIfFatal(error);
            loop.reportError("background task", error);
        }
    }

    long nextDeadline() {
        return wheel.nextDeadline();
    }

    int size() {
        return wheel.size();
    }

    int capacity() {
        return wheel.capacity();
    }

    long fired() {
        return fired;
    }

    long rejected() {
        return rejected;
    }

    void clear() {
        wheel.cancelAll();
        java.util.Arrays.fill(tasks, null);
    }
}
