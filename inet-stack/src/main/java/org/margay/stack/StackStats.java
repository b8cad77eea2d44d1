package org.margay.stack;

/**
 * The counters of one {@link InetStack}: a counter for every reason a frame is dropped, and the main
 * traffic counts. Written only by the stack's thread; other threads may read them at any time and see values
 * at most one poll old (plain fields, no locks, so counting costs nothing on the hot path). Every counter only
 * grows.
 */
public final class StackStats {
    long framesReceived;
    long framesTransmitted;
    long rxRunt;
    long rxNotForUs;
    long rxVlanTagged;
    long rxUnknownEtherType;
    long rxChained;
    long arpMalformed;
    long arpUnsupported;
    long arpSenderMismatch;
    long arpRequestsReceived;
    long arpRepliesReceived;
    long arpRepliesSent;
    long arpRequestsSent;
    long arpQueueDrops;
    long arpResolutionDrops;
    long arpUnreachableReported;
    long ipMalformed;
    long ipBadChecksum;
    long ipBadOptions;
    long ipNotForUs;
    long ipBadSource;
    long ipFragmentsReceived;
    long ipReassembled;
    long ipFragmentDrops;
    long ipReassemblyTimeouts;
    long ipUnknownProtocol;
    long ipNoRoute;
    long ipFragmentsSent;
    long ipTooBigDf;
    long icmpMalformed;
    long icmpBadChecksum;
    long icmpEchoRequestsReceived;
    long icmpEchoRepliesSent;
    long icmpEchoRepliesReceived;
    long icmpEchoRequestsSent;
    long icmpErrorsReceived;
    long icmpErrorsSent;
    long icmpRateLimited;
    long icmpIgnored;
    long udpMalformed;
    long udpBadChecksum;
    long udpNoPort;
    long udpQueueDrops;
    long udpDatagramsReceived;
    long udpDatagramsSent;
    long tcpMalformed;
    long tcpBadChecksum;
    long tcpBroadcast;
    long tcpSegmentsReceived;
    long tcpSegmentsSent;
    long txNoBuffer;
    long txDeviceRefused;

    StackStats() {
    }

    /** Frames taken from the device. */
    public long framesReceived() {
        return framesReceived;
    }

    /** Frames the device accepted. */
    public long framesTransmitted() {
        return framesTransmitted;
    }

    /** Frames too short or malformed for Ethernet (drop). */
    public long rxRunt() {
        return rxRunt;
    }

    /** Frames addressed to another MAC or a multicast group (drop). */
    public long rxNotForUs() {
        return rxNotForUs;
    }

    /** VLAN-tagged frames: no VLAN is configured (drop). */
    public long rxVlanTagged() {
        return rxVlanTagged;
    }

    /** Frames of an EtherType other than IPv4 and ARP (drop). */
    public long rxUnknownEtherType() {
        return rxUnknownEtherType;
    }

    /** Multi-segment frames, not handled yet (drop). */
    public long rxChained() {
        return rxChained;
    }

    /** ARP packets failing check() (drop). */
    public long arpMalformed() {
        return arpMalformed;
    }

    /** ARP packets for other hardware or protocols (drop). */
    public long arpUnsupported() {
        return arpUnsupported;
    }

    /** ARP packets whose sender MAC differs from the frame's source MAC (damaged or proxied) (drop). */
    public long arpSenderMismatch() {
        return arpSenderMismatch;
    }

    /** ARP requests received. */
    public long arpRequestsReceived() {
        return arpRequestsReceived;
    }

    /** ARP replies received. */
    public long arpRepliesReceived() {
        return arpRepliesReceived;
    }

    /** ARP replies sent for our addresses. */
    public long arpRepliesSent() {
        return arpRepliesSent;
    }

    /** ARP requests sent (first tries, retries and gratuitous). */
    public long arpRequestsSent() {
        return arpRequestsSent;
    }

    /** Packets dropped because their resolution queue was full (oldest first). */
    public long arpQueueDrops() {
        return arpQueueDrops;
    }

    /** Packets dropped because their next hop never answered ARP. */
    public long arpResolutionDrops() {
        return arpResolutionDrops;
    }

    /**
     * Of those, the ones whose sender learned of it: host unreachable given to the TCP connection or connected
     * UDP socket that sent the packet (not a drop of its own; the drop is counted in {@link #arpResolutionDrops()}).
     */
    public long arpUnreachableReported() {
        return arpUnreachableReported;
    }

    /** IPv4 packets failing structure checks (drop). */
    public long ipMalformed() {
        return ipMalformed;
    }

    /** IPv4 headers with a bad checksum (drop). */
    public long ipBadChecksum() {
        return ipBadChecksum;
    }

    /** IPv4 packets with invalid options (drop). */
    public long ipBadOptions() {
        return ipBadOptions;
    }

    /** IPv4 packets for an address not ours: no forwarding (drop). */
    public long ipNotForUs() {
        return ipNotForUs;
    }

    /** IPv4 packets from a broadcast, multicast or own source address (drop). */
    public long ipBadSource() {
        return ipBadSource;
    }

    /** IPv4 fragments received. */
    public long ipFragmentsReceived() {
        return ipFragmentsReceived;
    }

    /** Datagrams reassembled. */
    public long ipReassembled() {
        return ipReassembled;
    }

    /** Fragments dropped by reassembly (overlap, caps, malformed, slots). */
    public long ipFragmentDrops() {
        return ipFragmentDrops;
    }

    /** Datagrams dropped when reassembly timed out. */
    public long ipReassemblyTimeouts() {
        return ipReassemblyTimeouts;
    }

    /** Datagrams for a protocol we do not run (drop, protocol unreachable). */
    public long ipUnknownProtocol() {
        return ipUnknownProtocol;
    }

    /** Outgoing datagrams with no route (drop). */
    public long ipNoRoute() {
        return ipNoRoute;
    }

    /** Fragments sent. */
    public long ipFragmentsSent() {
        return ipFragmentsSent;
    }

    /** Outgoing datagrams over the MTU with DF set (drop). */
    public long ipTooBigDf() {
        return ipTooBigDf;
    }

    /** ICMP messages failing check() (drop). */
    public long icmpMalformed() {
        return icmpMalformed;
    }

    /** ICMP messages with a bad checksum (drop). */
    public long icmpBadChecksum() {
        return icmpBadChecksum;
    }

    /** Echo requests received. */
    public long icmpEchoRequestsReceived() {
        return icmpEchoRequestsReceived;
    }

    /** Echo replies sent. */
    public long icmpEchoRepliesSent() {
        return icmpEchoRepliesSent;
    }

    /** Echo replies received. */
    public long icmpEchoRepliesReceived() {
        return icmpEchoRepliesReceived;
    }

    /** Echo requests sent. */
    public long icmpEchoRequestsSent() {
        return icmpEchoRequestsSent;
    }

    /** ICMP errors received. */
    public long icmpErrorsReceived() {
        return icmpErrorsReceived;
    }

    /** ICMP errors sent. */
    public long icmpErrorsSent() {
        return icmpErrorsSent;
    }

    /** ICMP errors not sent because of the rate limit. */
    public long icmpRateLimited() {
        return icmpRateLimited;
    }

    /** ICMP messages of types we do not act on. */
    public long icmpIgnored() {
        return icmpIgnored;
    }

    /** UDP datagrams failing check() (drop). */
    public long udpMalformed() {
        return udpMalformed;
    }

    /** UDP datagrams with a bad checksum (drop). */
    public long udpBadChecksum() {
        return udpBadChecksum;
    }

    /** UDP datagrams for a port nobody listens on (drop, port unreachable). */
    public long udpNoPort() {
        return udpNoPort;
    }

    /** UDP datagrams dropped because the socket's queue was full. */
    public long udpQueueDrops() {
        return udpQueueDrops;
    }

    /** UDP datagrams delivered to sockets. */
    public long udpDatagramsReceived() {
        return udpDatagramsReceived;
    }

    /** UDP datagrams sent. */
    public long udpDatagramsSent() {
        return udpDatagramsSent;
    }

    /** TCP segments too short to carry a header (drop). */
    public long tcpMalformed() {
        return tcpMalformed;
    }

    /** TCP segments with a bad checksum (drop). */
    public long tcpBadChecksum() {
        return tcpBadChecksum;
    }

    /** TCP segments to a broadcast address (drop, RFC 1122 §4.2.3.10). */
    public long tcpBroadcast() {
        return tcpBroadcast;
    }

    /** TCP segments handed to the engine. */
    public long tcpSegmentsReceived() {
        return tcpSegmentsReceived;
    }

    /** TCP segments sent. */
    public long tcpSegmentsSent() {
        return tcpSegmentsSent;
    }

    /** Frames not built because the device pool was empty. */
    public long txNoBuffer() {
        return txNoBuffer;
    }

    /** Frames the device would not take (drop). */
    public long txDeviceRefused() {
        return txDeviceRefused;
    }

    /**
     * Outgoing packets the stack discarded before they reached the device: the ARP queue of an unresolved neighbour
     * was full ({@link #arpQueueDrops()}), resolution failed ({@link #arpResolutionDrops()}), no route
     * ({@link #ipNoRoute()}), or the device refused the frame ({@link #txDeviceRefused()}). TCP recovers such losses
     * by retransmitting, as it would a loss on the wire.
     */
    public long transmitDrops() {
        return arpQueueDrops + arpResolutionDrops + ipNoRoute + txDeviceRefused;
    }

    /** Every frame or packet dropped, whatever the reason (the sum of the drop counters). */
    public long totalDrops() {
        return rxRunt
                + rxNotForUs
                + rxVlanTagged
                + rxUnknownEtherType
                + rxChained
                + arpMalformed
                + arpUnsupported
                + arpSenderMismatch
                + arpQueueDrops
                + arpResolutionDrops
                + ipMalformed
                + ipBadChecksum
                + ipBadOptions
                + ipNotForUs
                + ipBadSource
                + ipFragmentDrops
                + ipReassemblyTimeouts
                + ipUnknownProtocol
                + ipNoRoute
                + ipTooBigDf
                + icmpMalformed
                + icmpBadChecksum
                + udpMalformed
                + udpBadChecksum
                + udpNoPort
                + udpQueueDrops
                + tcpMalformed
                + tcpBadChecksum
                + tcpBroadcast
                + txDeviceRefused;
    }

    /** The non-zero counters, {@code name=value} separated by spaces (cold path). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StackStats[");
        append(text, "framesReceived", framesReceived);
        append(text, "framesTransmitted", framesTransmitted);
        append(text, "rxRunt", rxRunt);
        append(text, "rxNotForUs", rxNotForUs);
        append(text, "rxVlanTagged", rxVlanTagged);
        append(text, "rxUnknownEtherType", rxUnknownEtherType);
        append(text, "rxChained", rxChained);
        append(text, "arpMalformed", arpMalformed);
        append(text, "arpUnsupported", arpUnsupported);
        append(text, "arpSenderMismatch", arpSenderMismatch);
        append(text, "arpRequestsReceived", arpRequestsReceived);
        append(text, "arpRepliesReceived", arpRepliesReceived);
        append(text, "arpRepliesSent", arpRepliesSent);
        append(text, "arpRequestsSent", arpRequestsSent);
        append(text, "arpQueueDrops", arpQueueDrops);
        append(text, "arpResolutionDrops", arpResolutionDrops);
        append(text, "arpUnreachableReported", arpUnreachableReported);
        append(text, "ipMalformed", ipMalformed);
        append(text, "ipBadChecksum", ipBadChecksum);
        append(text, "ipBadOptions", ipBadOptions);
        append(text, "ipNotForUs", ipNotForUs);
        append(text, "ipBadSource", ipBadSource);
        append(text, "ipFragmentsReceived", ipFragmentsReceived);
        append(text, "ipReassembled", ipReassembled);
        append(text, "ipFragmentDrops", ipFragmentDrops);
        append(text, "ipReassemblyTimeouts", ipReassemblyTimeouts);
        append(text, "ipUnknownProtocol", ipUnknownProtocol);
        append(text, "ipNoRoute", ipNoRoute);
        append(text, "ipFragmentsSent", ipFragmentsSent);
        append(text, "ipTooBigDf", ipTooBigDf);
        append(text, "icmpMalformed", icmpMalformed);
        append(text, "icmpBadChecksum", icmpBadChecksum);
        append(text, "icmpEchoRequestsReceived", icmpEchoRequestsReceived);
        append(text, "icmpEchoRepliesSent", icmpEchoRepliesSent);
        append(text, "icmpEchoRepliesReceived", icmpEchoRepliesReceived);
        append(text, "icmpEchoRequestsSent", icmpEchoRequestsSent);
        append(text, "icmpErrorsReceived", icmpErrorsReceived);
        append(text, "icmpErrorsSent", icmpErrorsSent);
        append(text, "icmpRateLimited", icmpRateLimited);
        append(text, "icmpIgnored", icmpIgnored);
        append(text, "udpMalformed", udpMalformed);
        append(text, "udpBadChecksum", udpBadChecksum);
        append(text, "udpNoPort", udpNoPort);
        append(text, "udpQueueDrops", udpQueueDrops);
        append(text, "udpDatagramsReceived", udpDatagramsReceived);
        append(text, "udpDatagramsSent", udpDatagramsSent);
        append(text, "tcpMalformed", tcpMalformed);
        append(text, "tcpBadChecksum", tcpBadChecksum);
        append(text, "tcpBroadcast", tcpBroadcast);
        append(text, "tcpSegmentsReceived", tcpSegmentsReceived);
        append(text, "tcpSegmentsSent", tcpSegmentsSent);
        append(text, "txNoBuffer", txNoBuffer);
        append(text, "txDeviceRefused", txDeviceRefused);
        return text.append(']').toString();
    }

    private static void append(StringBuilder text, String name, long value) {
        if (value != 0) {
            if (text.charAt(text.length() - 1) != '[') {
                text.append(' ');
            }
            text.append(name).append('=').append(value);
        }
    }
}
