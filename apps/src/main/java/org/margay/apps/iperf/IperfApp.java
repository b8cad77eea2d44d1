package org.margay.apps.iperf;

import java.util.List;
import org.margay.apps.App;
import org.margay.apps.Service;
import org.margay.examples.QueueApp;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/** {@code iperf3}: a server the stock iperf3 client measures against (TCP, forward and {@code -R}; {@link IperfServer}). */
public final class IperfApp implements App {
    @Override
    public String spec() {
        return "iperf3";
    }

    @Override
    public String description() {
        return "iperf3: a server for the stock iperf3 client (TCP tests, forward and -R, -P, -t/-n/-k)";
    }

    @Override
    public int defaultPort() {
        return IperfProtocol.PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        IperfServer server = new IperfServer(los, new InetEndpoint(0, port));
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
                return "tests=" + server.testsCompleted() + " tests-failed=" + server.testsFailed()
                        + " denied=" + server.denied() + " measured-bytes=" + server.measuredBytes();
            }
        };
    }
}
