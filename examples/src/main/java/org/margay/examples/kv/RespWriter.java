package org.margay.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds RESP replies (and requests) in a growable byte buffer: simple strings, errors, integers, bulk strings,
 * null bulks and array headers, in the RESP2 forms every Redis client reads. Reused: {@link #clear()} after the
 * bytes were sent.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private byte[] buf = new byte[256];
    private int size;

    /** {@code +text\r\n}; {@code text} must not contain CR or LF. */
    public RespWriter simple(String text) {
        put((byte) '+');
        putAscii(text);
        return crlf();
    }

    /** {@code -text\r\n}, CR and LF in {@code text} replaced by spaces (an error is one line). */
    public RespWriter error(String text) {
        put((byte) '-');
        putAscii(text.replace('\r', ' ').replace('\n', ' '));
        return crlf();
    }

    /** {@code :n\r\n}. */
    public RespWriter integer(long n) {
        put((byte) ':');
        putAscii(Long.toString(n));
        return crlf();
    }

    /** {@code $len\r\nbytes\r\n}. */
    public RespWriter bulk(byte[] bytes) {
        put((byte) '$');
        putAscii(Integer.toString(bytes.length));
        crlf();
        put(bytes, 0, bytes.length);
        return crlf();
    }

    /** A bulk string of {@code text} in UTF-8. */
    public RespWriter bulk(String text) {
        return bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code $-1\r\n}: the null bulk string (a missing key). */
    public RespWriter nullBulk() {
        put((byte) '$');
        putAscii("-1");
        return crlf();
    }

    /** {@code *n\r\n}, to be followed by {@code n} values. */
    public RespWriter array(int n) {
        put((byte) '*');
        putAscii(Integer.toString(n));
        return crlf();
    }

    /** A request as clients send it: an array of bulk strings. */
    public RespWriter command(String... words) {
        array(words.length);
        for (String w : words) {
            bulk(w);
        }
        return this;
    }

    /** Bytes written. */
    public int size() {
        return size;
    }

    /** The buffer ({@code [0, size())} is written). */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Forgets what was written. */
    public void clear() {
        size = 0;
    }

    private RespWriter crlf() {
        put(CRLF, 0, 2);
        return this;
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[size++] = (byte) (c < 0x80 ? c : '?');
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void put(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
