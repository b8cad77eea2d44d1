package org.margay.testsuite.pdpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
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
 * Portability onto RDMA (issue #7: "an application moves between a TCP stack and RDMA with no code change"): the
 * example applications, unchanged, give over the RDMA library OS (two hosts on an in-process verbs fabric) the same
 * results as over kernel sockets. Only the {@link LibOSConfig} differs.
 */
class RdmaPortabilityTest {
    private static final long LIMIT = 120_000_000_000L;
    private static final AtomicInteger FABRICS = new AtomicInteger();

    private static List<String> outcomes(LibOS server, LibOS client, String serverAddress) {
        List<String> out = new ArrayList<>();
        AppRunner runner = new AppRunner();
        TcpEchoServer tcpServer = runner.start(new TcpEchoServer(server, InetEndpoint.parse(serverAddress + ":0"), 3));
        TcpEchoClient tcp = runner.start(new TcpEchoClient(client,
                new TcpEchoClient.Options(InetEndpoint.parse(serverAddress + ":" + tcpServer.endpoint().port()), 3, 10, 2000)));
        assertTrue(runner.runUntil(() -> tcp.finished() && tcpServer.finished(), LIMIT), "tcp echo finished");
        out.add("tcp " + tcp.report().outcome() + " server elements=" + tcpServer.elements());

        TcpEchoServer bigServer = runner.start(new TcpEchoServer(server, InetEndpoint.parse(serverAddress + ":0"), 1));
        TcpEchoClient big = runner.start(new TcpEchoClient(client,
                new TcpEchoClient.Options(InetEndpoint.parse(serverAddress + ":" + bigServer.endpoint().port()), 1, 3, 500_000)));
        assertTrue(runner.runUntil(() -> big.finished() && bigServer.finished(), LIMIT), "large echo finished");
        out.add("tcp-large " + big.report().outcome());

        UdpEchoServer udpServer = runner.start(new UdpEchoServer(server, InetEndpoint.parse(serverAddress + ":0"), 20));
        UdpEchoClient udp = runner.start(new UdpEchoClient(client,
                new TcpEchoClient.Options(InetEndpoint.parse(serverAddress + ":" + udpServer.endpoint().port()), 2, 10, 700)));
        assertTrue(runner.runUntil(() -> udp.finished() && udpServer.finished(), LIMIT), "udp echo finished");
        out.add("udp " + udp.report().outcome());

        KvServer kvServer = runner.start(new KvServer(server, InetEndpoint.parse(serverAddress + ":0")));
        for (boolean pipelined : new boolean[] {false, true}) {
            KvClient kv = runner.start(new KvClient(client, InetEndpoint.parse(serverAddress + ":" + kvServer.endpoint().port()),
                    KvScript.COMMANDS, pipelined));
            assertTrue(runner.runUntil(kv::finished, LIMIT), "kv finished");
            out.add("kv" + (pipelined ? " pipelined " : " ") + KvScript.texts(kv.replies()) + kv.error());
        }
        kvServer.stop();
        assertTrue(runner.runUntil(kvServer::finished, LIMIT));
        out.add("kv server requests=" + kvServer.requests() + " protocol errors=" + kvServer.protocolErrors());
        return out;
    }

    @Test
    void theExamplesGiveTheSameResultsOverRdmaAsOverKernelSockets() {
        List<String> kernel;
        try (LibOS los = LibOSes.open(LibOSConfig.of("kernel"))) {
            kernel = outcomes(los, los, "127.0.0.1");
        }
        String fabric = "portability-rdma-" + FABRICS.incrementAndGet();
        List<String> rdma;
        try (LibOS server = LibOSes.open(RdmaUnderTest.config(fabric, "10.0.0.2", fabric));
             LibOS client = LibOSes.open(RdmaUnderTest.config(fabric, "10.0.0.1", fabric))) {
            rdma = outcomes(server, client, "10.0.0.2");
        }
        assertEquals(kernel, rdma, "the same applications over kernel sockets and over RDMA");
        assertEquals("kv " + KvScript.REPLIES, rdma.get(3));
    }
}
