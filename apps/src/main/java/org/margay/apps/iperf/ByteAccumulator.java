package org.margay.apps.iperf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Sga;

/**
 * Bytes of a stream gathered until a whole protocol message is there: a cookie, a 4-byte length and its JSON, a
 * state byte. Raw-stream pops deliver whatever arrived, so a message may come in pieces or several in one pop.
 *
 * <p>Invariant: {@code 0 <= start <= end <= data.length}; at most {@link #limit()} unread bytes are held (appending
 * more reports an overflow instead of growing). Cold path (control connections only). Not thread-safe.
 */
final class ByteAccumulator {
    private final int limit;
    private byte[] data = new byte[256];
    private int start;
    private int end;

    ByteAccumulator(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Appends the element's bytes; returns false (appending nothing) when that would exceed the limit. */
    boolean append(Sga element) {
        long length = element.totalLength();
        if (available() + length > limit) {
            return false;
        }
        ensure((int) length);
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            MemorySegment.copy(b.segment(), ValueLayout.JAVA_BYTE, b.start(), data, end, b.length());
            end += b.length();
        }
        return true;
    }

    /** Appends {@code bytes[from, to)}; false on overflow. */
    boolean append(byte[] bytes, int from, int to) {
        int n = to - from;
        if (available() + n > limit) {
            return false;
        }
        ensure(n);
        System.arraycopy(bytes, from, data, end, n);
        end += n;
        return true;
    }

    int available() {
        return end - start;
    }

    /** The unread byte at {@code i} (0 = next). */
    byte get(int i) {
        return data[start + i];
    }

    /** The big-endian 32-bit integer at unread offset {@code i}. */
    int getInt(int i) {
        int p = start + i;
        return (data[p] & 0xFF) << 24 | (data[p + 1] & 0xFF) << 16 | (data[p + 2] & 0xFF) << 8 | (data[p + 3] & 0xFF);
    }

    /** Takes {@code n} unread bytes out as a new array. */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(data, start, start + n);
        skip(n);
        return out;
    }

    /** Takes {@code n} unread bytes out as text (UTF-8). */
    String takeText(int n) {
        String s = new String(data, start, n, StandardCharsets.UTF_8);
        skip(n);
        return s;
    }

    void skip(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    void clear() {
        start = 0;
        end = 0;
    }

    private void ensure(int more) {
        if (end + more <= data.length) {
            return;
        }
        int unread = available();
        if (unread + more <= data.length && start > 0) {
            System.arraycopy(data, start, data, 0, unread);
        } else {
            byte[] bigger = new byte[Math.max(data.length * 2, unread + more)];
            System.arraycopy(data, start, bigger, 0, unread);
            data = bigger;
        }
        start = 0;
        end = unread;
    }
}
