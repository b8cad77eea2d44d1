package org.margay.apps.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.margay.apps.App;
import org.margay.apps.Service;
import org.margay.examples.QueueApp;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/** {@code http:DIR}: an HTTP/1.1 static file server of the files under DIR ({@link HttpServer}). */
public final class HttpApp implements App {
    /** HTTP's port. */
    public static final int PORT = 80;

    private final StaticFiles files;
    private final String spec;
    private final long idleTimeoutNanos;

    /**
     * Serves {@code root}.
     *
     * @throws IllegalArgumentException when {@code root} is not an existing directory
     */
    public HttpApp(Path root) {
        this(root, HttpServer.DEFAULT_IDLE_TIMEOUT_NANOS);
    }

    /**
     * Serves {@code root}, closing a keep-alive connection that stays idle (no request begun, nothing being sent) for
     * {@code idleTimeoutNanos}.
     *
     * @throws IllegalArgumentException when {@code root} is not an existing directory or the timeout is not positive
     */
    public HttpApp(Path root, long idleTimeoutNanos) {
        if (idleTimeoutNanos <= 0) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeoutNanos);
        }
        this.files = new StaticFiles(Objects.requireNonNull(root, "root"));
        this.spec = "http:" + root;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public String description() {
        return "http: HTTP/1.1 static files from " + files.root() + " (GET/HEAD, keep-alive closed after "
                + idleTimeoutNanos / 1_000_000_000L + " s idle, pipelining)";
    }

    @Override
    public int defaultPort() {
        return PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        HttpServer server = new HttpServer(los, new InetEndpoint(0, port), files, idleTimeoutNanos);
        return new Service() {
            @Override
            public List<QueueApp> parts() {
                return List.of(server);
            }

            @Override
            public void stop() {
                server.stop();
            }

            @Override
            public boolean finished() {
                return server.finished();
            }

            @Override
            public void tick(long nowNanos) {
                server.tick(nowNanos);
            }

            @Override
            public String counters() {
                return "requests=" + server.requests() + " 2xx=" + server.responses(2) + " 3xx=" + server.responses(3)
                        + " 4xx=" + server.responses(4) + " 5xx=" + server.responses(5) + " body-bytes=" + server.bodyBytes();
            }
        };
    }
}
