package org.margay.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs an outside command and measures its wall-clock time, output discarded (stdout to the null device, stderr
 * kept only to explain a failure). Cold path.
 */
final class ProcessTimer {
    private ProcessTimer() {
    }

    /** The first {@code name} executable on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command} once and returns its wall-clock seconds; throws if it fails. */
    static double time(List<String> command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("margay-bench-stderr-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            int exit = process.waitFor();
            long elapsed = System.nanoTime() - start;
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit + ": "
                        + Files.readString(errors).strip());
            }
            return elapsed / 1e9;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
