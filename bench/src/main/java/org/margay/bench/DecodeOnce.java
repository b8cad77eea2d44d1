package org.margay.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.pcap.CaptureReader;

/**
 * One cold pass of parse-only decode over a capture file, in a fresh JVM: what a user who runs a one-shot
 * decode waits for, JVM start-up and JIT warm-up included. {@link DecodeThroughput} times it from outside, as
 * it times tshark, so the two wall-clock figures compare like with like.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.margay.bench.DecodeOnce FILE}; prints the packet count and a
 * checksum of the fields read (so the work cannot be skipped).
 */
public final class DecodeOnce {
    private DecodeOnce() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DecodeOnce CAPTURE_FILE");
            System.exit(2);
        }
        Dissector dissector = new Dissector(false);
        long packets = 0;
        long fold = 0;
        try (CaptureReader reader = CaptureReader.open(Path.of(args[0]))) {
            while (reader.next()) {
                Dissection d = dissector.dissect(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength(), reader.originalLength());
                fold = fold * 31 + DecodeBench.fields(d);
                packets++;
            }
        }
        System.out.println(packets + " packets, fold " + Long.toHexString(fold));
    }
}
