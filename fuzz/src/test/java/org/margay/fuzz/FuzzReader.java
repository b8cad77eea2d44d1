package org.margay.fuzz;

/**
 * Reads a fuzzer's bytes front to back as small numbers, for the targets that turn an input into a sequence of
 * operations (reassembly, TCP input). Past the end every read answers 0, so any input, even an empty one, is a
 * complete program; {@link #done()} says when the bytes are used up.
 *
 * <p>Reading front to back (rather than Jazzer's {@code FuzzedDataProvider}, which takes numbers from the end)
 * keeps hand-written seeds in {@link SeedCorpus} readable: a seed is the operations in order.
 */
final class FuzzReader {
    private final byte[] data;
    private int at;

    FuzzReader(byte[] data) {
        this.data = data;
    }

    /** Whether every byte has been read. */
    boolean done() {
        return at >= data.length;
    }

    /** The next byte, 0..255 (0 past the end). */
    int u8() {
        return at < data.length ? data[at++] & 0xFF : 0;
    }

    /** The next two bytes, big-endian, 0..65535. */
    int u16() {
        return (u8() << 8) | u8();
    }

    /** The next four bytes, big-endian. */
    int u32() {
        return (u16() << 16) | u16();
    }

    /** Up to {@code n} next bytes (fewer at the end). */
    byte[] bytes(int n) {
        int count = Math.max(0, Math.min(n, data.length - at));
        byte[] out = new byte[count];
        System.arraycopy(data, at, out, 0, count);
        at += count;
        return out;
    }
}
