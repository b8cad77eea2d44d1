package org.margay.explain.capture;

import org.margay.decode.Dissection;
import org.margay.explain.model.IpHeader;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;
import org.margay.net.common.WireStatus;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpSegment;

/**
 * Copies the facts the explanation needs out of a {@link Dissection} (which the dissector overwrites with the
 * next frame). Only well-formed IPv4 is kept: a frame whose IPv4 header is damaged or cut gives null. A TCP
 * header that is cut or malformed leaves the packet without TCP facts, so it never enters sequence reasoning.
 */
public final class PacketParser {
    private PacketParser() {
    }

    /** The IPv4 facts of {@code d}, or null when it is not a well-formed IPv4 packet. */
    public static IpHeader ipHeader(Dissection d) {
        if (d.network() != Dissection.Network.IPV4 || d.ipStatus() != WireStatus.OK) {
            return null;
        }
        Ipv4Packet ip = d.ip();
        return new IpHeader(ip.source(), ip.destination(), ip.protocol(), ip.identification(),
                ip.fragmentOffsetBytes(), ip.moreFragments(), ip.dontFragment(), ip.totalLength());
    }

    /** The TCP facts of {@code d}, or null when it carries no complete, well-formed TCP header. */
    public static TcpHeader tcpHeader(Dissection d) {
        if (d.transport() != Dissection.Transport.TCP || d.transportStatus() != WireStatus.OK) {
            return null;
        }
        TcpSegment tcp = d.tcp();
        TcpOptions o = d.tcpOptions();
        int[] sack = new int[2 * o.sackBlockCount()];
        for (int i = 0; i < o.sackBlockCount(); i++) {
            sack[2 * i] = o.sackLeft(i);
            sack[2 * i + 1] = o.sackRight(i);
        }
        // A datagram whose total length claims more than the frame carried is read as the frame shows it (the
        // captured frame's original length bounds what was really on the wire).
        long onWire = d.originalLength() - (d.networkOffset() - d.frameOffset());
        long ipLength = Math.min(d.ip().totalLength(), onWire);
        int payload = (int) Math.max(0, ipLength - d.ip().headerLength() - tcp.headerLength());
        return new TcpHeader(tcp.sequenceNumber(), tcp.acknowledgmentNumber(), tcp.flags() & 0xFF, tcp.window(),
                payload, o.hasMss() ? o.mss() : -1, o.hasWindowScale() ? o.windowScaleRaw() : -1, o.sackPermitted(),
                o.hasTimestamps(), o.timestampValue(), o.timestampEchoReply(), sack);
    }

    /** The ports of the transport header (0, 0 when there is none, e.g. a later fragment). */
    public static int[] ports(Dissection d) {
        return switch (d.transport()) {
            case TCP -> d.transportCaptured() >= 4 ? new int[] {d.tcp().sourcePort(), d.tcp().destinationPort()}
                    : new int[2];
            case UDP -> d.transportCaptured() >= 4 ? new int[] {d.udp().sourcePort(), d.udp().destinationPort()}
                    : new int[2];
            default -> new int[2];
        };
    }

    /** A captured packet from {@code d}, or null when {@code d} is not well-formed IPv4. */
    public static PacketRecord captured(Dissection d, int number, long nanos) {
        IpHeader ip = ipHeader(d);
        if (ip == null) {
            return null;
        }
        int[] ports = ports(d);
        return PacketRecord.captured(number, nanos, ip, ports[0], ports[1], tcpHeader(d), (int) d.originalLength());
    }

    /** A simulated packet sent at {@code nanos} from {@code d}, or null when {@code d} is not well-formed IPv4. */
    public static PacketRecord sent(Dissection d, int number, long nanos) {
        IpHeader ip = ipHeader(d);
        if (ip == null) {
            return null;
        }
        int[] ports = ports(d);
        return PacketRecord.sent(number, nanos, ip, ports[0], ports[1], tcpHeader(d), (int) d.originalLength());
    }
}
