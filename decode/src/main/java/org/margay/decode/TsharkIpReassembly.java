package org.margay.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPv4 reassembly tshark does before dissecting a fragmented datagram's transport (RFC 791 §3.2): fragments
 * are collected per (source, destination, identification, protocol); the frame whose fragment makes the
 * datagram complete (the last fragment seen and no hole left) shows the transport of the reassembled payload.
 * Where fragments overlap, the bytes that arrived first win.
 *
 * <p>Cold path: fragments are copied. Unfinished datagrams are kept for the life of the formatter, which is
 * one capture.
 */
final class TsharkIpReassembly {
    private final Map<Key, Datagram> datagrams = new HashMap<>();

    private record Key(int source, int destination, int identification, int protocol) {
    }

    private record Fragment(int offset, byte[] data) {
    }

    private static final class Datagram {
        final List<Fragment> fragments = new ArrayList<>();
        int end = -1;
    }

    /**
     * Adds the fragment whose {@code length} payload bytes sit at {@code at} and start {@code offsetBytes} into
     * the datagram; returns the reassembled payload when this fragment completes it, otherwise null.
     */
    byte[] add(int source, int destination, int identification, int protocol, int offsetBytes, boolean more,
               MemorySegment segment, long at, int length) {
        Key key = new Key(source, destination, identification, protocol);
        Datagram datagram = datagrams.computeIfAbsent(key, k -> new Datagram());
        byte[] data = new byte[Math.max(0, length)];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at, data, 0, data.length);
        datagram.fragments.add(new Fragment(offsetBytes, data));
        if (!more) {
            datagram.end = offsetBytes + data.length;
        }
        if (datagram.end < 0) {
            return null;
        }
        byte[] payload = new byte[datagram.end];
        boolean[] filled = new boolean[datagram.end];
        for (Fragment fragment : datagram.fragments) {
            for (int i = 0; i < fragment.data().length; i++) {
                int position = fragment.offset() + i;
                if (position < payload.length && !filled[position]) {
                    payload[position] = fragment.data()[i];
                    filled[position] = true;
                }
            }
        }
        for (boolean b : filled) {
            if (!b) {
                return null;
            }
        }
        datagrams.remove(key);
        return payload;
    }
}
