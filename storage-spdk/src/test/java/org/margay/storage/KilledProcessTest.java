package org.margay.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;

/**
 * Crash consistency with a real process and real I/O: a child JVM appends to an io_uring log with O_DIRECT, many
 * writes in flight, printing each acknowledgement; the test kills it with SIGKILL ({@code destroyForcibly}) in the
 * middle of its writes, reopens the log in this JVM and checks that every acknowledged element is there, intact, and
 * that no element read back is torn — three rounds on one target, so recovery after recovery is covered. Once on a
 * file, once on a block device (a loop device; skipped with the reason where it cannot be attached).
 */
class KilledProcessTest {
    private static final long SEED = 20_251_123L;

    @Test
    void everyAcknowledgedElementSurvivesAKillAndNothingTornComesBack() throws Exception {
        Backends.IO_URING.require();
        String file = Backends.IO_URING.freshTarget();
        killAndRecoverThreeTimes(file);
        Backends.IO_URING.discard(file);
    }

    @Test
    void theSameOnABlockDevice() throws Exception {
        Backends.IO_URING.require();
        try (LoopDevice device = LoopDevice.attach(64L << 20)) {
            killAndRecoverThreeTimes(device.path());
        }
    }

    private static void killAndRecoverThreeTimes(String file) throws Exception {
        long acknowledged = -1;
        for (int round = 0; round < 3; round++) {
            long last = runAndKill(file, round == 0, 150 + round * 100);
            assertTrue(last > acknowledged, "the writer made progress in round " + round);
            acknowledged = last;
            long elements = verify(file);
            assertTrue(elements >= acknowledged + 1, "round " + round + ": acknowledged " + (acknowledged + 1) + " elements, recovered "
                    + elements);
        }
    }

    /** Runs the writer until it has acknowledged {@code atLeast} more elements, kills it, returns the last index it acknowledged. */
    private static long runAndKill(String file, boolean create, int atLeast) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), file, Long.toString(SEED), create ? "create" : "open")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long start = -1;
        long last = -1;
        int acks = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("START ")) {
                    start = Long.parseLong(line.substring(6));
                } else if (line.startsWith("ACK ")) {
                    long index = Long.parseLong(line.substring(4));
                    assertEquals(last < 0 ? start : last + 1, index, "acknowledgements come in log order");
                    last = index;
                    if (++acks >= atLeast) {
                        child.destroyForcibly();     // SIGKILL, with writes in flight
                        break;
                    }
                } else {
                    throw new AssertionError("the writer said: " + line);
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer died");
        }
        assertTrue(acks >= atLeast, "the writer acknowledged " + acks + " elements before it stopped (exit " + child.exitValue() + ")");
        return last;
    }

    /** Reopens the log and checks every element; returns how many there are. */
    private static long verify(String file) {
        StorageLibOS los = StorageLibOS.open(Backends.IO_URING.config("storage.capacity", "64m"));
        try {
            int qd = los.open(file, OpenMode.OPEN);
            long n = los.elements(qd);
            QResult r = new QResult();
            for (int i = 0; i < n; i++) {
                assertEquals(Errno.OK, los.blockingPop(qd, r, 10_000_000_000L));
                assertEquals(Opcode.POP, r.opcode(), () -> "element read back: " + r);
                assertArrayEquals(CrashConsistencyTest.content(SEED, i), r.sga().toByteArray(), "element " + i + " intact");
                los.sgaFree(r.sga());
            }
            los.close(qd);
            return n;
        } finally {
            los.close();
        }
    }
}
