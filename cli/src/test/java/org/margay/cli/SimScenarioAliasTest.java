package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code margay sim --scenario NAME} runs the teaching lab scenario, as {@code margay explain --scenario NAME} does. */
class SimScenarioAliasTest {
    @Test
    void listsAndRunsScenarios() {
        CliRun list = CliRun.of("sim", "--scenario", "list");
        assertEquals(0, list.exit(), list.err().toString());
        assertTrue(list.out().stream().anyMatch(l -> l.startsWith("handshake")), list.out().toString());
        CliRun run = CliRun.of("sim", "--scenario", "handshake");
        assertEquals(0, run.exit(), run.err().toString());
        assertTrue(run.out().stream().anyMatch(l -> l.contains("every connection closed cleanly")), run.out().toString());
    }

    @Test
    void anUnknownScenarioIsAClearError() {
        CliRun run = CliRun.of("sim", "--scenario", "no-such-thing");
        assertEquals(2, run.exit());
        assertTrue(String.join("\n", run.err()).contains("no scenario named"), run.err().toString());
    }
}
