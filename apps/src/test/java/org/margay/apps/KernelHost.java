package org.margay.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.margay.examples.AppTrace;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.kernel.KernelLibOS;

/**
 * Runs an {@link App} on the kernel library OS (Linux sockets, 127.0.0.1) on a thread of its own, as
 * {@code margay serve --libos kernel} does, so tests can talk to it with ordinary clients (java.net, curl, iperf3).
 * {@link #close()} stops it like SIGTERM and returns its report.
 */
public final class KernelHost implements AutoCloseable {
    private final StopSignal stop = new StopSignal();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<HostReport> report = new CompletableFuture<>();
    private final int port;
    private final Thread thread;

    private KernelHost(App app, LibOSConfig config) {
        this.port = freePort();
        this.thread = Thread.ofPlatform().name("kernel-host-" + app.spec()).start(() -> {
            try (LibOS los = KernelLibOS.open(config)) {
                AppHost host = AppHost.start(app, los, port, AppTrace.printing(System.out, "kernel-host: "));
                started.complete(null);
                host.runUntil(stop::requested, Long.MAX_VALUE);
                host.stop(AppHost.DEFAULT_GRACE_NANOS);
                report.complete(host.report());
            } catch (Throwable t) {
                started.completeExceptionally(t);
                report.completeExceptionally(t);
            } finally {
                stop.markDone();
            }
        });
        try {
            started.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            stop.request();
            throw new IllegalStateException("the app did not start", e);
        }
    }

    /** Serves {@code app} on 127.0.0.1 at a free port. */
    public static KernelHost start(App app) {
        return new KernelHost(app, LibOSConfig.of("kernel"));
    }

    public int port() {
        return port;
    }

    /** Stops the app (as a signal would) and returns its report. */
    public HostReport stop() {
        stop.request();
        try {
            return report.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the app did not stop", e);
        }
    }

    @Override
    public void close() {
        stop.request();
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
