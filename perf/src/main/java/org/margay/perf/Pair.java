package org.margay.perf;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one measured exchange between two processes: start the server, wait until it is ready (a {@code READY}
 * line, or a listening TCP port for programs that print none), start the client with what the server reported
 * (its port, say), wait for the client, then stop the server. Every wait has a deadline, and both processes are
 * gone when it returns.
 */
public final class Pair {
    private Pair() {
    }

    /** How to tell that the server can take its client. */
    public sealed interface Readiness {
    }

    /** The server prints {@code READY}. */
    public record ReadyLine() implements Readiness {
    }

    /** The server prints nothing useful; something listens on this loopback TCP port when it is ready. */
    public record Listening(int port) implements Readiness {
    }

    /** A run that produced no figure: why, for the notes. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        /** A failure with a reason. */
        public Failed(String reason) {
            super(reason);
        }
    }

    /**
     * Runs {@code server} then {@code client} (built from the server's results) and returns the client's results;
     * throws {@link Failed} with the reason when either side failed or timed out.
     */
    public static Map<String, String> run(Launcher launcher, String label, List<String> server, Readiness readiness,
                                          Function<Map<String, String>, List<String>> client, long timeoutMillis)
            throws Failed, IOException, InterruptedException {
        try (ChildProcess s = launcher.start(label + "-server", server)) {
            boolean ready = switch (readiness) {
                case ReadyLine r -> s.awaitReady(30_000);
                case Listening l -> Ports.awaitListening(l.port(), 30_000);
            };
            if (!ready) {
                throw new Failed("server did not start: " + s.failureReason());
            }
            try (ChildProcess c = launcher.start(label + "-client", client.apply(s.results()))) {
                int code = c.awaitExit(timeoutMillis);
                if (code != 0) {
                    throw new Failed((code < 0 ? "client timed out" : "client exited " + code) + ": " + c.failureReason());
                }
                Map<String, String> results = c.results();
                results.put("_client_output", String.join("\n", c.otherOutput()));
                s.awaitExit(3000);
                return results;
            }
        }
    }
}
