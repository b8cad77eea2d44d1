package org.margay.apps;

import java.util.List;
import org.margay.examples.QueueApp;
import org.margay.examples.echo.TcpEchoServer;
import org.margay.examples.echo.UdpEchoServer;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;

/**
 * {@code echo}: the examples' TCP echo server on raw-stream queues ({@link RawStreamLibOS}, so socat and nc are
 * echoed byte for byte) and their UDP echo server, both on the same port, as the Echo service of RFC 862.
 */
public final class EchoApp implements App {
    /** The well-known Echo port (RFC 862). */
    public static final int PORT = 7;

    @Override
    public String spec() {
        return "echo";
    }

    @Override
    public String description() {
        return "echo: sends back every byte (RFC 862, TCP and UDP on the same port)";
    }

    @Override
    public int defaultPort() {
        return PORT;
    }

    @Override
    public Service open(LibOS los, int port) {
        // One view for both parts: a runner dispatches by (library OS instance, qd), and two views of one library OS
        // would each collect the other's completions.
        LibOS raw = new RawStreamLibOS(los);
        TcpEchoServer tcp = new TcpEchoServer(raw, new InetEndpoint(0, port), 0);
        UdpEchoServer udp = new UdpEchoServer(raw, new InetEndpoint(0, port), 0);
        return new Service() {
            @Override
            public List<QueueApp> parts() {
                return List.of(tcp, udp);
            }

            @Override
            public void stop() {
                tcp.stop();
                udp.stop();
            }

            @Override
            public boolean finished() {
                return tcp.finished() && udp.finished();
            }

            @Override
            public String counters() {
                return "echoed=" + tcp.bytes() + " datagrams=" + udp.datagrams();
            }
        };
    }
}
