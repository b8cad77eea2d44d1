package org.margay.pcap.captures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The captures that Margay made itself and ships as resources of this module, for the demo, the tests and
 * teaching. Each was recorded by a script under {@code pcap-fixtures/scripts/} from real runs against Linux,
 * and carries beside it the decode that the real tcpdump printed at the time.
 *
 * <p>Invariant: every name in {@link #NAMES} has a {@code NAME.pcapng} resource, a
 * {@code NAME.tcpdump-n-e-tttt.txt} resource and a {@code NAME.tshark-fields.tsv} resource (tshark 4.0's
 * fields with the outside corpus's columns and preferences) in this package.
 */
public final class ProjectCaptures {
    /**
     * Two Linux network namespaces over a veth pair: ARP, two ICMP echoes, a UDP datagram, a UDP datagram to
     * a closed port answered by ICMP port unreachable, and a short TCP connection with data both ways and a
     * FIN close. Made by {@code scripts/make-linux-captures.sh}.
     */
    public static final String LINUX_VETH_SESSION = "linux-veth-session";

    /**
     * A TCP transfer with MSS 200 between two Linux namespaces through a router namespace, with 12 % random loss
     * on the receiver's input (nftables): SYN retransmission, window scaling, timestamps, SACK blocks,
     * retransmissions. Ethernet, cut to 128 bytes a frame. Made by {@code scripts/make-decode-captures.sh} and
     * {@code scripts/ship-decode-captures.sh}, as are the other {@code decode-*} captures.
     */
    public static final String DECODE_TCP_SACK_LOSS = "decode-tcp-sack-loss";

    /**
     * A TCP transfer to a slow reader with a 2 KiB receive buffer: zero windows, window probes and window
     * updates. Ethernet, cut to 128 bytes a frame.
     */
    public static final String DECODE_TCP_ZERO_WINDOW = "decode-tcp-zero-window";

    /**
     * The router namespace's view ({@code tcpdump -i any -y LINUX_SLL}, Linux cooked v1) of everything but TCP:
     * ARP, echo of several sizes fragmented and fragmented again, record-route and timestamp options, ICMP
     * time exceeded, fragmentation needed and port unreachable, a fragmented UDP datagram. Cut to 128 bytes.
     */
    public static final String DECODE_ICMP_ROUTER_SLL = "decode-icmp-router-sll";

    /** The receiver's view with {@code tcpdump -s 60}: every layer cut at a 60-byte snap length. */
    public static final String DECODE_SNAP60 = "decode-snap60";

    /**
     * Frames made with scapy: 802.1Q and QinQ tags, ARP variants, bad checksums, bad IP header and total lengths,
     * IP options (well-formed and malformed), every TCP option (unknown and malformed ones too), TCP flag
     * combinations, UDP length problems, ICMP types and codes beyond echo, unknown EtherTypes.
     */
    public static final String DECODE_CRAFTED = "decode-crafted";

    /** Crafted frames whose capture stops at awkward places: inside tags, ARP, IP options, quoted datagrams. */
    public static final String DECODE_CRAFTED_CUT = "decode-crafted-cut";

    /** Crafted IPv4 packets with link type LINKTYPE_IPV4 (228): no link header. */
    public static final String DECODE_RAW_IP = "decode-raw-ip";

    /** Every shipped capture's name. */
    public static final List<String> NAMES = List.of(LINUX_VETH_SESSION, DECODE_TCP_SACK_LOSS,
            DECODE_TCP_ZERO_WINDOW, DECODE_SNAP60, DECODE_ICMP_ROUTER_SLL, DECODE_CRAFTED, DECODE_CRAFTED_CUT,
            DECODE_RAW_IP);

    private ProjectCaptures() {
    }

    /** Opens the pcapng of the named capture. The caller closes the stream. */
    public static InputStream open(String name) {
        return resource(name + ".pcapng");
    }

    /** The text {@code TZ=GMT0 tcpdump -n -e -tttt -r} printed for the named capture when it was made. */
    public static String tcpdumpDecode(String name) {
        try (InputStream in = resource(name + ".tcpdump-n-e-tttt.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference decode of " + name, e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = ProjectCaptures.class.getResourceAsStream(file);
        if (in == null) {
            throw new IllegalArgumentException("no project capture resource '" + file + "'; known: " + NAMES);
        }
        return in;
    }
}
