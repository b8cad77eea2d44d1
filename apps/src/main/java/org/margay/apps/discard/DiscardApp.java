package org.margay.apps.discard;

import java.util.List;
import org.margay.apps.App;
import org.margay.apps.Service;
import org.margay.examples.QueueApp;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/**
 * {@code discard}: the RFC 863 Discard service over TCP ({@link DiscardServer}). {@code discard:sha256} also hashes
 * what each connection sent and reports the SHA-256 of the last connection that ended ({@code sha256=HEX} in the
 * counters), for checking a transfer end to end; plain {@code discard} hashes nothing.
 */
public final class DiscardApp implements App {
    /** The well-known Discard port (RFC 863). */
    public static final int PORT = 9;

    private final boolean sha256;

    /** Plain discard. */
    public DiscardApp() {
        this(false);
    }

    /** Discard that also hashes each connection's bytes when {@code sha256}. */
    public DiscardApp(boolean sha256) {
        this.sha256 = sha256;
    }

    @Override
    public String spec() {
        return sha256 ? "discard:sha256" : "discard";
    }

    @Override
    public String description() {
        return "discard: reads and drops every byte (RFC 863, TCP)";
    }

    @Override
    public int defaultPort() {
        return PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        DiscardServer server = new DiscardServer(los, new InetEndpoint(0, port), sha256);
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
                String last = server.lastSha256();
                return "discarded=" + server.bytes() + (sha256 ? " sha256=" + (last != null ? last : "-") : "");
            }
        };
    }
}
