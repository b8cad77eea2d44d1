package org.margay.perf;

import java.util.List;

/**
 * Measures where the host placed the two vCPUs right now: a child JVM bounces one cache line between two threads
 * pinned to the client's and the server's CPU and reports nanoseconds per crossing. On this machine kind a crossing
 * takes about 120 ns ("near") or about 500 ns ("far") and the mode holds for seconds, so the runner takes one probe
 * per round and prints them beside the pairs.
 */
public final class PlacementProbe {
    /** Crossings at or below this are "near". */
    public static final double NEAR_NANOS = 250;

    private final Launcher launcher;
    private final boolean quick;

    /** A probe that starts its children through {@code launcher}. */
    public PlacementProbe(Launcher launcher, boolean quick) {
        this.launcher = launcher;
        this.quick = quick;
    }

    /** Nanoseconds per cache-line crossing, or NaN when the probe failed. */
    public double measure() {
        List<String> cmd = launcher.javaCommand(-1, List.of("-Xmx64m"), "probe",
                List.of("a=" + launcher.clientCpu(), "b=" + launcher.serverCpu(), "warmup=20000",
                        "rounds=" + (quick ? 50_000 : 200_000)));
        try (ChildProcess p = launcher.start("probe", cmd)) {
            if (p.awaitExit(30_000) != 0) {
                return Double.NaN;
            }
            String v = p.result("crossing_ns");
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
