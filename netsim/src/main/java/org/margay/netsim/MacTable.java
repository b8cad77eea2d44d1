package org.margay.netsim;

import java.util.Arrays;

/**
 * A learning switch's forwarding table: MAC address to port number, open addressing with linear probing over
 * preallocated arrays. Learning an address already known moves it (a host changed port); when the table is
 * full new addresses are not learned and their frames are flooded, as a real switch does. No ageing yet.
 */
final class MacTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ports;
    private final int mask;
    private int size;

    MacTable(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("MAC table capacity must be a power of two, was " + capacityPowerOfTwo);
        }
        keys = new long[capacityPowerOfTwo];
        ports = new int[capacityPowerOfTwo];
        Arrays.fill(keys, EMPTY);
        mask = capacityPowerOfTwo - 1;
    }

    /** The port {@code mac} was last seen on, or -1. */
    int lookup(long mac) {
        int at = index(mac);
        for (int probes = 0; probes <= mask; probes++) {
            long key = keys[at];
            if (key == mac) {
                return ports[at];
            }
            if (key == EMPTY) {
                return -1;
            }
            at = (at + 1) & mask;
        }
        return -1;
    }

    /** Records that {@code mac} is behind {@code port}. */
    void learn(long mac, int port) {
        int at = index(mac);
        for (int probes = 0; probes <= mask; probes++) {
            long key = keys[at];
            if (key == mac) {
                ports[at] = port;
                return;
            }
            if (key == EMPTY) {
                // Keep one slot free so that lookups of unknown addresses always stop.
                if (size < mask) {
                    keys[at] = mac;
                    ports[at] = port;
                    size++;
                }
                return;
            }
            at = (at + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private int index(long mac) {
        long h = mac * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }
}
