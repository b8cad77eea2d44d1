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

    /**
     * Serves {@code root}.
     *
     * @throws IllegalArgumentException when {@code root} is not an existing directory
     */
    public HttpApp(Path root) {
        this.files = new StaticFiles(Objects.requireNonNull(root, "root"));
        this.spec = "http:" + root;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public String description() {
        return "http: HTTP/1.1 static files from " + files.root() + " (GET/HEAD, keep-alive, pipelining)";
    }

    @Override
    public int defaultPort() {
        return PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        HttpServer server = new HttpServer(los, new InetEndpoint(0, port), files);
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
            public String counters() {
                return "requests=" + server.requests() + " 2xx=" + server.responses(2) + " 3xx=" + server.responses(3)
                        + " 4xx=" + server.responses(4) + " 5xx=" + server.responses(5) + " body-bytes=" + server.bodyBytes();
            }
        };
    }
}
