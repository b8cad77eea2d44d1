package org.margay.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.TimestampResolution;

/** Test helper: builds in-memory pcap files from {@link TestVectors.Frame}s and decodes them to text. */
final class Captures {
    /** The first test frame's timestamp; frame {@code i} is {@code i} seconds later. */
    static final long FIRST_SECOND = 1_700_000_000L;
    /** Every test frame's sub-second part. */
    static final int NANOS = 123_456_000;

    private Captures() {
    }

    /** The bytes of frame {@code f}. */
    static byte[] bytes(TestVectors.Frame f) {
        return HexFormat.of().parseHex(f.hex());
    }

    /** A classic pcap file (microseconds) holding the frames. */
    static byte[] pcap(int linkType, List<TestVectors.Frame> frames) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (CaptureWriter writer = CaptureWriter.pcap(file, linkType, TimestampResolution.MICROSECONDS)) {
            for (int i = 0; i < frames.size(); i++) {
                TestVectors.Frame f = frames.get(i);
                writer.write(0, FIRST_SECOND + i, NANOS, MemorySegment.ofArray(bytes(f)), f.originalLength());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    /** What {@link CaptureDecoder} prints for a capture file's bytes: standard output, error and the result. */
    record Decoded(String out, String err, DecodeResult result) {
    }

    /** Decodes capture bytes in memory. */
    static Decoded decode(byte[] capture, DecodeOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DecodeResult result;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            result = CaptureDecoder.decode(new ByteArrayInputStream(capture), "test.pcap", options, o, e);
        }
        return new Decoded(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), result);
    }

    /** tcpdump-style text of frames with the given style. */
    static String tcpdump(int linkType, List<TestVectors.Frame> frames, TcpdumpStyle style) {
        Decoded decoded = decode(pcap(linkType, frames), DecodeOptions.tcpdump(style));
        if (!decoded.result().ok()) {
            throw new AssertionError("decode failed: " + decoded.err());
        }
        return decoded.out();
    }

    /** The style of tcpdump's {@code -e}/{@code -v}/{@code -q} flags with a timestamp form. */
    static TcpdumpStyle style(boolean link, int verbosity, boolean quiet, TimestampFormat timestamps) {
        return new TcpdumpStyle(link, verbosity, quiet, timestamps, false);
    }
}
