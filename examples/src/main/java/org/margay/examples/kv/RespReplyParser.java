package org.margay.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.margay.pdpix.Sga;

/**
 * Reads RESP2 replies out of a byte stream fed in arbitrary pieces, for clients of the key-value server (the demo,
 * the tests). {@link #next()} returns a whole value or null while one is incomplete; a malformed reply throws
 * {@link IllegalArgumentException} with what was wrong (a client talking to a broken server stops there).
 */
public final class RespReplyParser {
    private static final int MAX_DEPTH = 32;

    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private int at;

    /** Appends a popped element's bytes. */
    public void feed(Sga element) {
        feed(element.toByteArray());
    }

    /** Appends {@code bytes}. */
    public void feed(byte[] bytes) {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + bytes.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + bytes.length));
        }
        System.arraycopy(bytes, 0, buf, end, bytes.length);
        end += bytes.length;
    }

    /** The next complete reply, or null when more bytes are needed. */
    public RespValue next() {
        at = start;
        RespValue v = value(0);
        if (v != null) {
            start = at;
        }
        return v;
    }

    private RespValue value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("RESP reply nested deeper than " + MAX_DEPTH);
        }
        if (at >= end) {
            return null;
        }
        byte type = buf[at];
        String line = line(at + 1);
        if (line == null) {
            return null;
        }
        switch (type) {
            case '+':
                return new RespValue.Simple(line);
            case '-':
                return new RespValue.Error(line);
            case ':':
                return new RespValue.Int(number(line));
            case '$': {
                long n = number(line);
                if (n < 0) {
                    return new RespValue.Bulk(null);
                }
                if (n > Integer.MAX_VALUE - 2) {
                    throw new IllegalArgumentException("RESP bulk string of " + n + " bytes");
                }
                if (end - at < n + 2) {
                    return null;
                }
                byte[] bytes = Arrays.copyOfRange(buf, at, at + (int) n);
                if (buf[at + (int) n] != '\r' || buf[at + (int) n + 1] != '\n') {
                    throw new IllegalArgumentException("RESP bulk string not followed by CRLF");
                }
                at += (int) n + 2;
                return new RespValue.Bulk(bytes);
            }
            case '*': {
                long n = number(line);
                if (n < 0) {
                    return new RespValue.Array(null);
                }
                List<RespValue> values = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    RespValue v = value(depth + 1);
                    if (v == null) {
                        return null;
                    }
                    values.add(v);
                }
                return new RespValue.Array(values);
            }
            default:
                throw new IllegalArgumentException("RESP reply starts with '" + (char) (type & 0xFF) + "'");
        }
    }

    /** The line from {@code from} to CRLF (moving {@code at} past it), or null when incomplete. */
    private String line(int from) {
        for (int i = from; i < end - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                at = i + 2;
                return new String(buf, from, i - from, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RESP length or integer is not a number: '" + s + "'", e);
        }
    }
}
