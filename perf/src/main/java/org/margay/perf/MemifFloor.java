package org.margay.perf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The C memif floor ({@code src/main/c/memif_floor.c}, shipped in this module's jar): built on demand with
 * {@code gcc} and {@code pkg-config libdpdk} into a cache directory (keyed by the source's hash, so it is built
 * once per source version), and the EAL arguments both it and Margay's {@code dpdk:} device get.
 */
public final class MemifFloor {
    private static final String SOURCE = "memif_floor.c";

    private MemifFloor() {
    }

    /** The binary, or the reason it cannot be built here. */
    public record Build(Path binary, String skipReason) {
    }

    /** Builds (or finds) the binary under {@code cacheDirectory}. */
    public static Build build(Path cacheDirectory) {
        if (!Tools.onPath("gcc") || !Tools.onPath("pkg-config")) {
            return new Build(null, "gcc or pkg-config missing (apt-get install gcc pkg-config libdpdk-dev)");
        }
        Tools.Output exists = Tools.run(List.of("pkg-config", "--exists", "libdpdk"), 10_000);
        if (exists.exitCode() != 0) {
            return new Build(null, "DPDK development files missing (apt-get install libdpdk-dev)");
        }
        try (InputStream in = MemifFloor.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                return new Build(null, "the C source " + SOURCE + " is not in the perf jar");
            }
            byte[] source = in.readAllBytes();
            String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(source), 0, 8);
            Path dir = Files.createDirectories(cacheDirectory);
            Path binary = dir.resolve("memif_floor-" + hash);
            if (Files.isExecutable(binary)) {
                return new Build(binary, null);
            }
            Path src = dir.resolve("memif_floor-" + hash + ".c");
            Files.write(src, source);
            Tools.Output flags = Tools.run(List.of("pkg-config", "--cflags", "--libs", "libdpdk"), 10_000);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), src.toString()));
            cmd.addAll(Arrays.asList(flags.text().trim().split("\\s+")));
            Tools.Output gcc = Tools.run(cmd, 120_000);
            if (gcc.exitCode() != 0) {
                return new Build(null, "gcc failed: " + gcc.text().strip().lines().findFirst().orElse(""));
            }
            return new Build(binary, null);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return new Build(null, "cannot build the C floor: " + e.getMessage());
        }
    }

    /**
     * EAL arguments for a process polling on {@code cpu} without hugepages (FIELD-NOTES: DPDK 22.11 from Debian).
     * {@code --no-telemetry}: a starting EAL connects to the telemetry socket of any DPDK process already running and
     * waits for its answer, so it hangs while a frozen session (SIGSTOP) holds that socket.
     */
    public static List<String> ealArguments(int cpu) {
        return List.of("-l", Integer.toString(cpu), "--no-huge", "-m", "256", "--no-shconf", "--no-pci", "--no-telemetry",
                "--log-level=4");
    }

    /** The vdev argument of a memif port. */
    public static String vdev(String role, Path socket) {
        return "net_memif0,role=" + role + ",socket=" + socket;
    }
}
