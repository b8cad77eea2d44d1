package org.margay.decode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.margay.pcap.CaptureReader;

/**
 * The entry point for decoding a whole capture (pcap or pcapng) to text: reads it with a
 * {@link CaptureReader}, dissects each record with a {@link Dissector} and prints it with a
 * {@link TcpdumpFormatter} or a {@link TsharkFieldsFormatter}. Used by {@code margay decode} and by other
 * commands that show a capture (the demo decodes one shipped as a resource).
 *
 * <p>Contract: whatever the input, this returns (never throws for bad bytes, never loops): packets read before
 * a problem are printed, then one line {@code margay decode: NAME: MESSAGE} goes to {@code err} and the result
 * carries the message. Output is flushed before returning.
 */
public final class CaptureDecoder {
    private static final String PREFIX = "margay decode: ";

    private CaptureDecoder() {
    }

    /** Decodes the capture file {@code file}; errors name it as given. */
    public static DecodeResult decode(Path file, DecodeOptions options, PrintStream out, PrintStream err) {
        String name = file.toString();
        CaptureReader reader;
        try {
            reader = CaptureReader.open(file);
        } catch (IOException e) {
            return failed(name, describe(e), 0, err);
        }
        return run(reader, name, options, out, err);
    }

    /** Decodes a capture read from {@code in} (closed at the end); {@code name} labels error messages. */
    public static DecodeResult decode(InputStream in, String name, DecodeOptions options, PrintStream out,
                                      PrintStream err) {
        CaptureReader reader;
        try {
            reader = CaptureReader.open(in);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the open error is the one worth reporting
            }
            return failed(name, describe(e), 0, err);
        }
        return run(reader, name, options, out, err);
    }

    private static DecodeResult run(CaptureReader reader, String name, DecodeOptions options, PrintStream out,
                                    PrintStream err) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Dissector dissector = new Dissector();
        TcpdumpFormatter tcpdump = new TcpdumpFormatter(options.tcpdump());
        TsharkFieldsFormatter fields = options.output() == DecodeOptions.Output.FIELDS
                ? new TsharkFieldsFormatter() : null;
        StringBuilder text = new StringBuilder(512);
        long packets = 0;
        String error = null;
        try (reader) {
            if (fields != null) {
                writer.write(TsharkFieldsFormatter.header());
                writer.write('\n');
            }
            while (true) {
                try {
                    if (!reader.next()) {
                        break;
                    }
                } catch (IOException e) {
                    error = describe(e);
                    break;
                }
                packets++;
                int captured = reader.capturedLength();
                long original = reader.originalLength();
                int fcs = reader.fcsBytes();
                if (fcs > 0) {
                    captured = Math.max(0, captured - fcs);
                    original = Math.max(captured, original - fcs);
                }
                Dissection d = dissector.dissect(reader.linkType(), reader.buffer(), reader.dataOffset(), captured,
                        original);
                text.setLength(0);
                try {
                    if (fields != null) {
                        fields.format(packets, reader.timestampSeconds(), reader.timestampNanos(), d, text);
                        text.append('\n');
                    } else {
                        tcpdump.format(packets, reader.timestampSeconds(), reader.timestampNanos(), d, text);
                    }
                } catch (RuntimeException e) {
                    // A formatter bug must not take the whole decode down with a stack trace.
                    error = "internal error formatting packet " + packets + ": " + e;
                    break;
                }
                writer.append(text);
            }
        } catch (IOException e) {
            if (error == null) {
                error = describe(e);
            }
        }
        try {
            writer.flush();
        } catch (IOException e) {
            if (error == null) {
                error = "cannot write output: " + describe(e);
            }
        }
        if (error != null) {
            return failed(name, error, packets, err);
        }
        return new DecodeResult(packets, Optional.empty());
    }

    private static DecodeResult failed(String name, String message, long packets, PrintStream err) {
        err.println(PREFIX + name + ": " + message);
        err.flush();
        return new DecodeResult(packets, Optional.of(message));
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
