package org.margay.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real block device for tests: a Linux loop device ({@code losetup}) over a fresh sparse file under
 * {@code target/storage-tests}. Needs root and loop support; without them {@link #attach} skips the test with the
 * reason. {@link #close} detaches the device and removes the file. Test support.
 */
final class LoopDevice implements AutoCloseable {
    private static final AtomicInteger FILES = new AtomicInteger();
    private final Path file;
    private final String device;

    private LoopDevice(Path file, String device) {
        this.file = file;
        this.device = device;
    }

    /** A loop device of {@code bytes} bytes, or a skipped test. */
    static LoopDevice attach(long bytes) {
        Path file;
        try {
            Path dir = Files.createDirectories(Path.of("target", "storage-tests"));
            file = dir.resolve("loop-" + ProcessHandle.current().pid() + "-" + FILES.incrementAndGet() + ".img").toAbsolutePath();
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String device = run("losetup", "--find", "--show", file.toString());
        if (device == null || !device.startsWith("/dev/loop")) {
            deleteQuietly(file);
            Assumptions.abort("no loop device could be attached (needs root and loop support): " + device);
        }
        return new LoopDevice(file, device);
    }

    /** The device's path, e.g. {@code /dev/loop3}. */
    String path() {
        return device;
    }

    @Override
    public void close() {
        run("losetup", "--detach", device);
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // target/ is cleaned by the build
        }
    }

    /** Runs a command and returns its output (or its exit code and error text), null when it cannot run. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
