package org.margay.device.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test creates ({@code margay-PURPOSE-RANDOM}) and always removes on {@link #close()}:
 * deleting it destroys every interface inside, including veth ends whose peer lives elsewhere. Tests create
 * their interfaces inside such namespaces only, so nothing on the host is touched.
 */
final class Netns implements AutoCloseable {
    private final String name;
    private boolean deleted;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code margay-<purpose>-<6 hex digits>}. */
    static Netns create(String purpose) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "margay-" + purpose + "-" + HexFormat.of().formatHex(random);
        run("ip", "netns", "add", name);
        return new Netns(name);
    }

    String name() {
        return name;
    }

    /** Runs {@code command} inside the namespace; returns its output, throws when it fails. */
    String exec(String... command) {
        return run(inside(command));
    }

    /** Like {@link #exec} but returns null instead of throwing (best-effort tuning). */
    String tryExec(String... command) {
        try {
            return exec(command);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** {@code ip netns exec NAME command...}, for a ProcessBuilder. */
    List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    @Override
    public void close() {
        if (!deleted) {
            deleted = true;
            run("ip", "netns", "del", name);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    static String run(String... command) {
        return run(List.of(command));
    }

    /** Runs a command to completion (10 s at most); returns stdout+stderr, throws when it fails. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
