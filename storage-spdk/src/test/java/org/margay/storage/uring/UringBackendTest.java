package org.margay.storage.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.storage.device.BlockDevice;
import org.margay.storage.device.StorageException;
import org.margay.testkit.Capabilities;

/**
 * The io_uring backend against the real kernel, through Debian's liburing and the shim: O_DIRECT writes, reads and
 * fdatasync through one ring, the I/O memory registered as a fixed buffer, misaligned I/O refused by the kernel, and
 * clear errors for a missing file and (on kernels before 6.6) a tmpfs without O_DIRECT.
 */
class UringBackendTest {
    private UringBackend backend;
    private Path dir;
    private final Map<Long, Integer> done = new HashMap<>();

    @BeforeEach
    void open() throws IOException {
        Capabilities.require(UringBackend.unavailableReason() == null, "io_uring: " + UringBackend.unavailableReason());
        backend = new UringBackend(64, 4096, false);
        dir = Files.createDirectories(Path.of("target", "uring-tests"));
    }

    @AfterEach
    void close() throws IOException {
        if (backend != null) {
            backend.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private int await(long tag) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.containsKey(tag)) {
            backend.submit();
            backend.poll((t, result) -> done.put(t, result));
            assertTrue(System.nanoTime() < deadline, "io_uring completed tag " + tag + " in time");
        }
        return done.remove(tag);
    }

    @Test
    void directWritesReadsAndFlushGoThroughTheRing() {
        MemorySegment memory = backend.ioMemory(1 << 20);
        assertTrue(backend.registration().startsWith("registered as fixed buffer 0"), backend.registration());
        BlockDevice file = backend.open(dir.resolve("raw.bin").toString(), true, 1 << 20);
        assertEquals(1 << 20, file.capacity());
        byte[] data = new byte[8192];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        MemorySegment.copy(data, 0, memory, ValueLayout.JAVA_BYTE, 0, data.length);
        assertEquals(0, file.write(1, memory, 0, 8192, 4096 * 10));
        assertEquals(8192, await(1));
        assertEquals(0, file.flush(2));
        assertEquals(0, await(2), "fdatasync through the ring");
        assertEquals(0, file.read(3, memory, 65536, 8192, 4096 * 10));
        assertEquals(8192, await(3));
        assertArrayEquals(data, memory.asSlice(65536, 8192).toArray(ValueLayout.JAVA_BYTE));
        file.close();
    }

    @Test
    void misalignedDirectIoIsRefusedByTheKernel() {
        MemorySegment memory = backend.ioMemory(1 << 16);
        BlockDevice file = backend.open(dir.resolve("misaligned.bin").toString(), true, 1 << 20);
        assertEquals(0, file.write(9, memory, 100, 4096, 0));
        assertEquals(-Errno.EINVAL, await(9), "O_DIRECT needs aligned buffers");
        file.close();
    }

    @Test
    void aMissingFileAndATmpfsAreReportedClearly() throws IOException {
        StorageException missing = assertThrows(StorageException.class,
                () -> backend.open(dir.resolve("absent.bin").toString(), false, 0));
        assertEquals(Errno.ENOENT, missing.errno());
        assertTrue(missing.getMessage().contains("absent.bin"), missing.getMessage());
        boolean shmIsTmpfs = Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(" /dev/shm tmpfs "));
        Assumptions.assumeTrue(shmIsTmpfs && Files.isWritable(Path.of("/dev/shm")), "/dev/shm is not a writable tmpfs here");
        Path onTmpfs = Path.of("/dev/shm", "margay-uring-test-" + ProcessHandle.current().pid());
        try {
            // Kernels before 6.6 refuse O_DIRECT on tmpfs; later ones accept it. Either way the outcome is clear.
            backend.open(onTmpfs.toString(), true, 1 << 20).close();
        } catch (StorageException e) {
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("does not support O_DIRECT"), e.getMessage());
        } finally {
            Files.deleteIfExists(onTmpfs);
        }
    }
}
