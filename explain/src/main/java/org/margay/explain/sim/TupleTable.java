package org.margay.explain.sim;

/**
 * The probe's connections by 4-tuple, without allocating on lookup: open addressing with linear probing over
 * parallel arrays, deletion by shifting the rest of the cluster back (no tombstones). Grows at half full.
 *
 * <p>Invariant: every stored entry sits in the cluster that starts at its hash slot; {@code size} is the number
 * of entries. Single-threaded.
 */
final class TupleTable {
    private int[] localIps = new int[64];
    private long[] keys = new long[64];
    private StackProbe.Watched[] values = new StackProbe.Watched[64];
    private int size;

    private static long key(int localPort, int remoteIp, int remotePort) {
        return ((long) remoteIp << 32) | ((long) (localPort & 0xFFFF) << 16) | (remotePort & 0xFFFF);
    }

    private int slot(long key, int localIp) {
        long h = (key ^ ((long) localIp * 0x9E37_79B9_7F4A_7C15L)) * 0xBF58_476D_1CE4_E5B9L;
        return (int) (h >>> 40) & (keys.length - 1);
    }

    /** The connection of this 4-tuple, or null. */
    StackProbe.Watched get(int localIp, int localPort, int remoteIp, int remotePort) {
        long key = key(localPort, remoteIp, remotePort);
        int mask = keys.length - 1;
        for (int i = slot(key, localIp); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key && localIps[i] == localIp) {
                return values[i];
            }
        }
        return null;
    }

    /** Stores {@code w} under the 4-tuple (replacing what was there). */
    void put(int localIp, int localPort, int remoteIp, int remotePort, StackProbe.Watched w) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long key = key(localPort, remoteIp, remotePort);
        int mask = keys.length - 1;
        int i = slot(key, localIp);
        while (values[i] != null) {
            if (keys[i] == key && localIps[i] == localIp) {
                values[i] = w;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        localIps[i] = localIp;
        values[i] = w;
        size++;
    }

    /** Removes the 4-tuple if it maps to {@code w}. */
    void remove(int localIp, int localPort, int remoteIp, int remotePort, StackProbe.Watched w) {
        long key = key(localPort, remoteIp, remotePort);
        int mask = keys.length - 1;
        int i = slot(key, localIp);
        while (values[i] != null && !(keys[i] == key && localIps[i] == localIp)) {
            i = (i + 1) & mask;
        }
        if (values[i] == null || values[i] != w) {
            return;
        }
        values[i] = null;
        size--;
        // Shift back every later entry of the cluster whose home slot does not lie in (i, j].
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                return;
            }
            int home = slot(keys[j], localIps[j]);
            boolean between = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!between) {
                keys[i] = keys[j];
                localIps[i] = localIps[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
    }

    /** Entries stored. */
    int size() {
        return size;
    }

    private void grow() {
        int[] oldIps = localIps;
        long[] oldKeys = keys;
        StackProbe.Watched[] oldValues = values;
        localIps = new int[oldKeys.length * 2];
        keys = new long[oldKeys.length * 2];
        values = new StackProbe.Watched[oldKeys.length * 2];
        size = 0;
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldValues[k] != null) {
                int i = slot(oldKeys[k], oldIps[k]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                localIps[i] = oldIps[k];
                values[i] = oldValues[k];
                size++;
            }
        }
    }
}
