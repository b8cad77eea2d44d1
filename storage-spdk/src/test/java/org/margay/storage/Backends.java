package org.margay.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.margay.pdpix.LibOSConfig;
import org.margay.storage.spdk.SpdkBackend;
import org.margay.storage.uring.UringBackend;
import org.margay.testkit.Capabilities;

/**
 * The storage backends tests run on, with the configuration and the targets each needs: memory (always), io_uring
 * (needs liburing and a disk-backed directory: {@code target/storage-tests}, since tmpfs refuses O_DIRECT), SPDK (only
 * where libspdk is installed, which it cannot be on Debian: those tests skip with the reason, also in CI).
 */
enum Backends {
    MEMORY, IO_URING, SPDK;

    private static final AtomicInteger TARGETS = new AtomicInteger();

    /** Skips (or, for io_uring in CI, fails) the test when this backend cannot run here. */
    void require() {
        switch (this) {
            case IO_URING -> Capabilities.require(UringBackend.unavailableReason() == null, "io_uring: " + UringBackend.unavailableReason());
            case SPDK -> Assumptions.assumeTrue(SpdkBackend.unavailableReason() == null && System.getProperty("margay.spdk.target") != null,
                    "SPDK: " + (SpdkBackend.unavailableReason() != null ? SpdkBackend.unavailableReason()
                            : "set -Dmargay.spdk.target=\"trtype:PCIe traddr:...\" to test an NVMe device"));
            default -> {
            }
        }
    }

    /** A configuration of this backend with small pools, plus {@code extra} key/value pairs. */
    LibOSConfig config(String... extra) {
        LibOSConfig c = LibOSConfig.of("storage", "storage.backend", switch (this) {
            case MEMORY -> "memory";
            case IO_URING -> "io_uring";
            case SPDK -> "spdk";
        }, "storage.capacity", "16m", "storage.elements", "64", "storage.element-size", "16384", "storage.batch-buffers", "8");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            c = c.with(extra[i], extra[i + 1]);
        }
        return c;
    }

    /** Removes what {@link #freshTarget} made (a file, an in-memory device). */
    void discard(String target) {
        try {
            switch (this) {
                case MEMORY -> org.margay.storage.device.MemoryBlockDevice.destroy(target);
                case IO_URING -> Files.deleteIfExists(Path.of(target));
                default -> {
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh target name for this backend. */
    String freshTarget() {
        return switch (this) {
            case MEMORY -> "test-device-" + TARGETS.incrementAndGet() + "-" + System.nanoTime();
            case IO_URING -> {
                try {
                    Path dir = Path.of("target", "storage-tests");
                    Files.createDirectories(dir);
                    Path file = dir.resolve("log-" + ProcessHandle.current().pid() + "-" + TARGETS.incrementAndGet() + ".bin");
                    Files.deleteIfExists(file);
                    yield file.toAbsolutePath().toString();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case SPDK -> System.getProperty("margay.spdk.target");
        };
    }
}
