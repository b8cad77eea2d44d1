package org.margay.apps;

import java.util.List;
import org.margay.examples.QueueApp;
import org.margay.examples.kv.KvServer;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/** {@code kv}: the examples' key-value server speaking Redis's RESP (PING, GET, SET, DEL, QUIT) for redis-cli. */
public final class KvApp implements App {
    /** Redis's port. */
    public static final int PORT = 6379;

    @Override
    public String spec() {
        return "kv";
    }

    @Override
    public String description() {
        return "kv: a key-value server speaking Redis's RESP subset (PING, GET, SET, DEL, QUIT)";
    }

    @Override
    public int defaultPort() {
        return PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        KvServer server = new KvServer(los, new InetEndpoint(0, port));
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
                return "requests=" + server.requests() + " protocol-errors=" + server.protocolErrors();
            }
        };
    }
}
