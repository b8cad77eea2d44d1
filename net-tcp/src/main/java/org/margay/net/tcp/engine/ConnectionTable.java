package org.margay.net.tcp.engine;

/**
 * The demultiplexing table: an open-addressing hash table (linear probing, backward-shift deletion, no
 * tombstones) from the 4-tuple to its {@link TcpConnection}. Lookups allocate nothing; the table doubles when it
 * is half full, which happens only while connections are being created (cold path).
 *
 * <p>The hash mixes the tuple with a per-layer random salt, so a peer cannot choose ports that collide on purpose.
 * What must stay true: every stored connection is reachable from its home slot without crossing an empty slot.
 */
final class ConnectionTable {
    private long[] addresses; // localIp << 32 | remoteIp
    private int[] ports; // localPort << 16 | remotePort
    private TcpConnection[] values;
    private int mask;
    private int size;
    private final long salt;

    ConnectionTable(int initialCapacity, long salt) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1)) << 1;
        allocate(capacity);
        this.salt = salt;
    }

    private void allocate(int capacity) {
        addresses = new long[capacity];
        ports = new int[capacity];
        values = new TcpConnection[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The sum of {@link TcpConnection#bufferMemoryBytes()} over the stored connections (cold: scans the table). */
    long bufferMemoryBytes() {
        long sum = 0;
        for (TcpConnection c : values) {
            if (c != null) {
                sum += c.bufferMemoryBytes();
            }
        }
        return sum;
    }

    private int slot(long address, int port) {
        long h = address * 0x9E3779B97F4A7C15L ^ (port + salt) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (int) h & mask;
    }

    TcpConnection get(int localIp, int localPort, int remoteIp, int remotePort) {
        long address = IsnGenerator.tupleWord(localIp, remoteIp);
        int port = (localPort << 16) | (remotePort & 0xFFFF);
        int i = slot(address, port);
        while (true) {
            TcpConnection c = values[i];
            if (c == null) {
                return null;
            }
            if (addresses[i] == address && ports[i] == port) {
                return c;
            }
            i = (i + 1) & mask;
        }
    }

    void put(TcpConnection c) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        insert(c);
        size++;
    }

    private void insert(TcpConnection c) {
        long address = IsnGenerator.tupleWord(c.localIp, c.remoteIp);
        int port = (c.localPort << 16) | (c.remotePort & 0xFFFF);
        int i = slot(address, port);
        while (values[i] != null) {
            if (values[i] == c) {
                return;
            }
            i = (i + 1) & mask;
        }
        addresses[i] = address;
        ports[i] = port;
        values[i] = c;
    }

    private void grow() {
        TcpConnection[] old = values;
        allocate(old.length * 2);
        for (TcpConnection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }

    /** Removes {@code c} if present (backward-shift deletion keeps probe chains intact). */
    boolean remove(TcpConnection c) {
        long address = IsnGenerator.tupleWord(c.localIp, c.remoteIp);
        int port = (c.localPort << 16) | (c.remotePort & 0xFFFF);
        int i = slot(address, port);
        while (values[i] != null) {
            if (values[i] == c) {
                deleteAt(i);
                size--;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void deleteAt(int hole) {
        values[hole] = null;
        int i = (hole + 1) & mask;
        while (values[i] != null) {
            int home = slot(addresses[i], ports[i]);
            // Move entry i into the hole if its home is not cyclically within (hole, i].
            boolean stay = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!stay) {
                addresses[hole] = addresses[i];
                ports[hole] = ports[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }
}
