package org.margay.device.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Unique paths for shared-memory files, on tmpfs ({@code /dev/shm}) when the machine has it, and their
 * removal: tests create one per case and {@link #close()} deletes them all.
 */
final class ShmFiles implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();

    /** A path that does not exist yet. */
    Path newPath() {
        Path directory = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
                ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path path = directory.resolve("margay-shm-test-" + UUID.randomUUID());
        paths.add(path);
        return path;
    }

    @Override
    public void close() throws IOException {
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
