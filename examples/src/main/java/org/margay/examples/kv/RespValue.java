package org.margay.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One RESP2 reply value as a client reads it. {@link #toString()} gives the form redis-cli prints, so replies from
 * different runs compare as text.
 */
public sealed interface RespValue {
    /** {@code +text}. */
    record Simple(String text) implements RespValue {
        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code -text}. */
    record Error(String text) implements RespValue {
        @Override
        public String toString() {
            return "(error) " + text;
        }
    }

    /** {@code :n}. */
    record Int(long value) implements RespValue {
        @Override
        public String toString() {
            return "(integer) " + value;
        }
    }

    /** {@code $len} and its bytes; {@code bytes} is null for the null bulk ({@code $-1}). */
    record Bulk(byte[] bytes) implements RespValue {
        /** The bytes as UTF-8, or null. */
        public String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && java.util.Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return bytes == null ? "(nil)" : "\"" + text() + "\"";
        }
    }

    /** {@code *n} and its values; {@code values} is null for the null array ({@code *-1}). */
    record Array(List<RespValue> values) implements RespValue {
        @Override
        public String toString() {
            return values == null ? "(nil)" : values.isEmpty() ? "(empty array)" : values.toString();
        }
    }
}
