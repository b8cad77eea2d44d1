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
import org.margay.testkit.NetNamespace;

/**
 * {@code margay serve} run in this JVM on a TAP interface it creates inside a test namespace, with the kernel side of
 * the TAP addressed and brought up once serve is listening. {@link #stop()} does what SIGTERM does
 * ({@link Running#stopAll}) and returns serve's summary line.
 */
final class InProcessServe implements AutoCloseable {
    private final CapturedOut out;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final String listening;

    private InProcessServe(NetNamespace ns, String tap, String subnet, String... appArgs) throws InterruptedException {
        this.out = new CapturedOut();
        List<String> args = new ArrayList<>(List.of("serve", "--netns", ns.name(), "--device", "tap:" + tap,
                "--ip", subnet + ".2/24"));
        args.addAll(List.of(appArgs));
        Thread.ofPlatform().name("in-process-serve-" + tap).start(() -> {
            try {
                exit.complete(Main.run(args.toArray(String[]::new)));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        String line = out.await("serve: listening", 20_000);
        if (line == null) {
            out.close();
            throw new AssertionError("serve did not start: " + out.lines() + " " + (exit.isDone() ? "exit " + exit.join() : ""));
        }
        this.listening = line;
        ns.execChecked("ip", "addr", "add", subnet + ".1/24", "dev", tap);
        ns.execChecked("ip", "link", "set", tap, "up");
    }

    /** Starts {@code serve ... APP-ARGS} on {@code tap} with Margay at SUBNET.2 and Linux at SUBNET.1. */
    static InProcessServe start(NetNamespace ns, String tap, String subnet, String... appArgs) throws InterruptedException {
        return new InProcessServe(ns, tap, subnet, appArgs);
    }

    String listeningLine() {
        return listening;
    }

    /** Stops serve as SIGTERM would; returns its summary line (exit code 0 checked). */
    String stop() throws Exception {
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
        }
        out.close();
    }
}
