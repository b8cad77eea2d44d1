package org.margay.perf;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pair of processes kept for the whole scenario and measured once per round: the server is started and awaited
 * ({@link Pair.Readiness}), the client connects and prints {@code CONNECTED}; then each {@link #measure} thaws both
 * ({@code SIGCONT}), asks the client for one window ({@code MEASURE}), collects its {@code RESULT}s at {@code DONE},
 * and freezes both again ({@code SIGSTOP}). Frozen pairs use no CPU, so the busy-polling variants of one scenario can
 * be interleaved round by round without each paying a JVM start and a JIT warm-up per round.
 */
public final class Session implements AutoCloseable {
    private final ChildProcess server;
    private final ChildProcess client;
    private final boolean serverExits;
    private int windows;
    private boolean frozen;

    private Session(ChildProcess server, ChildProcess client, boolean serverExits) {
        this.server = server;
        this.client = client;
        this.serverExits = serverExits;
    }

    /**
     * Starts the server, waits until it is ready, starts the client (built from the server's results), waits for it
     * to connect, and freezes both. Throws {@link Pair.Failed} (having stopped both) when either does not come up.
     */
    public static Session open(Launcher launcher, String label, List<String> serverCommand, Pair.Readiness readiness,
                               Function<Map<String, String>, List<String>> clientCommand)
            throws Pair.Failed, IOException, InterruptedException {
        ChildProcess s = launcher.start(label + "-server", serverCommand);
        ChildProcess c = null;
        try {
            boolean ready = switch (readiness) {
                case Pair.ReadyLine r -> s.awaitReady(30_000);
                case Pair.Listening l -> Ports.awaitListening(l.port(), 30_000);
            };
            if (!ready) {
                throw new Pair.Failed("server did not start: " + s.failureReason());
            }
            c = launcher.start(label + "-client", clientCommand.apply(s.results()), true);
            if (!c.awaitMarker("CONNECTED", 1, 60_000)) {
                throw new Pair.Failed("client did not connect: " + c.failureReason());
            }
            Session session = new Session(s, c, readiness instanceof Pair.ReadyLine);
            session.freeze();
            return session;
        } catch (Pair.Failed | IOException | InterruptedException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            s.close();
            throw e;
        }
    }

    /** Runs one window (thawing and re-freezing the pair) and returns the client's results. */
    public Map<String, String> measure(long timeoutMillis) throws Pair.Failed, IOException, InterruptedException {
        thaw();
        client.takeResults();
        client.send("MEASURE");
        windows++;
        if (!client.awaitMarker("DONE", windows, timeoutMillis)) {
            throw new Pair.Failed((client.alive() ? "window timed out: " : "client died: ") + client.failureReason());
        }
        Map<String, String> results = client.takeResults();
        freeze();
        return results;
    }

    private void freeze() {
        server.signal("STOP");
        client.signal("STOP");
        frozen = true;
    }

    private void thaw() {
        if (frozen) {
            server.signal("CONT");
            client.signal("CONT");
            frozen = false;
        }
    }

    /** Thaws, tells the client to quit, waits briefly for both to exit, and kills what is left. */
    @Override
    public void close() {
        try {
            thaw();
            client.send("QUIT");
            client.awaitExit(5000);
            if (serverExits) {
                server.awaitExit(3000);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            client.close();
            server.close();
        }
    }
}
