package org.margay.rdma;

import java.nio.ByteBuffer;

/**
 * The private data of a connection request and of its acceptance (16 bytes, within the InfiniBand CM's limits):
 * each side announces how many receives it keeps posted for the peer (the peer's initial credits) and how large
 * each receive buffer is (the largest message the peer may send).
 * <pre>
 *   0   2  magic "MG"
 *   2   1  version (1)
 *   3   1  reserved (0)
 *   4   4  receive window: credits granted (big-endian)
 *   8   4  receive buffer size in bytes (big-endian)
 *   12  4  reserved (0)
 * </pre>
 *
 * @param window     receives posted for the peer (≥ {@link CreditWindow#MIN_WINDOW})
 * @param bufferSize bytes of each receive buffer
 */
record ConnectParams(int window, int bufferSize) {
    static final int BYTES = 16;
    private static final short MAGIC = 0x4D47;
    private static final byte VERSION = 1;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putShort(MAGIC).put(VERSION).put((byte) 0).putInt(window).putInt(bufferSize).putInt(0).array();
    }

    /** The parameters in {@code data}, or null when it is not this protocol's (too short, wrong magic or version). */
    static ConnectParams decode(byte[] data) {
        if (data == null || data.length < BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.getShort() != MAGIC || b.get() != VERSION) {
            return null;
        }
        b.get();
        int window = b.getInt();
        int size = b.getInt();
        if (window < CreditWindow.MIN_WINDOW || window > ImmData.MAX_CREDITS || size < 64) {
            return null;
        }
        return new ConnectParams(window, size);
    }
}
