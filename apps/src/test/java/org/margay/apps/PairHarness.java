package org.margay.apps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.margay.examples.AppRunner;
import org.margay.examples.AppTrace;
import org.margay.examples.QueueApp;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.inet.InetLibOSPair;

/**
 * An app served by one Margay stack and exercised by clients on the other, two inet library OSes over an in-memory
 * link on one virtual clock, all on one {@link AppRunner}. {@link #close()} stops the app, lets it finish and closes
 * the pair, which fails the test if any buffer leaked.
 */
public final class PairHarness implements AutoCloseable {
    private final InetLibOSPair pair;
    private final AppRunner runner;
    private final Service service;
    private final CountingLibOS serverView;
    private final int port;
    private final List<QueueApp> clients = new ArrayList<>();

    private PairHarness(App app, int port, long seed, AppTrace trace) {
        this.pair = InetLibOSPair.open(seed);
        this.runner = new AppRunner(trace, AppRunner.DEFAULT_IDLE_SLICE_NANOS);
        this.port = port;
        this.serverView = new CountingLibOS(pair.server());
        this.service = app.open(serverView, port);
        for (QueueApp part : service.parts()) {
            runner.start(part);
        }
    }

    /** Serves {@code app} at {@code port} on the server side (10.0.0.2). */
    public static PairHarness serve(App app, int port, long seed) {
        return new PairHarness(app, port, seed, AppTrace.NONE);
    }

    public InetLibOSPair pair() {
        return pair;
    }

    public Service service() {
        return service;
    }

    public CountingLibOS serverCounters() {
        return serverView;
    }

    /** The server's endpoint as the client sees it. */
    public InetEndpoint endpoint() {
        return InetLibOSPair.serverEndpoint(port);
    }

    /** Starts {@code client} (on the client side) and returns it. */
    public <C extends QueueApp> C client(C client) {
        clients.add(client);
        return runner.start(client);
    }

    /** Runs until every client started so far is finished (20 s of real time at most). */
    public void runClients() {
        assertTrue(runner.runUntil(() -> clients.stream().allMatch(QueueApp::finished), 20_000_000_000L),
                "the clients did not finish");
    }

    /** Runs until {@code done} (20 s of real time at most). */
    public boolean runUntil(java.util.function.BooleanSupplier done) {
        return runner.runUntil(done, 20_000_000_000L);
    }

    @Override
    public void close() {
        try {
            service.stop();
            assertTrue(runner.runUntil(service::finished, 10_000_000_000L), "the service did not finish after stop");
            runner.runUntil(() -> false, 5_000_000L);   // let closes complete
        } finally {
            pair.close();
        }
    }
}
