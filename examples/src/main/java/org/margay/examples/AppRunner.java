package org.margay.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;

/**
 * Runs {@link QueueApp}s on one thread over one or more library OS instances, using nothing but PDPIX: it polls
 * every instance, collects completions with {@link LibOS#waitNext} and hands each to the application that owns
 * its queue. When a whole round found nothing to do, it waits on the first instance for up to
 * {@link #idleSliceNanos()} — that wait is what lets a library OS on a virtual clock move time forward, and one
 * that shares a thread with others (Margay's stack group) drive them all.
 *
 * <p>Views of one library OS (decorators that share its queues, {@link LibOS#unwrap()}) count as that library OS:
 * owners are keyed by the unwrapped instance, and its completions are collected through the first view that
 * registered a queue, then handed to whichever application owns the queue, whatever view it opened it through.
 *
 * <p>Invariants: each (instance, queue descriptor) has at most one owner; a completion on a queue nobody owns is
 * counted ({@link #orphans()}) and its element freed, never lost silently. Dispatching allocates nothing (owner
 * tables are arrays indexed by descriptor; the result holders are reused). Single-threaded.
 */
public final class AppRunner {
    /** The default idle slice: 1 ms of the library OS's time. */
    public static final long DEFAULT_IDLE_SLICE_NANOS = 1_000_000L;

    private final List<LibOS> instances = new ArrayList<>();
    private final Map<LibOS, QueueApp[]> owners = new IdentityHashMap<>();
    private final List<QueueApp> apps = new ArrayList<>();
    private final QResult[] results = new QResult[32];
    private final AppTrace trace;
    private final long idleSliceNanos;
    private long orphans;
    private long completions;

    /** A runner without a trace. */
    public AppRunner() {
        this(AppTrace.NONE, DEFAULT_IDLE_SLICE_NANOS);
    }

    /** A runner whose applications report to {@code trace}, idling {@code idleSliceNanos} at a time. */
    public AppRunner(AppTrace trace, long idleSliceNanos) {
        this.trace = Objects.requireNonNull(trace, "trace");
        if (idleSliceNanos <= 0) {
            throw new IllegalArgumentException("idle slice must be positive: " + idleSliceNanos);
        }
        this.idleSliceNanos = idleSliceNanos;
        for (int i = 0; i < results.length; i++) {
            results[i] = new QResult();
        }
    }

    /** Where applications report events. */
    public AppTrace trace() {
        return trace;
    }

    /** How long one idle wait lasts. */
    public long idleSliceNanos() {
        return idleSliceNanos;
    }

    /** Starts {@code app} (it opens its queues now) and runs it from then on; returns it. */
    public <A extends QueueApp> A start(A app) {
        apps.add(Objects.requireNonNull(app, "app"));
        app.start(this);
        return app;
    }

    /** Records that completions on {@code qd} of {@code los} (or any view of its library OS) go to {@code app}. */
    public void own(LibOS los, int qd, QueueApp app) {
        if (qd < 0) {
            throw new IllegalArgumentException("not a queue descriptor: " + qd);
        }
        LibOS root = los.unwrap();
        QueueApp[] table = owners.get(root);
        if (table == null) {
            table = new QueueApp[Math.max(64, qd + 1)];
            owners.put(root, table);
            instances.add(los);
        } else if (qd >= table.length) {
            table = Arrays.copyOf(table, Math.max(table.length * 2, qd + 1));
            owners.put(root, table);
        }
        table[qd] = app;
    }

    /** Forgets the owner of {@code qd} (after the application closed it). */
    public void disown(LibOS los, int qd) {
        QueueApp[] table = owners.get(los.unwrap());
        if (table != null && qd >= 0 && qd < table.length) {
            table[qd] = null;
        }
    }

    /** Whether every application started so far says it is finished. */
    public boolean allFinished() {
        for (QueueApp app : apps) {
            if (!app.finished()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs until {@code done} is true or {@code wallClockLimitNanos} of real time passed (a guard against a hung
     * run, whatever clock the library OSes use); returns whether {@code done} became true.
     */
    public boolean runUntil(BooleanSupplier done, long wallClockLimitNanos) {
        long limit = System.nanoTime() + wallClockLimitNanos;
        while (!done.getAsBoolean()) {
            if (instances.isEmpty()) {
                return false;   // nothing could ever complete
            }
            if (System.nanoTime() - limit > 0) {
                return false;
            }
            runOnce();
        }
        return true;
    }

    /** Runs until every started application is finished; see {@link #runUntil}. */
    public boolean runUntilFinished(long wallClockLimitNanos) {
        return runUntil(this::allFinished, wallClockLimitNanos);
    }

    /** One round: poll every instance, dispatch what completed, and idle one slice if nothing happened. */
    public int runOnce() {
        int work = 0;
        for (int i = 0; i < instances.size(); i++) {
            work += instances.get(i).poll();
        }
        int done = 0;
        for (int i = 0; i < instances.size(); i++) {
            done += harvest(instances.get(i), 0);
        }
        if (work == 0 && done == 0 && !instances.isEmpty()) {
            done += harvest(instances.get(0), idleSliceNanos);
        }
        return work + done;
    }

    private int harvest(LibOS los, long timeoutNanos) {
        int n = los.waitNext(results, timeoutNanos);
        for (int i = 0; i < n; i++) {
            dispatch(los, results[i]);
        }
        return n;
    }

    private void dispatch(LibOS los, QResult result) {
        completions++;
        QueueApp[] table = owners.get(los.unwrap());
        int qd = result.qd();
        QueueApp app = table != null && qd >= 0 && qd < table.length ? table[qd] : null;
        if (app == null) {
            orphans++;
            Sga sga = result.sga();
            if (sga != null && sga.isLive()) {
                los.sgaFree(sga);
            }
            return;
        }
        app.onCompletion(result);
    }

    /** Completions that found no owner (their elements were freed). */
    public long orphans() {
        return orphans;
    }

    /** Completions dispatched so far. */
    public long completions() {
        return completions;
    }
}
