package org.margay.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margay.examples.AppRunner;
import org.margay.examples.TestLibOSes;
import org.margay.pdpix.InetEndpoint;

/** The echo examples on Margay's stack and on kernel sockets: every request comes back intact. */
class EchoAppsTest {
    private static final long LIMIT = 60_000_000_000L;

    static Stream<Arguments> libOSes() {
        Supplier<TestLibOSes> inet = () -> TestLibOSes.inet(7);
        Supplier<TestLibOSes> kernel = TestLibOSes::kernel;
        return Stream.of(Arguments.of("inet", inet), Arguments.of("kernel", kernel));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void tcpEchoWithSeveralClients(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            TcpEchoServer server = runner.start(new TcpEchoServer(l.server(), l.serverBind(0), 4));
            InetEndpoint to = new InetEndpoint(l.serverAddress(), server.endpoint().port());
            TcpEchoClient client = runner.start(new TcpEchoClient(l.client(), new TcpEchoClient.Options(to, 4, 25, 1000)));
            assertTrue(runner.runUntil(() -> client.finished() && server.finished(), LIMIT), () -> client.report().toString());
            EchoReport r = client.report();
            assertTrue(r.ok(100), r::toString);
            assertEquals(100, server.elements());
            assertEquals(4, server.connections());
            assertEquals(0, server.failures());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void tcpEchoOfLargeElements(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            TcpEchoServer server = runner.start(new TcpEchoServer(l.server(), l.serverBind(0), 2));
            InetEndpoint to = new InetEndpoint(l.serverAddress(), server.endpoint().port());
            TcpEchoClient client = runner.start(new TcpEchoClient(l.client(), new TcpEchoClient.Options(to, 2, 5, 300_000)));
            assertTrue(runner.runUntil(client::finished, LIMIT), () -> client.report().toString());
            assertTrue(client.report().ok(10), () -> client.report().toString());
            assertEquals(3_000_000, client.report().bytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void udpEcho(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            UdpEchoServer server = runner.start(new UdpEchoServer(l.server(), l.serverBind(0), 60));
            InetEndpoint to = new InetEndpoint(l.serverAddress(), server.endpoint().port());
            UdpEchoClient client = runner.start(new UdpEchoClient(l.client(), new TcpEchoClient.Options(to, 3, 20, 512)));
            assertTrue(runner.runUntil(() -> client.finished() && server.finished(), LIMIT), () -> client.report().toString());
            assertTrue(client.report().ok(60), () -> client.report().toString());
            assertEquals(60, server.datagrams());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void aClientWithNoServerReportsTheRefusal(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            TcpEchoServer probe = runner.start(new TcpEchoServer(l.server(), l.serverBind(0), 0));
            int port = probe.endpoint().port();
            probe.stop();
            TcpEchoClient client = runner.start(new TcpEchoClient(l.client(),
                    new TcpEchoClient.Options(new InetEndpoint(l.serverAddress(), port), 2, 3, 10)));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            EchoReport r = client.report();
            assertEquals(0, r.connected());
            assertEquals(2, r.failures());
            assertTrue(r.firstError().contains("ECONNREFUSED"), r::toString);
        }
    }
}
