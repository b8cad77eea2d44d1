/**
 * IPv4 (RFC 791) and ICMP (RFC 792) wire formats: flyweight views over {@link java.lang.foreign.MemorySegment},
 * an allocation-free option walker, and value records that parse and emit headers with correct checksums.
 *
 * <p>Above the wire formats: the routing table with longest-prefix match ({@code org.margay.net.ipv4.route}) and
 * fragmentation and RFC 815 reassembly with memory caps ({@code org.margay.net.ipv4.frag}). This module knows no
 * sockets and no devices.
 */
module org.margay.net.ipv4 {
    requires transitive org.margay.net.common;

    exports org.margay.net.ipv4;
    exports org.margay.net.icmp;
    exports org.margay.net.ipv4.route;
    exports org.margay.net.ipv4.frag;
}
