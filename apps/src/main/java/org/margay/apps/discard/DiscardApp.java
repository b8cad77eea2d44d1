package org.margay.apps.discard;

import java.util.List;
import org.margay.apps.App;
import org.margay.apps.Service;
import org.margay.examples.QueueApp;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/** {@code discard}: the RFC 863 Discard service over TCP ({@link DiscardServer}). */
public final class DiscardApp implements App {
    /** The well-known Discard port (RFC 863). */
    public static final int PORT = 9;

    @Override
    public String spec() {
        return "discard";
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
        DiscardServer server = new DiscardServer(los, new InetEndpoint(0, port));
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
                return "discarded=" + server.bytes();
            }
        };
    }
}
