package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.DecodeResult;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.decode.TcpdumpFormatter;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.decode.TsharkFieldsFormatter;

/**
 * Fuzz targets for the decode module: the {@link Dissector} and both formatters over arbitrary frames of every
 * link type ({@link #frame}), and {@link CaptureDecoder} over arbitrary capture files ({@link #captureFile}).
 *
 * <p>{@link #frame}'s input is a {@value #PREFIX_LENGTH}-byte prefix, then the frame:
 * <pre>
 *  0  link type selector (index into {@link #LINK_TYPES}, modulo its length)
 *  1  tcpdump style bits: 0x01 -e, 0x06 verbosity 0..3, 0x08 -q, 0x30 timestamp form, 0x40 -#
 *  2  bit 0: verify checksums; bits 1..7: bytes to cut off the frame's end for a third, truncated pass
 *  3  8 bytes: epoch seconds of the timestamp, big-endian (any value a pcapng file can produce)
 * 11  4 bytes: nanoseconds, big-endian (taken modulo 10^9)
 * </pre>
 * The frame is dissected and formatted twice (the formatters keep per-connection state), then once cut short
 * with its original length kept. Nothing may throw.
 *
 * <p>{@link #captureFile} decodes the whole input as a capture in both output forms; the result must come back
 * (never an exception) and must not be a formatter's "internal error".
 */
class DecodeFuzzTest {
    /** Bytes of {@link #frame}'s prefix before the frame. */
    static final int PREFIX_LENGTH = 15;
    /** The link types {@link #frame} chooses from: those the dissector knows, PPP, and one it does not. */
    static final int[] LINK_TYPES = {1, 113, 0, 108, 101, 228, 9, 147};

    @FuzzTest
    void frame(byte[] input) {
        if (input.length < PREFIX_LENGTH) {
            return;
        }
        ByteBuffer prefix = ByteBuffer.wrap(input, 0, PREFIX_LENGTH);
        int linkType = LINK_TYPES[Byte.toUnsignedInt(prefix.get()) % LINK_TYPES.length];
        int styleBits = Byte.toUnsignedInt(prefix.get());
        int flags = Byte.toUnsignedInt(prefix.get());
        long seconds = prefix.getLong();
        int nanos = Math.floorMod(prefix.getInt(), 1_000_000_000);
        TcpdumpStyle style = new TcpdumpStyle((styleBits & 0x01) != 0, (styleBits >>> 1) & 0x03,
                (styleBits & 0x08) != 0, TimestampFormat.values()[((styleBits >>> 4) & 0x03) % TimestampFormat.values().length],
                (styleBits & 0x40) != 0);
        int frameLength = input.length - PREFIX_LENGTH;
        MemorySegment segment = FuzzBytes.exact(input);
        Dissector dissector = new Dissector((flags & 0x01) != 0);
        TcpdumpFormatter tcpdump = new TcpdumpFormatter(style);
        TsharkFieldsFormatter fields = new TsharkFieldsFormatter();
        for (int pass = 1; pass <= 2; pass++) {
            Dissection d = dissector.dissect(linkType, segment, PREFIX_LENGTH, frameLength, frameLength);
            format(tcpdump, fields, pass, seconds, nanos, d, input);
        }
        int cut = Math.min(frameLength, flags >>> 1);
        Dissection d = dissector.dissect(linkType, segment, PREFIX_LENGTH, frameLength - cut, frameLength);
        format(tcpdump, fields, 3, seconds, nanos, d, input);
    }

    @FuzzTest
    void captureFile(byte[] input) {
        decode(input, DecodeOptions.tcpdump(TcpdumpStyle.plain()));
        decode(input, DecodeOptions.tcpdump(new TcpdumpStyle(true, 2, false, TimestampFormat.DATE_AND_TIME, true)));
        decode(input, DecodeOptions.fields());
    }

    private static void format(TcpdumpFormatter tcpdump, TsharkFieldsFormatter fields, long number, long seconds,
                               int nanos, Dissection d, byte[] input) {
        String line = tcpdump.format(number, seconds, nanos, d);
        require(line.endsWith("\n"), "tcpdump text must end with a newline", input);
        String row = fields.format(number, seconds, nanos, d);
        require(!row.contains("\n"), "a tshark row must be one line", input);
        int tabs = 0;
        for (int i = 0; i < row.length(); i++) {
            tabs += row.charAt(i) == '\t' ? 1 : 0;
        }
        require(tabs == TsharkFieldsFormatter.COLUMNS.size() - 1,
                "a tshark row has " + (tabs + 1) + " cells, want " + TsharkFieldsFormatter.COLUMNS.size(), input);
    }

    private static void decode(byte[] input, DecodeOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DecodeResult result;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            result = CaptureDecoder.decode(new ByteArrayInputStream(input), "fuzz.pcap", options, o, e);
        }
        require(result != null, "no result", input);
        result.error().ifPresent(message -> {
            if (message.startsWith("internal error")) {
                throw new AssertionError("CaptureDecoder: " + message + " (input " + FuzzBytes.hex(input) + ")");
            }
        });
    }
}
