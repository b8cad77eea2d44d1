package org.margay.testsuite.pdpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
import org.margay.examples.echo.EchoReport;
import org.margay.examples.echo.TcpEchoClient;
import org.margay.examples.echo.TcpEchoServer;
import org.margay.examples.echo.UdpEchoClient;
import org.margay.examples.echo.UdpEchoServer;
import org.margay.examples.kv.KvClient;
import org.margay.examples.kv.KvScript;
import org.margay.examples.kv.KvServer;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;

/**
 * Portability (issue #4): the same example applications, unchanged, give the same results on Margay's stack and on
 * kernel sockets. Which library OS they get is only configuration: both are opened with {@link LibOSes#open} from a
 * {@link LibOSConfig}, and everything after that line is the same code.
 */
class PortabilityTest {
    private static final long LIMIT = 120_000_000_000L;
    private static final AtomicInteger LINKS = new AtomicInteger();

    /** A server instance, a client instance (perhaps the same) and the server's address, from configuration. */
    private record Deployment(String name, LibOS server, LibOS client, String serverAddress) implements AutoCloseable {
        static Deployment of(String name) {
            if (name.equals("kernel")) {
                LibOS los = LibOSes.open(LibOSConfig.of("kernel"));
                return new Deployment(name, los, los, "127.0.0.1");
            }
            String link = "portability-" + LINKS.incrementAndGet();
            LibOS server = LibOSes.open(inet(link, "b", "10.0.0.2"));
            LibOS client = LibOSes.open(inet(link, "a", "10.0.0.1"));
            return new Deployment(name, server, client, "10.0.0.2");
        }

        private static LibOSConfig inet(String link, String side, String address) {
            return LibOSConfig.of("inet", "inet.device", "loopback:" + link + ":" + side, "inet.address", address + "/24",
                    "inet.group", link, "inet.clock", "virtual", "inet.element-size", "65536", "inet.elements", "256");
        }

        InetEndpoint at(int port) {
            return InetEndpoint.parse(serverAddress + ":" + port);
        }

        @Override
        public void close() {
            if (client != server) {
                client.close();
            }
            server.close();
        }
    }

    /** Runs every example on one deployment and returns what each reported (nothing that names the library OS). */
    private static List<String> outcomes(String libos) {
        List<String> out = new ArrayList<>();
        try (Deployment d = Deployment.of(libos)) {
            AppRunner runner = new AppRunner();
            TcpEchoServer tcpServer = runner.start(new TcpEchoServer(d.server(), d.at(0), 3));
            TcpEchoClient tcp = runner.start(new TcpEchoClient(d.client(),
                    new TcpEchoClient.Options(d.at(tcpServer.endpoint().port()), 3, 10, 2000)));
            assertTrue(runner.runUntil(() -> tcp.finished() && tcpServer.finished(), LIMIT), libos + " tcp echo finished");
            out.add("tcp " + tcp.report().outcome() + " server elements=" + tcpServer.elements());

            TcpEchoServer bigServer = runner.start(new TcpEchoServer(d.server(), d.at(0), 1));
            TcpEchoClient big = runner.start(new TcpEchoClient(d.client(),
                    new TcpEchoClient.Options(d.at(bigServer.endpoint().port()), 1, 3, 500_000)));
            assertTrue(runner.runUntil(() -> big.finished() && bigServer.finished(), LIMIT), libos + " large echo finished");
            out.add("tcp-large " + big.report().outcome());

            UdpEchoServer udpServer = runner.start(new UdpEchoServer(d.server(), d.at(0), 20));
            UdpEchoClient udp = runner.start(new UdpEchoClient(d.client(),
                    new TcpEchoClient.Options(d.at(udpServer.endpoint().port()), 2, 10, 700)));
            assertTrue(runner.runUntil(() -> udp.finished() && udpServer.finished(), LIMIT), libos + " udp echo finished");
            out.add("udp " + udp.report().outcome());

            KvServer kvServer = runner.start(new KvServer(d.server(), d.at(0)));
            for (boolean pipelined : new boolean[] {false, true}) {
                KvClient kv = runner.start(new KvClient(d.client(), d.at(kvServer.endpoint().port()), KvScript.COMMANDS, pipelined));
                assertTrue(runner.runUntil(kv::finished, LIMIT), libos + " kv finished");
                out.add("kv" + (pipelined ? " pipelined " : " ") + KvScript.texts(kv.replies()) + kv.error());
            }
            kvServer.stop();
            assertTrue(runner.runUntil(kvServer::finished, LIMIT));
            out.add("kv server requests=" + kvServer.requests() + " protocol errors=" + kvServer.protocolErrors());
        }
        return out;
    }

    @Test
    void theExamplesGiveTheSameResultsOnEveryLibOS() {
        List<String> inet = outcomes("inet");
        List<String> kernel = outcomes("kernel");
        assertEquals(inet, kernel, "the same applications on two library OSes");
        EchoReport expectedShape = new EchoReport("", 3, 3, 30, 30, 30, 60_000, 0, "");
        assertEquals("tcp " + expectedShape.outcome() + " server elements=30", inet.get(0));
        assertEquals("kv " + KvScript.REPLIES, inet.get(3));
        assertEquals("kv pipelined " + KvScript.REPLIES, inet.get(4));
    }
}
