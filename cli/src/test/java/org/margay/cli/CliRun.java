package org.margay.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@code margay ARGS} in this JVM and keeps its exit code, stdout and stderr (for tests). */
record CliRun(int exit, List<String> out, List<String> err) {
    static CliRun of(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = Main.run(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8).lines().toList(),
                    err.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    String lastOut() {
        return out.isEmpty() ? "" : out.getLast();
    }

    String allErr() {
        return String.join("\n", err);
    }
}
