package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code margay demo}: the live two-stack exchange by default, the decode check with {@code --decode}. */
class DemoCommandTest {

    private record Run(int exit, List<String> lines) {
        String last() {
            return lines.getLast();
        }
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int exit = Main.run(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void theLiveDemoExchangesEchoAndKeyValueThroughPdpix() {
        Run r = run("demo");
        assertEquals(0, r.exit(), () -> String.join("\n", r.lines()));
        assertTrue(r.last().matches("demo: libos=inet stacks=2 echo=16/16 intact kv=9/9 as expected frames=\\d+"
                + " virtual-time=\\d+\\.\\d{6}s ok"), r.last());
        assertTrue(r.lines().stream().anyMatch(l -> l.contains("Flags [S]")), "the trace decodes the handshake");
        assertTrue(r.lines().stream().anyMatch(l -> l.contains("tcp-echo-server: accepted connection from 10.0.0.1:")));
        assertTrue(r.lines().stream().anyMatch(l -> l.contains("kv-client: > \"hello from PDPIX\"")));
    }

    @Test
    void theSameSeedPrintsTheSameTrace() {
        assertEquals(run("demo", "--seed", "5").lines(), run("demo", "--seed", "5").lines());
    }

    @Test
    void optionsShapeTheEchoExchange() {
        Run r = run("demo", "--clients", "3", "--requests", "4", "--size", "20000", "--frames", "0");
        assertEquals(0, r.exit(), () -> String.join("\n", r.lines()));
        assertTrue(r.last().startsWith("demo: libos=inet stacks=2 echo=12/12 intact kv=9/9"), r.last());
        assertTrue(r.lines().stream().noneMatch(l -> l.contains("Flags [")), "--frames 0 prints no frames");
    }

    @Test
    void anImpossibleSizeFailsWithAMessage() {
        Run r = run("demo", "--size", "100000000");
        assertEquals(1, r.exit());
        assertTrue(r.last().startsWith("demo: libos=inet FAILED (--size 100000000 is above the largest element"), r.last());
    }

    @Test
    void theDecodeDemoIsStillThere() {
        Run r = run("demo", "--decode");
        assertEquals(0, r.exit(), () -> String.join("\n", r.lines()));
        assertTrue(r.last().matches("demo: capture=\\S+ packets=\\d+ agree=(\\d+)/\\1 with tcpdump ok"), r.last());
    }
}
