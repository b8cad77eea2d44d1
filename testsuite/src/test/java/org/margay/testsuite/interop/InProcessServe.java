package org.margay.testsuite.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.margay.cli.Main;
import org.margay.cli.Running;

/**
 * {@code margay serve} run in this JVM on a {@link PeerLink}'s device (opened inside the link's namespace with
 * {@code --netns}), with Linux's side of the link configured once serve is listening. {@link #stop()} does what
 * SIGTERM does ({@link Running#stopAll}) and returns serve's summary line.
 */
final class InProcessServe implements AutoCloseable {
    private final CapturedOut out;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final String listening;
    private final PeerLink link;

    private InProcessServe(PeerLink link, String... appArgs) throws InterruptedException {
        this.link = link;
        this.out = new CapturedOut();
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(link.margayArguments());
        args.addAll(List.of(appArgs));
        Thread.ofPlatform().name("in-process-serve-" + link.linuxInterface()).start(() -> {
            try {
                exit.complete(Main.run(args.toArray(String[]::new)));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        String line = out.await("serve: listening", 30_000);
        if (line == null) {
            out.close();
            throw new AssertionError("serve did not start: " + out.lines() + " " + (exit.isDone() ? "exit " + exit.join() : ""));
        }
        this.listening = line;
        link.configureLinuxSide(10_000);
    }

    /** Starts {@code serve --netns ... --device ... --ip ... APP-ARGS} on {@code link}. */
    static InProcessServe start(PeerLink link, String... appArgs) throws InterruptedException {
        return new InProcessServe(link, appArgs);
    }

    String listeningLine() {
        return listening;
    }

    /** Stops serve as SIGTERM would; returns its summary line (exit code 0 checked). */
    String stop() throws Exception {
        link.recordLinuxTxDrops();
        assertTrue(Running.stopAll(15_000), "serve stopped within 15 s");
        int code = exit.get(15, TimeUnit.SECONDS);
        String summary = out.await("serve: stopped", 1_000);
        out.close();
        assertEquals(0, code, "serve's exit code");
        assertNotNull(summary, "serve printed its summary");
        return summary;
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            Running.stopAll(15_000);
            try {
                exit.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the test that failed
            }
        }
        out.close();
    }
}
