package org.margay.pdpix.inet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.margay.fastpath.runtime.Agent;
import org.margay.fastpath.runtime.BackoffIdleStrategy;
import org.margay.fastpath.runtime.IdleStrategies;
import org.margay.fastpath.runtime.IdleStrategy;
import org.margay.fastpath.runtime.Poller;
import org.margay.fastpath.runtime.TimeAdvancer;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;

/**
 * Library OSes of this module that share one thread and one clock: the demo's two stacks over an in-memory
 * link, a client and a server in one test, a forwarder between two links. A wait on any member drives every
 * member, so one blocking call makes the whole group progress.
 *
 * <h2>How a pass works</h2>
 * A wait (or {@link LibOS#poll()}) on member M runs M's duty cycle: M polls its own stack, then — because the
 * group is not yet inside a pass — the group runs every other member's whole duty cycle (their stacks and
 * their queues) and every agent once, and finally M services its own queues. A member polled from inside a
 * pass polls only itself, so nothing recurses. {@link #poll()} runs one pass from outside any member.
 *
 * <h2>Time</h2>
 * Every member uses the group's clock. When a whole pass did no work, a wait idles through the group:
 * <ul>
 *   <li>on a {@link VirtualClock} the clock jumps to the earliest of the wait's deadline, every member's next
 *       timer and every {@linkplain #addDeadlineSource deadline source} (an impaired device's held frames, say);
 *       nothing sleeps, so runs are deterministic and take no wall-clock time. A deadline already due but with
 *       no work (a connection waiting for a buffer) nudges the clock by 1 µs so time never stalls. A wait
 *       without a timeout on a group with nothing pending anywhere never returns, as on a real machine;</li>
 *   <li>on a real clock the group idles with its {@link IdleStrategy} (the fastpath runtime's, chosen by
 *       {@code pdpix.idle}: {@code spin}, {@code backoff} (default), {@code park:DURATION}, ...), except that it
 *       only spins when the next timer is less than {@value #SPIN_BELOW_NANOS} ns away. A park may overrun a
 *       timer by the strategy's longest park (1 ms for the default backoff).</li>
 * </ul>
 *
 * <h2>Agents: the other side of a one-thread exchange</h2>
 * An application that blocks on one member while another member's application must answer (a client waiting
 * on its echo, the server answering it) registers the answering side as an <em>agent</em>
 * ({@link #addAgent}): a non-blocking step run once per pass that checks its tokens with
 * {@code isDone}/{@code wait(qt, result, 0)} and starts new operations. An agent must never block (a blocking
 * wait inside a pass only polls its own member, and on a virtual clock time cannot move). The alternative is
 * an event loop over tokens of several members at once: {@link #waitAny} takes qtokens of any member (the
 * qtoken names its library OS instance) and returns the first completed.
 *
 * <h2>Hosting</h2>
 * The group is a fastpath {@link Poller}: a {@link org.margay.fastpath.runtime.PollLoop} can drive it on a thread
 * of its own or beside other work; agents are fastpath {@link Agent}s (or plain {@link IntSupplier}s). On a
 * simulator, {@link #advanceTimeWith} routes virtual-time jumps through the simulator's own advance (which
 * delivers frames on the way) instead of setting the clock.
 *
 * <p>Single-threaded: the group and its members belong to one thread. Passes allocate nothing.
 */
public final class LibOSGroup implements Poller {
    /** How far a virtual clock is nudged when a deadline is due but a pass found no work. */
    private static final long NUDGE_NANOS = 1_000L;
    /** Idle cycles at a due deadline before the nudge (the pass after may still find work). */
    private static final int DUE_SPINS = 4;
    /** On a real clock, a timer closer than this is waited for by spinning, not by the idle strategy. */
    static final long SPIN_BELOW_NANOS = 50_000L;

    private final Clock clock;
    private final VirtualClock virtualClock;
    private final IdleStrategy idleStrategy;
    private SharedLoopLibOS[] members = new SharedLoopLibOS[0];
    private Agent[] agents = new Agent[0];
    private TimeAdvancer timeAdvancer;
    private LongSupplier[] deadlineSources = new LongSupplier[0];
    private boolean inPass;
    private long workSinceIdle;
    private int dueSpins;
    private Runnable onEmpty;

    /** An empty group on {@code clock} that idles with the default backoff on a real clock. */
    public LibOSGroup(Clock clock) {
        this(clock, new BackoffIdleStrategy());
    }

    /** An empty group on {@code clock} that idles with {@code idleStrategy} (its own instance) on a real clock. */
    public LibOSGroup(Clock clock, IdleStrategy idleStrategy) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.virtualClock = clock instanceof VirtualClock v ? v : null;
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
    }

    /**
     * The idle strategy {@code pdpix.idle} names in {@code config} (default {@code backoff}).
     *
     * @throws PdpixException {@link Errno#EINVAL} naming the key for a value the runtime does not know
     */
    public static IdleStrategy idleStrategy(LibOSConfig config) {
        String value = config.get(LibOSConfig.IDLE, "backoff");
        try {
            return IdleStrategies.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PdpixException(Errno.EINVAL, "configuration " + LibOSConfig.IDLE + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** The clock every member reads. */
    public Clock clock() {
        return clock;
    }

    /** The members, in the order they joined (cold path). */
    public List<LibOS> members() {
        return new ArrayList<>(Arrays.asList(members));
    }

    /**
     * Runs {@code agent} once per pass ({@link Agent#doWork} with the clock's time); it returns the work it did (0
     * when it found nothing to do) and must not block. {@link Agent#onStart} runs now. Cold path.
     */
    public void addAgent(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        agent.onStart();
        agents = Arrays.copyOf(agents, agents.length + 1);
        agents[agents.length - 1] = agent;
    }

    /** {@link #addAgent(Agent)} for a plain step that returns its work. */
    public void addAgent(IntSupplier step) {
        Objects.requireNonNull(step, "step");
        addAgent(new StepAgent(step));
    }

    /** Stops running {@code agent} (an {@link Agent} or a step given to {@link #addAgent(IntSupplier)}). Cold path. */
    public void removeAgent(Object agent) {
        List<Agent> kept = new ArrayList<>();
        for (Agent a : agents) {
            if (a == agent || a instanceof StepAgent s && s.step == agent) {
                a.onClose();
            } else {
                kept.add(a);
            }
        }
        agents = kept.toArray(new Agent[0]);
    }

    /**
     * Moves virtual time with {@code advancer} (a simulator's {@code advanceTo}) instead of setting the
     * {@link VirtualClock}; null restores the default. Cold path.
     */
    public void advanceTimeWith(TimeAdvancer advancer) {
        this.timeAdvancer = advancer;
    }

    /**
     * Adds a source of deadlines the virtual clock must stop at (for example an impaired device's
     * {@code nextDeadline}); it answers {@link Long#MAX_VALUE} when it has none. Cold path.
     */
    public void addDeadlineSource(LongSupplier source) {
        Objects.requireNonNull(source, "source");
        deadlineSources = Arrays.copyOf(deadlineSources, deadlineSources.length + 1);
        deadlineSources[deadlineSources.length - 1] = source;
    }

    // ------------------------------------------------------------------ driving

    /** {@link Poller}: one pass ({@link #poll()}), for a {@link org.margay.fastpath.runtime.PollLoop} hosting the group. */
    @Override
    public int poll(long nowNanos) {
        return poll();
    }

    /** One pass from outside any member: every member's duty cycle, then every agent. Returns the work done. */
    public int poll() {
        if (inPass) {
            return 0;
        }
        inPass = true;
        int work = 0;
        try {
            SharedLoopLibOS[] ms = members;
            for (SharedLoopLibOS m : ms) {
                work += m.poll();
            }
            work += runAgents();
        } finally {
            inPass = false;
        }
        workSinceIdle += work;
        return work;
    }

    /** The earliest time anything in the group is due: a member's timer or a deadline source's; or MAX_VALUE. */
    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (SharedLoopLibOS m : members) {
            next = Math.min(next, m.nextDeadline());
        }
        for (LongSupplier s : deadlineSources) {
            next = Math.min(next, s.getAsLong());
        }
        return next;
    }

    /**
     * Waits until one of {@code qts[0..count)} completes, the tokens belonging to any members of this group;
     * returns its index with {@code result} filled and that token consumed, or {@code -ETIMEDOUT}, or
     * {@code -EXDEV} for a token of no member, or the negated error of a stale or bad token. Several complete:
     * the lowest index wins.
     */
    public int waitAny(long[] qts, int count, QResult result, long timeoutNanos) {
        if (qts == null || result == null || count < 0 || count > qts.length) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < count; i++) {
            SharedLoopLibOS m = memberFor(qts[i]);
            if (m == null) {
                return qts[i] <= 0 ? -Errno.EINVAL : -Errno.EXDEV;
            }
            int err = m.operations().validate(qts[i]);
            if (err != Errno.OK) {
                return -err;
            }
        }
        long deadline = deadline(timeoutNanos);
        while (true) {
            for (int i = 0; i < count; i++) {
                SharedLoopLibOS m = memberFor(qts[i]);
                if (m.isDone(qts[i])) {
                    m.wait(qts[i], result, 0);
                    return i;
                }
            }
            if (clock.nanoTime() >= deadline) {
                return -Errno.ETIMEDOUT;
            }
            poll();
            boolean any = false;
            for (int i = 0; i < count && !any; i++) {
                any = memberFor(qts[i]).isDone(qts[i]);
            }
            if (!any) {
                idle(deadline);
            }
        }
    }

    /**
     * Runs passes until {@code done} answers true (checked after each pass) or {@code timeoutNanos} pass
     * ({@link LibOS#FOREVER} for no limit); returns the last answer. For tests and simple drivers.
     */
    public boolean runUntil(BooleanSupplier done, long timeoutNanos) {
        long deadline = deadline(timeoutNanos);
        while (true) {
            poll();
            if (done.getAsBoolean()) {
                return true;
            }
            if (clock.nanoTime() >= deadline) {
                return done.getAsBoolean();
            }
            idle(deadline);
        }
    }

    /** Runs passes for {@code nanos} of the group's time (virtual time jumps; a real clock idles). */
    public void runFor(long nanos) {
        long end = deadline(nanos);
        runUntil(() -> clock.nanoTime() >= end, nanos);
    }

    // ------------------------------------------------------------------ for members

    void join(SharedLoopLibOS member) {
        if (member.clock() != clock) {
            throw new IllegalArgumentException("a library OS joining a group must use the group's clock (" + clock + "), not "
                    + member.clock());
        }
        members = Arrays.copyOf(members, members.length + 1);
        members[members.length - 1] = member;
    }

    void leave(SharedLoopLibOS member) {
        members = without(members, member, new SharedLoopLibOS[0]);
        if (members.length == 0 && onEmpty != null) {
            Runnable r = onEmpty;
            onEmpty = null;
            r.run();
        }
    }

    /** Runs once when the last member leaves (the named-group registry forgets the group). */
    void onEmpty(Runnable action) {
        this.onEmpty = action;
    }

    /** Called by a member after polling its own devices: runs the rest of the group unless already in a pass. */
    int afterOwnIo(SharedLoopLibOS member, int ownWork) {
        workSinceIdle += ownWork;
        if (inPass) {
            return 0;
        }
        inPass = true;
        int work = 0;
        try {
            SharedLoopLibOS[] ms = members;
            for (SharedLoopLibOS m : ms) {
                if (m != member) {
                    work += m.poll();
                }
            }
            work += runAgents();
        } finally {
            inPass = false;
        }
        workSinceIdle += work;
        return work;
    }

    /** One idle cycle of a wait with {@code deadline} (see the class description). */
    void idle(long deadline) {
        if (inPass) {
            Thread.onSpinWait(); // a wait nested in a pass (an agent that blocks): only its own member moves
            return;
        }
        if (workSinceIdle > 0) {
            workSinceIdle = 0;
            dueSpins = 0;
            idleStrategy.reset();
            return;
        }
        long now = clock.nanoTime();
        long next = nextDeadline();
        if (virtualClock != null) {
            if (next <= now) {
                if (++dueSpins < DUE_SPINS) {
                    return;
                }
                next = now + NUDGE_NANOS;
            }
            dueSpins = 0;
            long target = Math.min(next, deadline);
            if (target == Long.MAX_VALUE) {
                idleStrategy.idle(); // nothing will ever happen: wait as a machine would
                return;
            }
            if (target > now) {
                if (timeAdvancer != null) {
                    timeAdvancer.advanceTo(target);
                } else {
                    virtualClock.set(target);
                }
            }
            return;
        }
        if (Math.min(next, deadline) - now < SPIN_BELOW_NANOS) {
            Thread.onSpinWait();
            return;
        }
        idleStrategy.idle();
    }

    private int runAgents() {
        int work = 0;
        Agent[] as = agents;
        if (as.length > 0) {
            long now = clock.nanoTime();
            for (Agent a : as) {
                work += a.doWork(now);
            }
        }
        return work;
    }

    /** An {@link IntSupplier} step as an agent. */
    private static final class StepAgent implements Agent {
        final IntSupplier step;

        StepAgent(IntSupplier step) {
            this.step = step;
        }

        @Override
        public int doWork(long nowNanos) {
            return step.getAsInt();
        }

        @Override
        public String roleName() {
            return "step " + step;
        }
    }

    private SharedLoopLibOS memberFor(long qt) {
        if (qt <= 0) {
            return null;
        }
        int instance = QTokens.instance(qt);
        for (SharedLoopLibOS m : members) {
            if (m.operations().instance() == instance) {
                return m;
            }
        }
        return null;
    }

    private long deadline(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return Long.MAX_VALUE;
        }
        long now = clock.nanoTime();
        long d = now + timeoutNanos;
        return d < now ? Long.MAX_VALUE : d;
    }

    private static <T> T[] without(T[] array, T item, T[] empty) {
        List<T> kept = new ArrayList<>();
        for (T t : array) {
            if (t != item) {
                kept.add(t);
            }
        }
        return kept.toArray(empty);
    }

    @Override
    public String toString() {
        return "LibOSGroup[" + members.length + " members, " + agents.length + " agents, " + clock + "]";
    }
}
