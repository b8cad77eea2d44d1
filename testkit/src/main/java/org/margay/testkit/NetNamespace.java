package org.margay.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace made for one test, with helpers to run commands inside it, and removed (with
 * every interface moved into it) on {@link #close()}, even when the test failed. Names start with
 * {@code margay-} so {@code ./margay test} can sweep leftovers; the fixture never touches interfaces it did
 * not create.
 *
 * <p>Needs root and iproute2: check {@link #available()} (through {@link Capabilities#require}) first.
 */
public final class NetNamespace implements AutoCloseable {
    private final String name;
    private boolean closed;

    private NetNamespace(String name) {
        this.name = name;
    }

    /** Whether namespaces can be made here (root, and the {@code ip} tool). */
    public static boolean available() {
        if (!Capabilities.isRoot()) {
            return false;
        }
        try {
            return run(List.of("ip", "netns", "list"), 10).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Why {@link #available()} is false, for skip messages. */
    public static String unavailableReason() {
        return Capabilities.isRoot() ? "iproute2's ip netns does not work here" : "network namespaces need root";
    }

    /** Creates {@code margay-<tag>-<random>} with its loopback up. */
    public static NetNamespace create(String tag) {
        String name = "margay-" + tag + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        Result r = run(List.of("ip", "netns", "add", name), 10);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("ip netns add " + name + " failed: " + r.output());
        }
        NetNamespace ns = new NetNamespace(name);
        ns.execChecked("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }

    /** Runs a command inside the namespace and returns its exit code and output (30 s limit). */
    public Result exec(String... command) {
        return execWithTimeout(30, command);
    }

    /** Runs a command inside the namespace with a time limit in seconds. */
    public Result execWithTimeout(int seconds, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(Arrays.asList(command));
        return run(full, seconds);
    }

    /** Runs a command inside the namespace and throws unless it exits 0. */
    public String execChecked(String... command) {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " in " + name + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r.output();
    }

    /** Starts a long-running command inside the namespace (a server, tcpdump); the caller stops it. */
    public Process start(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(Arrays.asList(command));
        try {
            return new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    /** Runs a command in the root namespace (to create a veth, move an interface), throwing unless it exits 0. */
    public static String host(String... command) {
        Result r = run(Arrays.asList(command), 30);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r.output();
    }

    /** Deletes the namespace (interfaces inside go with it). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        run(List.of("ip", "netns", "delete", name), 10);
    }

    /** A command's exit code and merged stdout/stderr. */
    public record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, int seconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + seconds + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
