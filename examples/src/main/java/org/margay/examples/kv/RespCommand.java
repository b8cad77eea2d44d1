package org.margay.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request as the key-value server received it: the command name and its arguments, as byte strings (Redis
 * keys and values are binary). Filled by {@link RespRequestParser}; reused from request to request.
 */
public final class RespCommand {
    private final List<byte[]> args = new ArrayList<>();

    /** The number of words, name included. */
    public int size() {
        return args.size();
    }

    /** Word {@code i} (0 is the command name). */
    public byte[] arg(int i) {
        return args.get(i);
    }

    /** The command name in upper case (ASCII), or empty for an empty command. */
    public String name() {
        return args.isEmpty() ? "" : new String(args.get(0), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    void clear() {
        args.clear();
    }

    void add(byte[] word) {
        args.add(word);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : args) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(new String(a, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
