package org.margay.rdma.verbs.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margay.testkit.Capabilities;

/**
 * Checks every struct size, field offset and constant the FFM binding uses ({@link IbvLayout#expectations()})
 * against the rdma-core headers installed on this machine: it compiles {@code src/test/c/layout_probe.c} with gcc
 * at test time, runs it, and compares line by line. A new rdma-core release that moved a field fails here, not in
 * production.
 */
class LayoutProbeTest {

    @Test
    void everyLayoutTheBindingUsesMatchesTheInstalledHeaders() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("margay.root", "."), "rdma-transport", "src", "test", "c", "layout_probe.c");
        if (!Files.isRegularFile(source)) {
            source = Path.of("src", "test", "c", "layout_probe.c");
        }
        Capabilities.require(Files.isRegularFile(source), "the probe source " + source + " is missing");
        Capabilities.require(onPath("gcc"), "gcc is not installed (Debian: apt-get install gcc)");
        Capabilities.require(Files.isRegularFile(Path.of("/usr/include/infiniband/verbs.h"))
                        && Files.isRegularFile(Path.of("/usr/include/rdma/rdma_cma.h")),
                "rdma-core's headers are not installed (Debian: apt-get install libibverbs-dev librdmacm-dev)");
        Path dir = Files.createTempDirectory("margay-layout-probe");
        Path binary = dir.resolve("layout_probe");
        try {
            run(List.of("gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
            Map<String, Long> probed = parse(run(List.of(binary.toString())));
            Map<String, Long> expected = IbvLayout.expectations();
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                Long actual = probed.get(e.getKey());
                if (actual == null) {
                    wrong.add(e.getKey() + ": the probe does not print it");
                } else if (!actual.equals(e.getValue())) {
                    wrong.add(e.getKey() + ": Java uses " + e.getValue() + ", the headers say " + actual);
                }
            }
            for (String key : probed.keySet()) {
                if (!expected.containsKey(key)) {
                    wrong.add(key + ": probed but not checked by IbvLayout.expectations()");
                }
            }
            assertTrue(wrong.isEmpty(), "layouts that differ from rdma-core's headers:\n  " + String.join("\n  ", wrong));
            assertEquals(expected.size(), probed.size());
            assertTrue(expected.size() > 150, "the probe covers every field and constant: " + expected.size());
        } finally {
            Files.deleteIfExists(binary);
            Files.deleteIfExists(dir);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), () -> command + " failed:\n" + out);
        return out;
    }

    private static Map<String, Long> parse(String output) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                m.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            }
        }
        return m;
    }
}
