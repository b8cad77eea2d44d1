package org.margay.explain.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Endpoint;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;

/**
 * Sorts packets into conversations: TCP by its 4-tuple, everything else (UDP, ICMP, fragments without ports)
 * by address pair and protocol. The side that opened a conversation is side 0: the sender of a SYN, the
 * receiver of a SYN-ACK seen first, or else the sender of the first packet.
 */
public final class Conversations {
    private final boolean exact;
    private final java.util.function.Function<Endpoint, String> names;
    private final Map<String, ConnectionTimeline> byKey = new LinkedHashMap<>();
    private final List<ConnectionTimeline> all = new ArrayList<>();

    /** Groups packets into timelines; {@code exact} marks them as coming from the stack (simulation). */
    public Conversations(boolean exact) {
        this(exact, null);
    }

    /**
     * Groups packets into timelines, naming each side with {@code names} (a host's name for its endpoint, or null
     * to fall back on "client"/"server" or "A"/"B").
     */
    public Conversations(boolean exact, java.util.function.Function<Endpoint, String> names) {
        this.exact = exact;
        this.names = names;
    }

    /** Adds {@code p} to its conversation (creating it) and returns that conversation. */
    public ConnectionTimeline add(PacketRecord p) {
        String key = key(p);
        ConnectionTimeline c = byKey.get(key);
        if (c == null) {
            Endpoint src = new Endpoint(p.ip().source(), portOf(p, true));
            Endpoint dst = new Endpoint(p.ip().destination(), portOf(p, false));
            TcpHeader tcp = p.tcp();
            boolean synAck = tcp != null && tcp.has(TcpHeader.SYN) && tcp.has(TcpHeader.ACK);
            boolean syn = tcp != null && tcp.has(TcpHeader.SYN);
            Endpoint opener = synAck ? dst : src;
            Endpoint peer = synAck ? src : dst;
            String[] roles = syn ? new String[] {"client", "server"} : new String[] {"A", "B"};
            String first = names == null ? null : names.apply(opener);
            String second = names == null ? null : names.apply(peer);
            c = new ConnectionTimeline(all.size() + 1, p.ip().protocol(), opener, peer,
                    first == null ? roles[0] : first, second == null ? roles[1] : second, exact);
            byKey.put(key, c);
            all.add(c);
        }
        int side = c.sideOf(p.ip().source(), portOf(p, true));
        c.addPacket(p, side < 0 ? 0 : side);
        return c;
    }

    /** The conversations in the order they started. */
    public List<ConnectionTimeline> all() {
        return all;
    }

    private static int portOf(PacketRecord p, boolean source) {
        if (p.ip().protocol() != 6 || p.tcp() == null) {
            return 0; // conversations other than TCP are keyed by addresses only
        }
        return source ? p.sourcePort() : p.destinationPort();
    }

    private static String key(PacketRecord p) {
        long a = ((long) p.ip().source() << 16) | portOf(p, true);
        long b = ((long) p.ip().destination() << 16) | portOf(p, false);
        a &= 0xFFFF_FFFF_FFFFL;
        b &= 0xFFFF_FFFF_FFFFL;
        String kind = p.ip().protocol() == 6 && p.tcp() != null ? "tcp" : "ip" + p.ip().protocol();
        return kind + ":" + Math.min(a, b) + "-" + Math.max(a, b);
    }
}
