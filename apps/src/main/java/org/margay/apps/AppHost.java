package org.margay.apps;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.margay.examples.AppRunner;
import org.margay.examples.AppTrace;
import org.margay.examples.QueueApp;
import org.margay.pdpix.LibOS;

/**
 * Runs one {@link App} instance on one library OS on the calling thread: opens it through a {@link CountingLibOS},
 * starts its parts under an {@link AppRunner}, drives it, and on stop lets connections in progress finish for a
 * grace period. {@link #serve} is the whole life cycle for {@code margay serve}; {@link #start} hands the steps to
 * a caller with its own loop ({@code margay replay} runs until its capture is exhausted).
 *
 * <p>It never closes the library OS: the opener owns it. Single-threaded (the library OS's thread), except that
 * {@link StopSignal#request()} may come from any thread.
 */
public final class AppHost {
    /** How long connections in progress may take to finish after a stop. */
    public static final long DEFAULT_GRACE_NANOS = 2_000_000_000L;

    private final App app;
    private final CountingLibOS counting;
    private final Service service;
    private final AppRunner runner;
    private final long startedNanos = System.nanoTime();
    private long stoppedNanos;
    private boolean stopped;
    private boolean drained;

    private AppHost(App app, LibOS los, int port, AppTrace trace) {
        this.app = Objects.requireNonNull(app, "app");
        this.counting = new CountingLibOS(los);
        this.service = app.open(counting, port);
        this.runner = new AppRunner(trace, AppRunner.DEFAULT_IDLE_SLICE_NANOS);
        for (QueueApp part : service.parts()) {
            runner.start(part);
        }
    }

    /**
     * Opens {@code app} on {@code los} at {@code port} and starts it (its listeners are bound when this returns).
     *
     * @throws org.margay.pdpix.PdpixException when a listener cannot be bound (EADDRINUSE, EACCES, ...)
     */
    public static AppHost start(App app, LibOS los, int port, AppTrace trace) {
        return new AppHost(app, los, port, trace);
    }

    /**
     * Serves until {@code stop} is requested, then stops with the default grace; returns the report. Does not call
     * {@link StopSignal#markDone()}: the caller does once it has closed the library OS too.
     */
    public static HostReport serve(App app, LibOS los, int port, StopSignal stop, AppTrace trace) {
        AppHost host = start(app, los, port, trace);
        host.runUntil(stop::requested, Long.MAX_VALUE);
        host.stop(DEFAULT_GRACE_NANOS);
        return host.report();
    }

    /** The running instance. */
    public Service service() {
        return service;
    }

    /** The counting view the app runs on. */
    public CountingLibOS counters() {
        return counting;
    }

    /** One round of the runner (poll, dispatch, idle a slice when nothing happened). */
    public int runOnce() {
        return runner.runOnce();
    }

    /**
     * Runs until {@code done} or {@code wallClockLimitNanos} of real time; returns whether {@code done} came true. The
     * service's {@link Service#tick} is called every round with the real time.
     */
    public boolean runUntil(BooleanSupplier done, long wallClockLimitNanos) {
        // The service's timers ride on the loop's own check: one System.nanoTime per round, no allocation per round.
        return runner.runUntil(() -> {
            service.tick(System.nanoTime());
            return done.getAsBoolean();
        }, wallClockLimitNanos);
    }

    /**
     * Stops the service and runs until every connection has closed or {@code graceNanos} of real time passed;
     * returns whether they all closed. Idempotent.
     */
    public boolean stop(long graceNanos) {
        if (!stopped) {
            stopped = true;
            stoppedNanos = System.nanoTime();
            service.stop();
            drained = runner.runUntil(service::finished, graceNanos);
        }
        return drained;
    }

    /** What happened so far. */
    public HostReport report() {
        long end = stopped ? stoppedNanos : System.nanoTime();
        return new HostReport(app.spec(), counting.connectionsAccepted(), counting.bytesIn(), counting.bytesOut(),
                counting.failures(), service.counters(), drained, end - startedNanos);
    }
}
