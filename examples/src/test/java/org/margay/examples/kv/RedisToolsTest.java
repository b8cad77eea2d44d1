package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
import org.margay.examples.TestLibOSes;

/**
 * The key-value server against Debian's real Redis tools (package {@code redis-tools}), over kernel sockets on
 * 127.0.0.1: redis-cli's commands and redis-benchmark's PING/SET/GET runs. Skips when the tools are missing.
 */
class RedisToolsTest {
    private static final long LIMIT = 60_000_000_000L;
    private TestLibOSes kernel;
    private AppRunner runner;
    private KvServer server;

    @BeforeEach
    void startServer() {
        kernel = TestLibOSes.kernel();
        runner = new AppRunner();
        server = runner.start(new KvServer(kernel.server(), kernel.serverBind(0)));
    }

    @AfterEach
    void stopServer() throws Exception {
        kernel.close();
    }

    private static void assumeTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        Assumptions.assumeTrue(found, tool + " is not installed (Debian package redis-tools)");
    }

    /** Runs {@code command} while the runner serves it; returns its standard output. */
    private String run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("margay-redis", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertTrue(runner.runUntil(() -> !p.isAlive(), LIMIT), "the tool finished");
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), text);
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private List<String> cli(String... args) {
        List<String> c = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(server.endpoint().port())));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void redisCli() throws Exception {
        assumeTool("redis-cli");
        assertEquals("PONG\n", run(cli("PING")));
        assertEquals("OK\n", run(cli("SET", "tool", "redis-cli value")));
        assertEquals("redis-cli value\n", run(cli("GET", "tool")));
        assertEquals("1\n", run(cli("DEL", "tool")));
        assertEquals("\n", run(cli("GET", "tool")), "a missing key prints an empty line without a tty");
        assertTrue(run(cli("NOSUCH")).startsWith("ERR unknown command 'NOSUCH'"));
    }

    @Test
    void redisBenchmark() throws Exception {
        assumeTool("redis-benchmark");
        String out = run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(server.endpoint().port()),
                "-t", "ping,set,get", "-n", "2000", "-c", "4", "-q"));
        for (String test : new String[] {"PING_INLINE", "PING_MBULK", "SET", "GET"}) {
            assertTrue(out.contains(test + ": "), () -> test + " missing from:\n" + out);
        }
        assertTrue(server.requests() >= 8000, () -> "requests served: " + server.requests());
        assertEquals(0, server.protocolErrors());
    }
}
