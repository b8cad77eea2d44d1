package org.margay.decode;

import java.util.Objects;

/**
 * What {@link CaptureDecoder} prints: tcpdump-style lines shaped by a {@link TcpdumpStyle}, or tshark-style
 * field rows ({@code --fields}).
 *
 * @param output  the output form
 * @param tcpdump the tcpdump options (used for {@link Output#TCPDUMP})
 */
public record DecodeOptions(Output output, TcpdumpStyle tcpdump) {
    /** The two output forms. */
    public enum Output {
        /** One tcpdump-style line (or more with {@code -v}) per packet. */
        TCPDUMP,
        /** A header line, then one tab-separated tshark-style row per packet. */
        FIELDS
    }

    /** Checks that neither part is null. */
    public DecodeOptions {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(tcpdump, "tcpdump");
    }

    /** tcpdump-style output with the given options. */
    public static DecodeOptions tcpdump(TcpdumpStyle style) {
        return new DecodeOptions(Output.TCPDUMP, style);
    }

    /** tshark-style field rows. */
    public static DecodeOptions fields() {
        return new DecodeOptions(Output.FIELDS, TcpdumpStyle.plain());
    }
}
