package org.margay.pdpix.contract.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.margay.pdpix.Errno;
import org.margay.pdpix.PdpixException;

/**
 * The "wire" between {@link MemoryLibOS} instances: port tables for TCP and UDP by address, and the rule that
 * polling one member polls them all (so a wait on either side of a pair drives both).
 */
final class MemoryNetwork {
    private final List<MemoryLibOS> members = new ArrayList<>();
    private final Map<Long, MemoryStreamQueue> tcp = new HashMap<>();
    private final Map<Long, MemoryDatagramQueue> udp = new HashMap<>();
    private int nextEphemeral = 49_152;
    private boolean polling;

    void join(MemoryLibOS member) {
        members.add(member);
    }

    void leave(MemoryLibOS member) {
        members.remove(member);
    }

    int pollOthers(MemoryLibOS caller) {
        if (polling) {
            return 0;
        }
        polling = true;
        try {
            int work = 0;
            for (MemoryLibOS m : List.copyOf(members)) {
                if (m != caller) {
                    work += m.poll();
                }
            }
            return work;
        } finally {
            polling = false;
        }
    }

    static long key(int address, int port) {
        return ((address & 0xFFFF_FFFFL) << 16) | port;
    }

    int bindTcp(MemoryStreamQueue q, int address, int port) {
        return bind(tcp, q, address, port);
    }

    int bindUdp(MemoryDatagramQueue q, int address, int port) {
        return bind(udp, q, address, port);
    }

    private <Q> int bind(Map<Long, Q> table, Q q, int address, int port) {
        if (port == 0) {
            for (int i = 0; i < 16_384; i++) {
                int candidate = nextEphemeral;
                nextEphemeral = nextEphemeral == 65_535 ? 49_152 : nextEphemeral + 1;
                if (!table.containsKey(key(address, candidate)) && !table.containsKey(key(0, candidate))) {
                    table.put(key(address, candidate), q);
                    return candidate;
                }
            }
            throw new PdpixException(Errno.EADDRINUSE, "no ephemeral port left");
        }
        if (table.containsKey(key(address, port)) || table.containsKey(key(0, port))) {
            throw new PdpixException(Errno.EADDRINUSE, "port " + port + " is in use");
        }
        table.put(key(address, port), q);
        return port;
    }

    void unbindTcp(int address, int port, MemoryStreamQueue q) {
        tcp.remove(key(address, port), q);
    }

    void unbindUdp(int address, int port, MemoryDatagramQueue q) {
        udp.remove(key(address, port), q);
    }

    MemoryStreamQueue tcpAt(int address, int port) {
        MemoryStreamQueue q = tcp.get(key(address, port));
        return q != null ? q : tcp.get(key(0, port));
    }

    MemoryDatagramQueue udpAt(int address, int port) {
        MemoryDatagramQueue q = udp.get(key(address, port));
        return q != null ? q : udp.get(key(0, port));
    }
}
