package org.margay.packetdrill.run;

import java.util.List;
import org.margay.packetdrill.script.PacketSpec;
import org.margay.packetdrill.script.TcpOption;

/**
 * Builds the frames the script injects: Ethernet + IPv4 + TCP (or ICMP), from the peer to the stack, with
 * correct checksums and an all-zero payload (packetdrill's). Sequence numbers arrive already mapped to live
 * values by the caller.
 */
final class InboundBuilder {
    private int identification = 1;

    /** Flags letters to the 12 TCP flag bits; '.' is ACK. Returns -1 for a letter the runner does not model. */
    static int flagBits(String letters) {
        int f = 0;
        for (char c : letters.toCharArray()) {
            f |= switch (c) {
                case '.' -> OutboundFrame.ACK;
                case 'F' -> OutboundFrame.FIN;
                case 'S' -> OutboundFrame.SYN;
                case 'R' -> OutboundFrame.RST;
                case 'P' -> OutboundFrame.PSH;
                case 'U' -> OutboundFrame.URG;
                case 'E' -> OutboundFrame.ECE;
                case 'W' -> OutboundFrame.CWR;
                case 'A' -> OutboundFrame.AE;
                default -> -1 << 16;
            };
        }
        return f < 0 ? -1 : f;
    }

    /** Encodes options in the order written; the length must come out a multiple of 4 (as packetdrill requires). */
    static byte[] encodeOptions(List<TcpOption> options, long sackOffset) throws ScriptFailure {
        byte[] buf = new byte[64];
        int n = 0;
        for (TcpOption o : options) {
            if (n + 40 > buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            switch (o) {
                case TcpOption.Nop _ -> buf[n++] = 1;
                case TcpOption.Eol _ -> buf[n++] = 0;
                case TcpOption.Mss m -> {
                    buf[n] = 2;
                    buf[n + 1] = 4;
                    Wire.put16(buf, n + 2, m.value());
                    n += 4;
                }
                case TcpOption.WindowScale w -> {
                    buf[n] = 3;
                    buf[n + 1] = 3;
                    buf[n + 2] = (byte) w.shift();
                    n += 3;
                }
                case TcpOption.SackPermitted _ -> {
                    buf[n] = 4;
                    buf[n + 1] = 2;
                    n += 2;
                }
                case TcpOption.Timestamp t -> {
                    buf[n] = 8;
                    buf[n + 1] = 10;
                    Wire.put32(buf, n + 2, t.value());
                    Wire.put32(buf, n + 6, t.echoReply());
                    n += 10;
                }
                case TcpOption.Sack s -> {
                    buf[n] = 5;
                    buf[n + 1] = (byte) (2 + 8 * s.blocks().size());
                    int at = n + 2;
                    for (long[] block : s.blocks()) {
                        Wire.put32(buf, at, block[0] + sackOffset);
                        Wire.put32(buf, at + 4, block[1] + sackOffset);
                        at += 8;
                    }
                    n = at;
                }
                case TcpOption.Unmodelled u -> throw new ScriptFailure("the runner cannot build the TCP option " + u.name());
            }
        }
        if (n % 4 != 0) {
            throw new ScriptFailure("TCP options are not padded to a multiple of 4 bytes (" + n + " bytes)");
        }
        if (n > 40) {
            throw new ScriptFailure("TCP options take " + n + " bytes, more than the 40 a header holds");
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /** A TCP segment from the peer; {@code seq}, {@code ack} are live values; options already encoded. */
    byte[] tcp(int peerPort, int localPort, long seq, long ack, int flags, int window, byte[] options, int payload) {
        int tcpLength = Wire.TCP_HEADER + options.length + payload;
        byte[] f = frame(Wire.PROTO_TCP, tcpLength);
        int t = Wire.ETHERNET_HEADER + Wire.IPV4_HEADER;
        Wire.put16(f, t, peerPort);
        Wire.put16(f, t + 2, localPort);
        Wire.put32(f, t + 4, seq);
        Wire.put32(f, t + 8, ack);
        int doff = (Wire.TCP_HEADER + options.length) / 4;
        Wire.put8(f, t + 12, doff << 4 | (flags >>> 8 & 1));
        Wire.put8(f, t + 13, flags & 0xFF);
        Wire.put16(f, t + 14, window);
        System.arraycopy(options, 0, f, t + Wire.TCP_HEADER, options.length);
        int sum = Wire.checksum(f, t, tcpLength,
                Wire.pseudoHeader(Endpoints.REMOTE_IP, Endpoints.LOCAL_IP, Wire.PROTO_TCP, tcpLength));
        Wire.put16(f, t + 16, sum);
        return f;
    }

    /**
     * An ICMP error from the peer quoting a TCP segment the stack sent: the quoted IPv4 header (stack to peer) and
     * the first 8 bytes of the TCP header (ports and {@code quotedSeq}), as RFC 792 requires.
     */
    byte[] icmpQuotingTcp(int type, int code, int restOfHeader, int localPort, int peerPort, long quotedSeq) {
        int icmpLength = 8 + Wire.IPV4_HEADER + 8;
        byte[] f = frame(Wire.PROTO_ICMP, icmpLength);
        int i = Wire.ETHERNET_HEADER + Wire.IPV4_HEADER;
        Wire.put8(f, i, type);
        Wire.put8(f, i + 1, code);
        Wire.put32(f, i + 4, restOfHeader & 0xFFFF_FFFFL);
        int q = i + 8;
        Wire.put8(f, q, 0x45);
        Wire.put16(f, q + 2, Wire.IPV4_HEADER + Wire.TCP_HEADER);
        Wire.put8(f, q + 6, 0x40); // DF, as the stack sends TCP
        Wire.put8(f, q + 8, 64);
        Wire.put8(f, q + 9, Wire.PROTO_TCP);
        Wire.put32(f, q + 12, Endpoints.LOCAL_IP & 0xFFFF_FFFFL);
        Wire.put32(f, q + 16, Endpoints.REMOTE_IP & 0xFFFF_FFFFL);
        Wire.put16(f, q + 10, Wire.checksum(f, q, Wire.IPV4_HEADER, 0));
        int qt = q + Wire.IPV4_HEADER;
        Wire.put16(f, qt, localPort);
        Wire.put16(f, qt + 2, peerPort);
        Wire.put32(f, qt + 4, quotedSeq);
        Wire.put16(f, i + 2, Wire.checksum(f, i, icmpLength, 0));
        return f;
    }

    /** A frame with Ethernet and IPv4 headers filled for {@code l4Length} transport bytes (zeroed). */
    private byte[] frame(int protocol, int l4Length) {
        int total = Wire.IPV4_HEADER + l4Length;
        byte[] f = new byte[Math.max(60, Wire.ETHERNET_HEADER + total)];
        Wire.putMac(f, 0, Endpoints.LOCAL_MAC);
        Wire.putMac(f, 6, Endpoints.REMOTE_MAC);
        Wire.put16(f, 12, Wire.ETHERTYPE_IPV4);
        int ip = Wire.ETHERNET_HEADER;
        Wire.put8(f, ip, 0x45);
        Wire.put16(f, ip + 2, total);
        Wire.put16(f, ip + 4, identification++ & 0xFFFF);
        Wire.put8(f, ip + 8, 64);
        Wire.put8(f, ip + 9, protocol);
        Wire.put32(f, ip + 12, Endpoints.REMOTE_IP & 0xFFFF_FFFFL);
        Wire.put32(f, ip + 16, Endpoints.LOCAL_IP & 0xFFFF_FFFFL);
        Wire.put16(f, ip + 10, Wire.checksum(f, ip, Wire.IPV4_HEADER, 0));
        return f;
    }

    /** Whether {@code spec} fits in one IPv4 datagram. */
    static boolean fits(PacketSpec.Tcp spec, int optionBytes) {
        return Wire.IPV4_HEADER + Wire.TCP_HEADER + optionBytes + spec.length() <= 65_535;
    }
}
