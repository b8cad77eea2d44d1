package org.margay.decode;

import java.util.Optional;

/**
 * How a {@link CaptureDecoder} run ended.
 *
 * @param packets the packets decoded and printed
 * @param error   the reason decoding stopped early (a corrupt or unreadable capture), if it did; the message
 *                names the byte offset when the reader knows it
 */
public record DecodeResult(long packets, Optional<String> error) {
    /** Checks that the optional is present (possibly empty). */
    public DecodeResult {
        java.util.Objects.requireNonNull(error, "error");
    }

    /** True when the whole capture was read. */
    public boolean ok() {
        return error.isEmpty();
    }

    /** The process exit code for {@code margay decode}: 0 when the capture was read to its end, 1 otherwise. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }
}
