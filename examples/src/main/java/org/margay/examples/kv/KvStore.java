package org.margay.examples.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The key-value server's data: binary keys to binary values, in memory, no expiry, no persistence. Shared by every
 * connection of one server (single-threaded, like the server).
 */
public final class KvStore {
    private final Map<Key, byte[]> map = new HashMap<>();

    /** The value of {@code key}, or null. */
    public byte[] get(byte[] key) {
        return map.get(new Key(key));
    }

    /** Sets {@code key} to {@code value} (the arrays are kept, not copied: callers hand over fresh arrays). */
    public void set(byte[] key, byte[] value) {
        map.put(new Key(key), value);
    }

    /** Removes {@code key}; returns whether it existed. */
    public boolean delete(byte[] key) {
        return map.remove(new Key(key)) != null;
    }

    /** Keys stored. */
    public int size() {
        return map.size();
    }

    /** A byte string with value equality, as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
