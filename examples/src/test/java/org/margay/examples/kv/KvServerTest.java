package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margay.examples.AppRunner;
import org.margay.examples.RawStreamClient;
import org.margay.examples.TestLibOSes;
import org.margay.pdpix.InetEndpoint;

/** The key-value server on Margay's stack and on kernel sockets, through RESP clients. */
class KvServerTest {
    private static final long LIMIT = 60_000_000_000L;

    static final List<String[]> SCRIPT = KvScript.COMMANDS;
    static final List<String> REPLIES = KvScript.REPLIES;

    static Stream<Arguments> libOSes() {
        Supplier<TestLibOSes> inet = () -> TestLibOSes.inet(11);
        Supplier<TestLibOSes> kernel = TestLibOSes::kernel;
        return Stream.of(Arguments.of("inet", inet), Arguments.of("kernel", kernel));
    }

    private static List<String> texts(List<RespValue> values) {
        return KvScript.texts(values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void aScriptOneCommandAtATime(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            KvServer server = runner.start(new KvServer(l.server(), l.serverBind(0)));
            KvClient client = runner.start(new KvClient(l.client(), endpoint(l, server), SCRIPT, false));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals("", client.error());
            assertEquals(REPLIES, texts(client.replies()));
            assertEquals(SCRIPT.size(), server.requests());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void aPipelinedScript(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            KvServer server = runner.start(new KvServer(l.server(), l.serverBind(0)));
            KvClient client = runner.start(new KvClient(l.client(), endpoint(l, server), SCRIPT, true));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals(REPLIES, texts(client.replies()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void commandsCutIntoAwkwardPieces(String name, Supplier<TestLibOSes> open) throws Exception {
        byte[] all = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\nGET k\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> pieces = List.of(java.util.Arrays.copyOfRange(all, 0, 3), java.util.Arrays.copyOfRange(all, 3, 17),
                java.util.Arrays.copyOfRange(all, 17, 30), java.util.Arrays.copyOfRange(all, 30, all.length));
        String expected = "+OK\r\n$5\r\nvalue\r\n+PONG\r\n";
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            KvServer server = runner.start(new KvServer(l.server(), l.serverBind(0)));
            RawStreamClient client = runner.start(new RawStreamClient(l.client(), endpoint(l, server), pieces, expected.length()));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals(expected, new String(client.received(), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void malformedInputGetsAnErrorAndTheConnectionCloses(String name, Supplier<TestLibOSes> open) throws Exception {
        List<byte[]> garbage = List.of("PING\r\n*2\r\n$3\r\nGET\r\n+oops\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            KvServer server = runner.start(new KvServer(l.server(), l.serverBind(0)));
            RawStreamClient client = runner.start(new RawStreamClient(l.client(), endpoint(l, server), garbage, 0));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals("+PONG\r\n-ERR Protocol error: expected '$', got '+'\r\n",
                    new String(client.received(), StandardCharsets.US_ASCII), "replies before the error, then the error");
            assertTrue(client.closedByServer(), "the server closes after a protocol error");
            assertEquals(1, server.protocolErrors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libOSes")
    void quitClosesTheConnection(String name, Supplier<TestLibOSes> open) throws Exception {
        try (TestLibOSes l = open.get()) {
            AppRunner runner = new AppRunner();
            KvServer server = runner.start(new KvServer(l.server(), l.serverBind(0)));
            RawStreamClient client = runner.start(new RawStreamClient(l.client(), endpoint(l, server),
                    List.of("QUIT\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)), 0));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals("+OK\r\n", new String(client.received(), StandardCharsets.US_ASCII));
            assertTrue(client.closedByServer());
        }
    }

    private static InetEndpoint endpoint(TestLibOSes l, KvServer server) {
        return new InetEndpoint(l.serverAddress(), server.endpoint().port());
    }
}
