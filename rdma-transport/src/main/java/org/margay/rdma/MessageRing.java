package org.margay.rdma;

import org.margay.fastpath.buffer.PacketBuffer;

/**
 * Received messages waiting for pops, oldest first, each a receive buffer whose data window is the message, with
 * the flag saying it ended an element and, for datagrams, the sender. The head may be partly consumed
 * ({@link #headOffset}) when a stream decoder read only some of it. Preallocated; allocation-free.
 */
final class MessageRing {
    private final PacketBuffer[] buffer;
    private final boolean[] end;
    private final int[] ip;
    private final int[] port;
    private int head;
    private int count;
    private int headOffset;

    MessageRing(int capacity) {
        buffer = new PacketBuffer[capacity];
        end = new boolean[capacity];
        ip = new int[capacity];
        port = new int[capacity];
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean isFull() {
        return count == buffer.length;
    }

    int size() {
        return count;
    }

    void add(PacketBuffer b, boolean ends, int sourceIp, int sourcePort) {
        int i = (head + count) % buffer.length;
        buffer[i] = b;
        end[i] = ends;
        ip[i] = sourceIp;
        port[i] = sourcePort;
        count++;
    }

    PacketBuffer headBuffer() {
        return buffer[head];
    }

    boolean headEnds() {
        return end[head];
    }

    int headIp() {
        return ip[head];
    }

    int headPort() {
        return port[head];
    }

    /** Bytes of the head message already consumed. */
    int headOffset() {
        return headOffset;
    }

    void headOffset(int offset) {
        headOffset = offset;
    }

    /** Takes the head message out (the caller now owns its buffer). */
    PacketBuffer take() {
        PacketBuffer b = buffer[head];
        buffer[head] = null;
        head = (head + 1) % buffer.length;
        count--;
        headOffset = 0;
        return b;
    }

    /** Releases every message (a closing endpoint); returns how many. */
    int releaseAll() {
        int n = count;
        while (count > 0) {
            take().release();
        }
        return n;
    }
}
