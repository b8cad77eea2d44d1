package org.margay.packetdrill.script;

import java.util.List;

/** The packet part of a packet line: TCP, UDP or ICMP. */
public sealed interface PacketSpec {

    /**
     * A TCP segment {@code FLAGS seq:end(len) [ack N] [win N] [<options>]}.
     *
     * @param flags   the flag letters as written ({@code S}, {@code S.}, {@code P.}, {@code -} for none, ...)
     * @param seq     the starting sequence number (script space)
     * @param end     the end sequence number as written
     * @param length  the payload length in parentheses
     * @param ack     the acknowledgment number, or null when absent
     * @param window  the window, or null when absent (outbound: not checked; inbound: an error)
     * @param options the options in order; null for {@code <...>} (not checked); empty when none are written
     */
    record Tcp(String flags, long seq, long end, int length, Long ack, Integer window, List<TcpOption> options)
            implements PacketSpec {
        public Tcp {
            options = options == null ? null : List.copyOf(options);
        }

        /** Whether the flag letter {@code f} is present ({@code '.'} is ACK). */
        public boolean has(char f) {
            return flags.indexOf(f) >= 0;
        }
    }

    /** A UDP datagram {@code udp (len)}. */
    record Udp(int length) implements PacketSpec {
    }

    /**
     * An ICMP message {@code icmp TYPE [CODE] [[seq:end(len)]]}: the quoted TCP sequence range, when given, is in
     * the local (stack's) sequence space, as packetdrill maps it.
     *
     * @param type       the type name ({@code unreachable}, {@code time_exceeded}, ...)
     * @param code       the code name, or null
     * @param quotedSeq  the quoted TCP sequence number (script space), or null when no TCP header is quoted
     * @param mtu        the next-hop MTU of a fragmentation-needed message, or null
     */
    record Icmp(String type, String code, Long quotedSeq, Integer mtu) implements PacketSpec {
    }
}
