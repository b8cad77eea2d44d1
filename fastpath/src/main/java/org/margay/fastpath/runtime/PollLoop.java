package org.margay.fastpath.runtime;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.VirtualClock;

/**
 * One stack instance's cooperative scheduler: the poll loop beneath PDPIX. Each duty cycle runs, in order,
 * <ol>
 *   <li>the fast-path I/O {@link Poller}s,</li>
 *   <li>the {@link BackgroundTask}s whose deadline has come (a {@link org.margay.net.common.timer.TimingWheel}),</li>
 *   <li>the {@link Continuation}s made runnable by {@link #wake(int)} (one per blocked qtoken), and</li>
 *   <li>the hosted {@link Agent}s (an application's own loop),</li>
 * </ol>
 * and returns the work done, which drives the {@link IdleStrategy} (after Demikernel's three kinds of
 * coroutines, SOSP '21 §4, and Aeron's duty-cycle agents).
 *
 * <h2>Threading</h2>
 * One thread owns the loop, and everything it runs runs on that thread; nothing in it is thread-safe except
 * {@link #close()}. There are two ways to drive it:
 * <ul>
 *   <li><b>Invoker mode:</b> the owning thread calls {@link #doWork()} (one duty cycle) from its own loop, or
 *       {@link #runUntil(BooleanSupplier, long)}, which cycles until a condition holds; this is what a PDPIX
 *       {@code wait} does, and how tests drive the loop deterministically.</li>
 *   <li><b>Thread mode:</b> {@link #start(String)} runs duty cycles on a new thread until {@link #close()}.
 *       Application code then runs on that thread, as a hosted agent ({@link #addAgent(Agent)}) or as
 *       continuations; add pollers and agents before {@code start}, or from the loop thread itself.</li>
 * </ul>
 * Blocking inside a duty cycle is not allowed: calling {@code runUntil} or {@code doWork} from code the loop
 * is running throws {@link IllegalStateException}. Code on the loop thread waits by parking a continuation.
 *
 * <h2>Virtual time</h2>
 * With a {@link TimeAdvancer} ({@link #advanceTimeWith}, or {@link #virtual}), {@code runUntil} does not
 * idle: when a duty cycle finds no work it moves time straight to {@link #nextDeadline()} (or to the
 * {@code runUntil} deadline, whichever is first). Runs are then deterministic and take no wall-clock time.
 * If nothing at all is due, {@code runUntil} returns false instead of waiting forever.
 *
 * <h2>Failures</h2>
 * An exception thrown by a poller, task, continuation or agent never escapes the duty cycle and never stops
 * the loop: it is counted ({@link #errors()}) and passed to the {@link ErrorHandler} (by default a
 * {@link LoggingErrorHandler} that prints the first of each kind to {@code System.err}). A poller or agent
 * that threw is called again next cycle; a task that threw has run; a continuation that threw is dropped.
 * JVM errors ({@link VirtualMachineError}: out of memory, stack overflow) are rethrown.
 *
 * <h2>Allocation</h2>
 * A duty cycle, scheduling and cancelling tasks, parking and waking continuations allocate nothing; the
 * tables are sized at construction. When a table is full, {@link #scheduleTask} returns {@link #NO_TASK} and
 * {@link #park} returns {@link #NO_HANDLE}, and the refusal is counted ({@link #rejections()}).
 */
public final class PollLoop implements Agent, AutoCloseable {
    /** What {@link #scheduleTask} returns when every task slot is in use. Task ids are positive. */
    public static final long NO_TASK = -1;
    /** What {@link #park} returns when every continuation slot is in use. Handles are positive. */
    public static final int NO_HANDLE = Continuations.NO_HANDLE;
    /** The default tick of the task timing wheel: 1 µs. */
    public static final long DEFAULT_TIMER_TICK_NANOS = 1_000;
    /** The default most background tasks fired in one duty cycle (the rest fire in the next). */
    public static final int DEFAULT_MAX_TASKS_PER_CYCLE = 1024;

    private static final Poller[] NO_POLLERS = {};
    private static final Agent[] NO_AGENTS = {};

    private final Clock clock;
    private final IdleStrategy idle;
    private final BackgroundTasks tasks;
    private final Continuations continuations;
    private Poller[] pollers = NO_POLLERS;
    private Agent[] agents = NO_AGENTS;
    private int agentsStarted;
    private ErrorHandler errorHandler = new LoggingErrorHandler();
    private TimeAdvancer advancer;
    private String name = "poll-loop";
    private int maxTasksPerCycle = DEFAULT_MAX_TASKS_PER_CYCLE;

    private long now = Long.MIN_VALUE;
    private boolean inDutyCycle;
    private long dutyCycles;
    private long workCount;
    private long idleCycles;
    private long errors;

    private volatile boolean closed;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * A loop reading {@code clock}, idling with {@code idle}, with room for {@code timerCapacity} scheduled
     * background tasks and {@code continuationCapacity} parked continuations.
     */
    public PollLoop(Clock clock, IdleStrategy idle, int timerCapacity, int continuationCapacity) {
        this(clock, idle, timerCapacity, continuationCapacity, DEFAULT_TIMER_TICK_NANOS);
    }

    /** As {@link #PollLoop(Clock, IdleStrategy, int, int)}, with the timing wheel's tick in nanoseconds. */
    public PollLoop(Clock clock, IdleStrategy idle, int timerCapacity, int continuationCapacity, long timerTickNanos) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.tasks = new BackgroundTasks(timerTickNanos, timerCapacity, this);
        this.continuations = new Continuations(continuationCapacity);
    }

    /**
     * A loop on virtual time: no idling, and {@code runUntil} moves {@code clock} to the next deadline
     * whenever a duty cycle finds nothing to do.
     */
    public static PollLoop virtual(VirtualClock clock, int timerCapacity, int continuationCapacity) {
        PollLoop loop = new PollLoop(clock, new NoOpIdleStrategy(), timerCapacity, continuationCapacity);
        loop.advanceTimeWith(clock::set);
        return loop;
    }

    // ---------------------------------------------------------------- configuration (cold path)

    /** Names the loop in messages and as an {@link Agent}; returns this. */
    public PollLoop name(String loopName) {
        this.name = Objects.requireNonNull(loopName, "name");
        return this;
    }

    /** Replaces the error handler; returns this. */
    public PollLoop errorHandler(ErrorHandler handler) {
        this.errorHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Runs on virtual time, moved by {@code timeAdvancer} (null to go back to idling); returns this. Give the
     * loop a {@link Poller} whose {@link Poller#nextDeadline()} reports other sources of events (a simulated
     * network's next delivery), so that time stops there too.
     */
    public PollLoop advanceTimeWith(TimeAdvancer timeAdvancer) {
        this.advancer = timeAdvancer;
        return this;
    }

    /** Caps the background tasks fired per duty cycle (the rest fire in the next); returns this. */
    public PollLoop maxTasksPerCycle(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one task per cycle, was " + limit);
        }
        this.maxTasksPerCycle = limit;
        return this;
    }

    /** Adds a poller, polled first in every duty cycle (in the order added). */
    public void addPoller(Poller poller) {
        Objects.requireNonNull(poller, "poller");
        checkConfigurable("addPoller");
        Poller[] grown = Arrays.copyOf(pollers, pollers.length + 1);
        grown[pollers.length] = poller;
        pollers = grown;
    }

    /** Hosts an agent, run last in every duty cycle; its {@link Agent#onStart()} runs before its first cycle. */
    public void addAgent(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        checkConfigurable("addAgent");
        for (Agent existing : agents) {
            if (existing == agent) {
                throw new IllegalArgumentException(agent.roleName() + " is already hosted by " + name);
            }
        }
        if (agent == this) {
            throw new IllegalArgumentException("a poll loop cannot host itself");
        }
        Agent[] grown = Arrays.copyOf(agents, agents.length + 1);
        grown[agents.length] = agent;
        agents = grown;
    }

    /** Stops hosting {@code agent} and calls its {@link Agent#onClose()} if it had started; false if not hosted. */
    public boolean removeAgent(Agent agent) {
        checkConfigurable("removeAgent");
        for (int i = 0; i < agents.length; i++) {
            if (agents[i] == agent) {
                boolean started = i < agentsStarted;
                Agent[] shrunk = new Agent[agents.length - 1];
                System.arraycopy(agents, 0, shrunk, 0, i);
                System.arraycopy(agents, i + 1, shrunk, i, agents.length - i - 1);
                agents = shrunk;
                if (started) {
                    agentsStarted--;
                    closeAgent(agent);
                }
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- background tasks

    /**
     * Runs {@code task} once, in the first duty cycle at or after {@code deadlineNanos} (on this loop's
     * clock). Returns a positive task id, or {@link #NO_TASK} when {@code timerCapacity} tasks are already
     * scheduled. Allocates nothing.
     */
    public long scheduleTask(long deadlineNanos, BackgroundTask task) {
        return tasks.schedule(deadlineNanos, task);
    }

    /** Unschedules a task; false if it already ran, was cancelled, or the id is unknown. */
    public boolean cancelTask(long taskId) {
        return tasks.cancel(taskId);
    }

    /** Moves a scheduled task to a new deadline in O(1); returns the same id, or {@link #NO_TASK} if stale. */
    public long rescheduleTask(long taskId, long deadlineNanos) {
        return tasks.reschedule(taskId, deadlineNanos);
    }

    /** Whether a task is still scheduled. */
    public boolean isTaskScheduled(long taskId) {
        return tasks.isScheduled(taskId);
    }

    // ---------------------------------------------------------------- continuations

    /**
     * Parks {@code continuation} until {@link #wake(int)}; returns its handle (positive), or
     * {@link #NO_HANDLE} when {@code continuationCapacity} are already parked. Allocates nothing.
     */
    public int park(Continuation continuation) {
        return continuations.park(continuation, false);
    }

    /** Parks {@code continuation} already runnable: it is resumed in the next duty cycle. */
    public int spawn(Continuation continuation) {
        return continuations.park(continuation, true);
    }

    /**
     * Makes a parked continuation runnable: it is resumed once in the next duty cycle (or in this one, if it
     * has not reached the continuations yet). Idempotent: waking a runnable continuation changes nothing, and
     * waking one while it runs makes it run once more. Returns false for a stale handle (finished or dropped).
     */
    public boolean wake(int handle) {
        return continuations.wake(handle);
    }

    /** Forgets a parked continuation without resuming it; false for a stale handle. */
    public boolean dropContinuation(int handle) {
        return continuations.drop(handle);
    }

    /** Whether a handle names a continuation that is parked, runnable or running. */
    public boolean isParked(int handle) {
        return continuations.isLive(handle);
    }

    // ---------------------------------------------------------------- duty cycles

    /**
     * One duty cycle at {@code nowNanos} (taken as the loop's time if later than the last one): pollers,
     * due tasks, runnable continuations, agents. Returns the work done; 0 after {@link #close()}.
     *
     * @throws IllegalStateException if called from code this loop is running
     */
    @Override
    public int doWork(long nowNanos) {
        if (closed) {
            return 0;
        }
        if (inDutyCycle) {
            throw new IllegalStateException(name + ": a duty cycle was started from inside a duty cycle; code run by"
                    + " the loop must not block or drive the loop (park a continuation instead)");
        }
        inDutyCycle = true;
        try {
            if (nowNanos > now) {
                now = nowNanos;
            }
            if (agentsStarted < agents.length) {
                startAgents();
            }
            int work = 0;
            Poller[] polled = pollers;
            for (int i = 0; i < polled.length; i++) {
                try {
                    work += polled[i].poll(now);
                } catch (Throwable error) {
                    rethrowIfFatal(error);
                    reportError("poller " + i, error);
                }
            }
            work += tasks.expire(now, maxTasksPerCycle);
            work += continuations.resumeRunnable(now, this);
            Agent[] hosted = agents;
            for (int i = 0; i < hosted.length; i++) {
                try {
                    work += hosted[i].doWork(now);
                } catch (Throwable error) {
                    rethrowIfFatal(error);
                    reportError(hosted[i].roleName(), error);
                }
            }
            dutyCycles++;
            workCount += work;
            if (work == 0) {
                idleCycles++;
            }
            return work;
        } finally {
            inDutyCycle = false;
        }
    }

    /** Invoker mode: one duty cycle at the clock's current time. */
    public int doWork() {
        return doWork(clock.nanoTime());
    }

    /**
     * Invoker mode: runs duty cycles until {@code done} answers true, or the clock passes {@code deadlineNanos}
     * ({@link Long#MAX_VALUE}: no deadline), idling between cycles that did no work (or, on virtual time,
     * moving time to the next deadline). {@code done} is checked before the first cycle and after each.
     *
     * @return true if {@code done} held; false on the deadline, when the loop was closed, or on virtual time
     *         when nothing is left to happen
     * @throws IllegalStateException if called from code this loop is running, or while its thread runs it
     */
    public boolean runUntil(BooleanSupplier done, long deadlineNanos) {
        Objects.requireNonNull(done, "done");
        if (inDutyCycle) {
            throw new IllegalStateException(name + ": runUntil() called from inside a duty cycle; code run by the"
                    + " loop must not block (park a continuation instead)");
        }
        if (thread != null && Thread.currentThread() != thread) {
            throw new IllegalStateException(name + " runs on its own thread '" + thread.getName()
                    + "'; runUntil() is for invoker mode");
        }
        if (done.getAsBoolean()) {
            return true;
        }
        idle.reset();
        while (!closed) {
            int work = doWork(clock.nanoTime());
            if (done.getAsBoolean()) {
                return true;
            }
            long current = clock.nanoTime();
            if (advancer != null) {
                if (work == 0 && !advanceVirtualTime(current, deadlineNanos)) {
                    doWork(clock.nanoTime());
                    return done.getAsBoolean();
                }
            } else {
                if (current >= deadlineNanos) {
                    return false;
                }
                idle.idle(work);
            }
        }
        return done.getAsBoolean();
    }

    /** Moves virtual time to the next event; false when that is past the deadline (time then sits at it). */
    private boolean advanceVirtualTime(long current, long deadlineNanos) {
        long next = nextDeadline();
        if (next == Long.MAX_VALUE || next > deadlineNanos) {
            if (deadlineNanos != Long.MAX_VALUE && deadlineNanos > current) {
                advancer.advanceTo(deadlineNanos);
            }
            return false;
        }
        // Something claims to be due now yet did no work: nudge time so the run cannot spin in place.
        advancer.advanceTo(next > current ? next : current + 1);
        return true;
    }

    /**
     * The earliest time the loop has work: now if a continuation is runnable or an agent has not started,
     * otherwise the earliest of the pollers' and the tasks' deadlines (possibly a lower bound), or
     * {@link Long#MAX_VALUE}. Agents declare no deadline.
     */
    public long nextDeadline() {
        if (continuations.runnable() > 0 || agentsStarted < agents.length) {
            return Math.max(now, clock.nanoTime());
        }
        long next = tasks.nextDeadline();
        Poller[] polled = pollers;
        for (int i = 0; i < polled.length; i++) {
            try {
                next = Math.min(next, polled[i].nextDeadline());
            } catch (Throwable error) {
                rethrowIfFatal(error);
                reportError("poller " + i, error);
            }
        }
        return next;
    }

    // ---------------------------------------------------------------- thread mode

    /**
     * Thread mode: runs duty cycles on a new platform (non-daemon) thread named {@code threadName}, idling
     * between idle cycles, until {@link #close()}.
     *
     * @throws IllegalStateException if the loop was already started or closed
     */
    public synchronized void start(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (thread != null) {
            throw new IllegalStateException(name + " already runs on thread '" + thread.getName() + "'");
        }
        if (inDutyCycle) {
            throw new IllegalStateException(name + ": start() called from inside a duty cycle");
        }
        running = true;
        thread = Thread.ofPlatform().name(threadName).unstarted(this::runOnThread);
        thread.start();
    }

    private void runOnThread() {
        try {
            idle.reset();
            while (running) {
                idle.idle(doWork(clock.nanoTime()));
            }
        } finally {
            closeNow();
        }
    }

    /** Whether {@link #start(String)} runs the loop on its own thread (until close). */
    public boolean isRunningOnThread() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Closes the loop: in thread mode, stops the thread after its current duty cycle and waits for it (unless
     * called on that thread); then calls every started agent's {@link Agent#onClose()}, forgets every
     * scheduled task and parked continuation. Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        Thread loopThread;
        synchronized (this) {
            loopThread = thread;
        }
        if (loopThread != null) {
            running = false;
            if (Thread.currentThread() == loopThread) {
                return; // the loop's own thread closes when the current duty cycle returns
            }
            LockSupport.unpark(loopThread);
            boolean interrupted = false;
            while (loopThread.isAlive()) {
                try {
                    loopThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < agentsStarted; i++) {
            closeAgent(agents[i]);
        }
        tasks.clear();
        continuations.clear();
    }

    /** Whether {@link #close()} has completed (or, in thread mode, been requested and the thread ended). */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- Agent

    @Override
    public String roleName() {
        return name;
    }

    /** As a hosted agent, the loop closes with its host. */
    @Override
    public void onClose() {
        close();
    }

    // ---------------------------------------------------------------- counters

    /** Duty cycles run. */
    public long dutyCycles() {
        return dutyCycles;
    }

    /** Work done over all duty cycles (the sum of their results). */
    public long workCount() {
        return workCount;
    }

    /** Duty cycles that did no work. */
    public long idleCycles() {
        return idleCycles;
    }

    /** Background tasks run. */
    public long tasksFired() {
        return tasks.fired();
    }

    /** Continuation resumptions. */
    public long continuationsResumed() {
        return continuations.resumed();
    }

    /** Exceptions caught from pollers, tasks, continuations and agents. */
    public long errors() {
        return errors;
    }

    /** Task schedulings and parkings refused because a table was full. */
    public long rejections() {
        return tasks.rejected() + continuations.rejected();
    }

    /** Tasks scheduled now. */
    public int scheduledTasks() {
        return tasks.size();
    }

    /** Continuations parked, runnable or running now. */
    public int parkedContinuations() {
        return continuations.live();
    }

    /** The clock the loop reads. */
    public Clock clock() {
        return clock;
    }

    /** The time of the latest duty cycle (never decreasing), or {@link Long#MIN_VALUE} before the first. */
    public long now() {
        return now;
    }

    @Override
    public String toString() {
        return "PollLoop[" + name + ": " + pollers.length + " pollers, " + agents.length + " agents, "
                + tasks.size() + " tasks, " + continuations.live() + " continuations, " + dutyCycles + " cycles, "
                + errors + " errors" + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    void reportError(String source, Throwable error) {
        errors++;
        try {
            errorHandler.onError(source, error);
        } catch (Throwable handlerFailure) {
            rethrowIfFatal(handlerFailure);
            // A failing error handler must not take the loop down; fall back to the plainest report.
            System.err.println("margay poll loop " + name + ": error handler failed on " + source + ": " + handlerFailure);
        }
    }

    static void rethrowIfFatal(Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private void startAgents() {
        while (agentsStarted < agents.length) {
            Agent agent = agents[agentsStarted++];
            try {
                agent.onStart();
            } catch (Throwable error) {
                rethrowIfFatal(error);
                reportError(agent.roleName(), error);
            }
        }
    }

    private void closeAgent(Agent agent) {
        try {
            agent.onClose();
        } catch (Throwable error) {
            rethrowIfFatal(error);
            reportError(agent.roleName(), error);
        }
    }

    private void checkConfigurable(String operation) {
        if (closed) {
            throw new IllegalStateException(name + " is closed: " + operation + "() refused");
        }
        Thread loopThread = thread;
        if (loopThread != null && Thread.currentThread() != loopThread) {
            throw new IllegalStateException(name + " runs on thread '" + loopThread.getName() + "': " + operation
                    + "() must be called before start() or from that thread");
        }
    }
}
