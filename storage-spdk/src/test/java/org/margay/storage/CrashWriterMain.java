package org.margay.storage;

import java.io.PrintStream;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;

/**
 * The child process of {@link KilledProcessTest}: appends elements {@code CrashConsistencyTest.content(seed, i)} to
 * an io_uring log as fast as it can, many in flight, and prints {@code ACK i} (flushed) as each push completes, until
 * it is killed. Arguments: the log file, the seed, {@code create} or {@code open}.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        String file = args[0];
        long seed = Long.parseLong(args[1]);
        boolean create = args[2].equals("create");
        PrintStream out = System.out;
        StorageLibOS los = StorageLibOS.open(LibOSConfig.of("storage", "storage.backend", "io_uring", "storage.capacity", "64m",
                "storage.elements", "128", "storage.element-size", "16384", "storage.batch-buffers", "8"));
        int qd = los.open(file, create ? OpenMode.CREATE : OpenMode.OPEN);
        long next = los.elements(qd);
        out.println("START " + next);
        out.flush();
        int window = 48;
        long[] tokens = new long[window];
        long[] indexes = new long[window];
        int head = 0;
        int count = 0;
        QResult r = new QResult();
        while (true) {
            while (count < window) {
                byte[] data = CrashConsistencyTest.content(seed, (int) next);
                Sga sga = los.sgaAlloc(data.length);
                if (sga == null) {
                    break;
                }
                sga.fill(data);
                int at = (head + count) % window;
                tokens[at] = los.push(qd, sga);
                indexes[at] = next++;
                los.sgaFree(sga);
                count++;
            }
            if (los.wait(tokens[head], r, 10_000_000_000L) != Errno.OK || r.opcode() != Opcode.PUSH) {
                out.println("FAILED " + r);
                out.flush();
                System.exit(2);
            }
            out.println("ACK " + indexes[head]);
            out.flush();
            head = (head + 1) % window;
            count--;
        }
    }
}
