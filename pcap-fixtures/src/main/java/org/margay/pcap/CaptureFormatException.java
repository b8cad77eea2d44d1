package org.margay.pcap;

import java.io.IOException;

/**
 * A capture file is malformed or truncated. It is a checked {@link IOException}, so one {@code catch} handles
 * both I/O and format failures; the message always names the byte offset (from the start of the stream) where
 * the problem was found and what the problem is, ready for a CLI to print as is.
 *
 * <p>Records before the offending one have already been delivered by {@link CaptureReader#next()}; after this
 * exception the reader delivers nothing more.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /** A problem found at {@code offset} (bytes from the start of the stream), described by {@code problem}. */
    public CaptureFormatException(long offset, String problem) {
        super("at byte offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** The byte offset, from the start of the stream, of the header or block that is wrong. */
    public long offset() {
        return offset;
    }
}
