package org.margay.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a test does when the machine lacks something it needs (root, DPDK, /dev/net/tun, a tool):
 * on a developer's machine it is skipped with the reason; in CI ({@code CI=true}, where the run installs
 * everything itself) it fails, because a skipped DPDK, TAP or namespace test there would hide a broken setup.
 * Set {@code MARGAY_ALLOW_SKIP=true} to skip in CI anyway.
 */
public final class Capabilities {
    private Capabilities() {
    }

    /** Whether this run is CI and must not skip capability-dependent tests. */
    public static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI")) && !"true".equalsIgnoreCase(System.getenv("MARGAY_ALLOW_SKIP"));
    }

    /**
     * Continues when {@code available}; otherwise skips the test with {@code reason}, or fails it with the
     * reason in CI.
     */
    public static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if (strict()) {
            throw new AssertionError("required capability missing in CI: " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    /** Whether the JVM runs as root (uid 0), as network namespaces and TAP devices need. */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
