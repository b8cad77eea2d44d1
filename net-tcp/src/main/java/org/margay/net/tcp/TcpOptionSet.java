package org.margay.net.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The TCP options a {@link TcpRepr} carries, as a value (cold path): MSS, window scale, SACK-permitted,
 * timestamps and SACK blocks. NOP, EOL and unknown kinds are layout, not value, and are not kept; a decoder
 * that must show them walks the bytes with {@link TcpOptionCursor}.
 *
 * <p>{@link #write} lays options out the way Linux's {@code tcp_options_write} does, every option on a 4-byte
 * boundary: {@code MSS}; {@code SACK-permitted + TS} (or {@code NOP NOP TS}, or {@code NOP NOP SACK-permitted});
 * {@code NOP WS}; {@code NOP NOP SACK}. A set whose aligned layout would not fit the 40 bytes of option space
 * (for example MSS + timestamps + 3 SACK blocks, which a sender may pack densely, RFC 9293 §3.1) is written
 * densely instead: every option back to back, NOP padding only at the end. What must stay true: the chosen
 * layout fits the 40 bytes ({@link #encodedLength()} is at most 40 and a multiple of 4), the values fit their
 * fields, and there are at most 4 SACK blocks.
 *
 * @param mss           the MSS option, 0..65535, if present
 * @param windowScale   the raw window-scale shift, 0..255, if present (kept as sent; clamping is the reader's job)
 * @param sackPermitted whether SACK-permitted is present
 * @param timestamps    the timestamps option, if present
 * @param sackBlocks    0..4 SACK blocks, in wire order
 */
public record TcpOptionSet(OptionalInt mss, OptionalInt windowScale, boolean sackPermitted,
                           Optional<Timestamps> timestamps, List<SackBlock> sackBlocks) {

    /** No options at all. */
    public static final TcpOptionSet NONE =
            new TcpOptionSet(OptionalInt.empty(), OptionalInt.empty(), false, Optional.empty(), List.of());

    /** One SACK block: the left edge (first byte received) and the right edge (one past the last), raw bits (RFC 2018 §3). */
    public record SackBlock(int left, int right) {
    }

    /** The timestamps option: TSval and TSecr, raw bits (RFC 7323 §3.2). */
    public record Timestamps(int value, int echoReply) {
    }

    public TcpOptionSet {
        Objects.requireNonNull(mss, "mss");
        Objects.requireNonNull(windowScale, "windowScale");
        Objects.requireNonNull(timestamps, "timestamps");
        sackBlocks = List.copyOf(sackBlocks);
        if (mss.isPresent() && (mss.getAsInt() & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("MSS out of range: " + mss.getAsInt());
        }
        if (windowScale.isPresent() && (windowScale.getAsInt() & ~0xFF) != 0) {
            throw new IllegalArgumentException("window scale out of range: " + windowScale.getAsInt());
        }
        if (sackBlocks.size() > TcpOptionKind.MAX_SACK_BLOCKS) {
            throw new IllegalArgumentException("at most 4 SACK blocks: " + sackBlocks.size());
        }
        int length = denseLength(mss.isPresent(), windowScale.isPresent(), sackPermitted, timestamps.isPresent(),
                sackBlocks.size());
        if (length > TcpSegment.MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("options need " + length + " bytes, a header has room for 40");
        }
    }

    /** The options a SYN usually carries (MSS, SACK-permitted, timestamps, window scale), in a value. */
    public static TcpOptionSet syn(int mss, int windowScale, int timestampValue, int timestampEchoReply) {
        return new TcpOptionSet(OptionalInt.of(mss), OptionalInt.of(windowScale), true,
                Optional.of(new Timestamps(timestampValue, timestampEchoReply)), List.of());
    }

    /** Copies what a parsed {@link TcpOptions} holder found (the holder's status is the caller's business). */
    public static TcpOptionSet from(TcpOptions options) {
        List<SackBlock> blocks = new ArrayList<>(options.sackBlockCount());
        for (int i = 0; i < options.sackBlockCount(); i++) {
            blocks.add(new SackBlock(options.sackLeft(i), options.sackRight(i)));
        }
        return new TcpOptionSet(
                options.hasMss() ? OptionalInt.of(options.mss()) : OptionalInt.empty(),
                options.hasWindowScale() ? OptionalInt.of(options.windowScaleRaw()) : OptionalInt.empty(),
                options.sackPermitted(),
                options.hasTimestamps()
                        ? Optional.of(new Timestamps(options.timestampValue(), options.timestampEchoReply()))
                        : Optional.empty(),
                blocks);
    }

    /** The bytes {@link #write} produces: a multiple of 4, at most 40. */
    public int encodedLength() {
        return alignedFits() ? alignedLength() : denseLength(mss.isPresent(), windowScale.isPresent(), sackPermitted,
                timestamps.isPresent(), sackBlocks.size());
    }

    private boolean alignedFits() {
        return alignedLength() <= TcpSegment.MAX_OPTIONS_LENGTH;
    }

    private int alignedLength() {
        return layoutLength(mss.isPresent(), windowScale.isPresent(), sackPermitted, timestamps.isPresent(),
                sackBlocks.size());
    }

    /** Every option back to back (MSS 4, SACK-permitted 2, TS 10, WS 3, SACK 2 + 8n), rounded up to 4 bytes. */
    private static int denseLength(boolean mss, boolean windowScale, boolean sackPermitted, boolean timestamps,
                                   int sackBlocks) {
        int length = (mss ? 4 : 0) + (sackPermitted ? 2 : 0) + (timestamps ? 10 : 0) + (windowScale ? 3 : 0)
                + (sackBlocks > 0 ? 2 + sackBlocks * TcpOptionKind.SACK_BLOCK_LENGTH : 0);
        return (length + 3) & ~3;
    }

    private static int layoutLength(boolean mss, boolean windowScale, boolean sackPermitted, boolean timestamps,
                                    int sackBlocks) {
        int length = mss ? 4 : 0;
        if (timestamps) {
            length += 12; // SACK-permitted + TS, or NOP NOP TS
        } else if (sackPermitted) {
            length += 4; // NOP NOP SACK-permitted
        }
        length += windowScale ? 4 : 0; // NOP WS
        length += sackBlocks > 0 ? 4 + sackBlocks * TcpOptionKind.SACK_BLOCK_LENGTH : 0; // NOP NOP SACK
        return length;
    }

    /** Writes the options in Linux's aligned order, or densely when that does not fit (see the class comment). */
    public void write(TcpOptionsWriter writer) {
        if (!alignedFits()) {
            writeDense(writer);
            return;
        }
        if (mss.isPresent()) {
            writer.mss(mss.getAsInt());
        }
        if (timestamps.isPresent()) {
            if (sackPermitted) {
                writer.sackPermitted();
            } else {
                writer.nop().nop();
            }
            writer.timestamps(timestamps.get().value(), timestamps.get().echoReply());
        } else if (sackPermitted) {
            writer.nop().nop().sackPermitted();
        }
        if (windowScale.isPresent()) {
            writer.nop().windowScale(windowScale.getAsInt());
        }
        if (!sackBlocks.isEmpty()) {
            int count = sackBlocks.size();
            int[] left = new int[count];
            int[] right = new int[count];
            for (int i = 0; i < count; i++) {
                left[i] = sackBlocks.get(i).left();
                right[i] = sackBlocks.get(i).right();
            }
            writer.nop().nop().sack(left, right, count);
        }
    }

    private void writeDense(TcpOptionsWriter writer) {
        if (mss.isPresent()) {
            writer.mss(mss.getAsInt());
        }
        if (sackPermitted) {
            writer.sackPermitted();
        }
        if (timestamps.isPresent()) {
            writer.timestamps(timestamps.get().value(), timestamps.get().echoReply());
        }
        if (windowScale.isPresent()) {
            writer.windowScale(windowScale.getAsInt());
        }
        if (!sackBlocks.isEmpty()) {
            int count = sackBlocks.size();
            int[] left = new int[count];
            int[] right = new int[count];
            for (int i = 0; i < count; i++) {
                left[i] = sackBlocks.get(i).left();
                right[i] = sackBlocks.get(i).right();
            }
            writer.sack(left, right, count);
        }
        writer.padToWord();
    }
}
