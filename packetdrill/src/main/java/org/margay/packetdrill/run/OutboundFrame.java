package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A frame the stack sent, as the runner decoded it with its own codec: the IPv4 header fields it checks, and for
 * TCP every header field and the options in wire order. Immutable.
 *
 * @param timeNanos     when the stack handed the frame to the device (virtual time)
 * @param bytes         the whole Ethernet frame
 * @param protocol      the IP protocol (6 TCP, 17 UDP, 1 ICMP), or -1 when the frame is not IPv4
 * @param ipChecksumOk  whether the IPv4 header checksum verifies
 * @param l4ChecksumOk  whether the TCP/UDP/ICMP checksum verifies
 * @param ipHeaderLength IHL in bytes
 * @param sourcePort    TCP/UDP source port
 * @param destinationPort TCP/UDP destination port
 * @param seq           TCP sequence number (unsigned)
 * @param ack           TCP acknowledgment number (unsigned)
 * @param flags         the 12 TCP flag bits (FIN 0x1 ... AE 0x100)
 * @param window        the raw 16-bit window field
 * @param urgent        the urgent pointer
 * @param options       TCP options in order
 * @param payloadLength bytes after the transport header
 * @param malformed     a description when the frame could not be decoded, else null
 */
record OutboundFrame(long timeNanos, byte[] bytes, int protocol, boolean ipChecksumOk, boolean l4ChecksumOk,
                     int ipHeaderLength, int sourcePort, int destinationPort, long seq, long ack, int flags,
                     int window, int urgent, List<WireOption> options, int payloadLength, String malformed) {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int ECE = 0x40;
    static final int CWR = 0x80;
    static final int AE = 0x100;

    /** One option as sent: its kind and its bytes after kind and length (empty for NOP and EOL). */
    record WireOption(int kind, byte[] data) {
        static final int EOL = 0;
        static final int NOP = 1;
        static final int MSS = 2;
        static final int WSCALE = 3;
        static final int SACK_PERMITTED = 4;
        static final int SACK = 5;
        static final int TIMESTAMP = 8;

        long u32(int at) {
            return Wire.u32(data, at);
        }

        String describe() {
            return switch (kind) {
                case EOL -> "eol";
                case NOP -> "nop";
                case MSS -> data.length == 2 ? "mss " + Wire.u16(data, 0) : "mss(len " + (data.length + 2) + ")";
                case WSCALE -> data.length == 1 ? "wscale " + Wire.u8(data, 0) : "wscale(len " + (data.length + 2) + ")";
                case SACK_PERMITTED -> "sackOK";
                case TIMESTAMP -> data.length == 8 ? "TS val " + u32(0) + " ecr " + u32(4) : "TS(len " + (data.length + 2) + ")";
                case SACK -> {
                    StringBuilder b = new StringBuilder("sack");
                    for (int i = 0; i + 8 <= data.length; i += 8) {
                        b.append(' ').append(u32(i)).append(':').append(u32(i + 4));
                    }
                    yield b.toString();
                }
                default -> "opt" + kind + "(len " + (data.length + 2) + ")";
            };
        }
    }

    boolean isTcp() {
        return protocol == Wire.PROTO_TCP && malformed == null;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Decodes a frame the stack transmitted at {@code timeNanos}. Never throws: bad frames come back malformed. */
    static OutboundFrame decode(long timeNanos, byte[] f) {
        if (f.length < Wire.ETHERNET_HEADER + Wire.IPV4_HEADER || Wire.u16(f, 12) != Wire.ETHERTYPE_IPV4) {
            return broken(timeNanos, f, -1, "not an IPv4 frame");
        }
        int ip = Wire.ETHERNET_HEADER;
        int ihl = (Wire.u8(f, ip) & 0x0F) * 4;
        int total = Wire.u16(f, ip + 2);
        int protocol = Wire.u8(f, ip + 9);
        if ((Wire.u8(f, ip) >>> 4) != 4 || ihl < Wire.IPV4_HEADER || total < ihl || ip + total > f.length) {
            return broken(timeNanos, f, protocol, "bad IPv4 header (version, IHL or total length)");
        }
        boolean ipOk = Wire.verifies(f, ip, ihl, 0);
        int source = (int) Wire.u32(f, ip + 12);
        int destination = (int) Wire.u32(f, ip + 16);
        int l4 = ip + ihl;
        int l4Length = total - ihl;
        if (protocol != Wire.PROTO_TCP) {
            boolean ok = protocol == Wire.PROTO_UDP
                    ? Wire.u16(f, l4 + 6) == 0 || Wire.verifies(f, l4, l4Length, Wire.pseudoHeader(source, destination, protocol, l4Length))
                    : Wire.verifies(f, l4, l4Length, 0);
            int sp = l4Length >= 4 && protocol == Wire.PROTO_UDP ? Wire.u16(f, l4) : 0;
            int dp = l4Length >= 4 && protocol == Wire.PROTO_UDP ? Wire.u16(f, l4 + 2) : 0;
            return new OutboundFrame(timeNanos, f, protocol, ipOk, ok, ihl, sp, dp, 0, 0, 0, 0, 0, List.of(),
                    Math.max(0, l4Length - 8), null);
        }
        if (l4Length < Wire.TCP_HEADER) {
            return broken(timeNanos, f, protocol, "TCP header truncated");
        }
        int doff = (Wire.u8(f, l4 + 12) >>> 4) * 4;
        if (doff < Wire.TCP_HEADER || doff > l4Length) {
            return broken(timeNanos, f, protocol, "bad TCP data offset " + doff);
        }
        boolean tcpOk = Wire.verifies(f, l4, l4Length, Wire.pseudoHeader(source, destination, protocol, l4Length));
        List<WireOption> options = new ArrayList<>();
        int at = l4 + Wire.TCP_HEADER;
        int end = l4 + doff;
        while (at < end) {
            int kind = Wire.u8(f, at);
            if (kind == WireOption.EOL || kind == WireOption.NOP) {
                options.add(new WireOption(kind, new byte[0]));
                at++;
                continue;
            }
            if (at + 1 >= end) {
                return broken(timeNanos, f, protocol, "TCP option " + kind + " truncated");
            }
            int len = Wire.u8(f, at + 1);
            if (len < 2 || at + len > end) {
                return broken(timeNanos, f, protocol, "TCP option " + kind + " has bad length " + len);
            }
            byte[] data = new byte[len - 2];
            System.arraycopy(f, at + 2, data, 0, len - 2);
            options.add(new WireOption(kind, data));
            at += len;
        }
        int flags = (Wire.u8(f, l4 + 12) & 0x01) << 8 | Wire.u8(f, l4 + 13);
        return new OutboundFrame(timeNanos, f, protocol, ipOk, tcpOk, ihl, Wire.u16(f, l4), Wire.u16(f, l4 + 2),
                Wire.u32(f, l4 + 4), Wire.u32(f, l4 + 8), flags, Wire.u16(f, l4 + 14), Wire.u16(f, l4 + 18),
                List.copyOf(options), l4Length - doff, null);
    }

    private static OutboundFrame broken(long timeNanos, byte[] f, int protocol, String why) {
        return new OutboundFrame(timeNanos, f, protocol, false, false, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, why);
    }

    /** Flags in packetdrill's letters: {@code S}, {@code S.}, {@code P.}, {@code F.}, {@code R}, ... */
    static String flagLetters(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & FIN) != 0) {
            b.append('F');
        }
        if ((flags & SYN) != 0) {
            b.append('S');
        }
        if ((flags & RST) != 0) {
            b.append('R');
        }
        if ((flags & PSH) != 0) {
            b.append('P');
        }
        if ((flags & URG) != 0) {
            b.append('U');
        }
        if ((flags & ECE) != 0) {
            b.append('E');
        }
        if ((flags & CWR) != 0) {
            b.append('W');
        }
        if ((flags & AE) != 0) {
            b.append('A');
        }
        if ((flags & ACK) != 0) {
            b.append('.');
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
