package org.margay.perf;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finding and running the outside programs the scenarios compare with (cold path). */
public final class Tools {
    private Tools() {
    }

    /** Whether {@code program} is an executable on {@code PATH}. */
    public static boolean onPath(String program) {
        return find(program) != null;
    }

    /** The executable {@code program} on {@code PATH}, or null. */
    public static Path find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** The result of a short command: exit code (-1 on timeout) and its merged output. */
    public record Output(int exitCode, String text) {
    }

    /** Runs {@code command} to completion (merged output), killing it after {@code timeoutMillis}. */
    public static Output run(List<String> command, long timeoutMillis) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                reader.join(1000);
                return new Output(-1, out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
            }
            reader.join(5000);
            return new Output(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Output(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "interrupted");
        }
    }
}
