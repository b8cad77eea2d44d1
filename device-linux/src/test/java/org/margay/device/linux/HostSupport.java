package org.margay.device.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the machine offers the device tests; each check skips the calling test with a reason when missing. */
final class HostSupport {
    private static final String[] EXTRA_PATH = {"/usr/sbin", "/sbin", "/usr/bin", "/bin"};

    private HostSupport() {
    }

    /** Whether this process runs as root (effective uid 0, from /proc/self/status). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    return fields.length > 1 && fields[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The full path of {@code command} on PATH (or the sbin directories), or null. */
    static String which(String command) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of(EXTRA_PATH));
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Skips unless root with named network namespaces possible ({@code ip} present). */
    static void assumeRootNetworking() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Linux devices need Linux");
        assumeTrue(isRoot(), "needs root (CAP_NET_ADMIN) to create network namespaces, TAP and packet sockets");
        assumeTools("ip");
    }

    /** Skips unless {@code /dev/net/tun} exists. */
    static void assumeTun() {
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun (the tun module is not loaded)");
    }

    /** Skips unless every command is installed. */
    static void assumeTools(String... commands) {
        for (String command : commands) {
            assumeTrue(which(command) != null, "'" + command + "' is not installed (scripts/test.sh installs it)");
        }
    }
}
