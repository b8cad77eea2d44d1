package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.udp.UdpDatagram;

/**
 * tcpdump 4.99's {@code ip_print} and what it hands the payload to ({@code icmp_print}, {@code udp_print}; TCP
 * goes to {@link TcpdumpTcpPrinter}), over the wire views.
 *
 * <p>Each method gets the {@code length} its caller believes in (from the link layer or the IP header) and
 * {@code snap}, the bytes actually captured from the header's start; like tcpdump it prints {@code [|ip]},
 * {@code [|icmp]} or {@code [|udp]} where it would have read past the capture. Cold path.
 */
final class TcpdumpIpv4Printer {
    private static final int IP_MF = 0x2000;
    private static final int IP_DF = 0x4000;
    private static final int IP_RES = 0x8000;
    private static final int IP_OFFMASK = 0x1FFF;
    /** ICMP extension structure minimum: 8-byte header, 128 bytes of quoted datagram, 4-byte extension header. */
    private static final int ICMP_EXTD_MINLEN = 156 - 20;

    private final TcpdumpStyle style;
    private final TcpdumpTcpPrinter tcp;
    private final Ipv4Packet innerIp = new Ipv4Packet();
    private final TcpSegment innerTcp = new TcpSegment();
    private final UdpDatagram innerUdp = new UdpDatagram();
    private final IcmpMessage innerIcmp = new IcmpMessage();

    TcpdumpIpv4Printer(TcpdumpStyle style) {
        this.style = style;
        this.tcp = new TcpdumpTcpPrinter(style);
    }

    /** Dotted quad, as tcpdump {@code -n} prints addresses. */
    static StringBuilder address(StringBuilder out, int address) {
        return out.append(address >>> 24).append('.').append((address >>> 16) & 0xFF).append('.')
                .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF);
    }

    /**
     * Prints an IPv4 datagram. {@code ip} is wrapped over the captured bytes; {@code length} is what the layer
     * below says the datagram's length is; {@code snap} how many bytes were captured from its start;
     * {@code quoted} marks a datagram quoted inside an ICMP error (then its transport views are private).
     */
    void print(StringBuilder out, Dissection d, Ipv4Packet ip, int length, int snap, boolean quoted) {
        MemorySegment seg = ip.segment();
        long at = ip.offset();
        snap = Math.max(0, Math.min(snap, ip.availableLength()));
        if (snap < 1) {
            out.append(" [|ip]");
            return;
        }
        int version = Bytes.u8(seg, at) >>> 4;
        if (version != 4) {
            out.append(version == 6 ? "IP6, wrong link-layer encapsulation" : "IP" + version).append(" (invalid)");
            return;
        }
        if (!style.linkHeader()) {
            out.append("IP ");
        }
        if (snap < 20) {
            out.append(" [|ip]");
            return;
        }
        if (length < 20) {
            out.append("truncated-ip ").append(length);
            return;
        }
        int hlen = (Bytes.u8(seg, at) & 0xF) * 4;
        if (hlen < 20) {
            out.append("bad-hlen ").append(hlen);
            return;
        }
        int totalLength = Bytes.u16(seg, at + 2);
        if (length < totalLength) {
            out.append("truncated-ip - ").append(totalLength - length).append(" bytes missing! ");
        }
        if (totalLength < hlen) {
            out.append("bad-len ").append(totalLength);
            return;
        }
        // tcpdump cuts its view of the packet at the end of the IP datagram.
        snap = Math.min(snap, Math.min(length, totalLength));
        int payloadLength = totalLength - hlen;
        int off = Bytes.u16(seg, at + 6);
        int protocol = Bytes.u8(seg, at + 9);
        int source = Bytes.i32(seg, at + 12);
        int destination = Bytes.i32(seg, at + 16);
        if (style.verbosity() > 0) {
            int tos = Bytes.u8(seg, at + 1);
            out.append("(tos 0x").append(Integer.toHexString(tos));
            switch (tos & 0x03) {
                case 1 -> out.append(",ECT(1)");
                case 2 -> out.append(",ECT(0)");
                case 3 -> out.append(",CE");
                default -> {
                }
            }
            int ttl = Bytes.u8(seg, at + 8);
            if (ttl >= 1) {
                out.append(", ttl ").append(ttl);
            }
            out.append(", id ").append(Bytes.u16(seg, at + 4)).append(", offset ").append((off & IP_OFFMASK) * 8)
                    .append(", flags [");
            fragmentFlags(out, off);
            out.append("], proto ").append(TcpdumpNames.ipProtocol(protocol)).append(" (").append(protocol)
                    .append("), length ").append(totalLength);
            boolean truncated = false;
            if (hlen > 20) {
                out.append(", options (");
                if (!TcpdumpIpv4Options.print(out, seg, at + 20, hlen - 20, Math.max(0, snap - 20))) {
                    out.append(" [truncated-option]");
                    truncated = true;
                }
                out.append(')');
            }
            if (hlen <= snap) {
                int sum = InternetChecksum.sum(seg, at, hlen, 0);
                if (sum != InternetChecksum.VERIFIED) {
                    int field = Bytes.u16(seg, at + 10);
                    out.append(", bad cksum ").append(Integer.toHexString(field)).append(" (->")
                            .append(Integer.toHexString(shouldBe(field, sum))).append(")!");
                }
            }
            out.append(")\n    ");
            if (truncated) {
                address(out, source).append(" > ");
                address(out, destination).append(": ").append(" [|ip]");
                return;
            }
        }
        boolean moreFragments = (off & IP_MF) != 0;
        if ((off & IP_OFFMASK) == 0) {
            if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != 132 && protocol != 33) {
                address(out, source).append(" > ");
                address(out, destination).append(": ");
            }
            if (hlen > snap) {
                out.append(" [remaining caplen(").append(snap).append(") < header length(").append(hlen)
                        .append(")] [|ip]");
                return;
            }
            long payloadAt = at + hlen;
            int payloadSnap = Math.max(0, snap - hlen);
            // The transport checksums use a source route's final destination (tcpdump's ip_finddst).
            int sumDestination = Dissector.checksumDestination(seg, at, hlen, destination);
            switch (protocol) {
                case IpProtocol.TCP -> {
                    TcpSegment view = quoted ? innerTcp.wrap(seg, payloadAt, payloadSnap) : d.tcp();
                    tcp.print(out, view, payloadLength, payloadSnap, source, destination, sumDestination, moreFragments);
                }
                case IpProtocol.UDP -> {
                    UdpDatagram view = quoted ? innerUdp.wrap(seg, payloadAt, payloadSnap) : d.udp();
                    udp(out, view, payloadLength, payloadSnap, source, destination, sumDestination, moreFragments);
                }
                case IpProtocol.ICMP -> {
                    IcmpMessage view = quoted ? innerIcmp.wrap(seg, payloadAt, payloadSnap) : d.icmp();
                    icmp(out, d, view, payloadLength, payloadSnap, moreFragments);
                }
                default -> out.append(" ip-proto-").append(protocol).append(' ').append(payloadLength);
            }
        } else {
            address(out, source).append(" > ");
            address(out, destination).append(": ip-proto-").append(protocol);
        }
    }

    private static void fragmentFlags(StringBuilder out, int off) {
        int start = out.length();
        if ((off & IP_MF) != 0) {
            out.append('+');
        }
        if ((off & IP_DF) != 0) {
            out.append(out.length() > start ? ", " : "").append("DF");
        }
        if ((off & IP_RES) != 0) {
            out.append(out.length() > start ? ", " : "").append("rsvd");
        }
        if (out.length() == start) {
            out.append("none");
        }
    }

    /**
     * tcpdump's {@code in_cksum_shouldbe}: the checksum field value that would have verified, given the field
     * as received and the folded sum of the covered bytes with that field in (RFC 1624 §3).
     */
    static int shouldBe(int field, int foldedSum) {
        int computed = ~foldedSum & 0xFFFF;
        int v = field + computed;
        v = (v & 0xFFFF) + (v >>> 16);
        v = (v & 0xFFFF) + (v >>> 16);
        return v & 0xFFFF;
    }

    // ------------------------------------------------------------------ UDP

    /** tcpdump's {@code udp_print} at the transport layer: ports, {@code -vv} checksum verdict, length. */
    private void udp(StringBuilder out, UdpDatagram udp, int length, int snap, int source, int destination,
                     int sumDestination,
                     boolean fragmented) {
        MemorySegment seg = udp.segment();
        long at = udp.offset();
        if (snap < 4) {
            address(out, source).append(" > ");
            address(out, destination).append(": ").append(" [|udp]");
            return;
        }
        int sport = Bytes.u16(seg, at);
        int dport = Bytes.u16(seg, at + 2);
        if (length < 8) {
            ports(out, source, sport, destination, dport).append("truncated-udp ").append(length);
            return;
        }
        if (snap < 6) {
            ports(out, source, sport, destination, dport).append(" [|udp]");
            return;
        }
        int ulen = Bytes.u16(seg, at + 4);
        if (ulen < 8) {
            ports(out, source, sport, destination, dport).append("truncated-udplength ").append(ulen);
            return;
        }
        ulen -= 8;
        length -= 8;
        if (ulen < length) {
            length = ulen;
        }
        if (snap < 8) {
            ports(out, source, sport, destination, dport).append(" [|udp]");
            return;
        }
        ports(out, source, sport, destination, dport);
        if (style.verbosity() > 1 && !fragmented) {
            int field = Bytes.u16(seg, at + 6);
            if (field == 0) {
                out.append("[no cksum] ");
            } else if (snap - 8 >= length) {
                int sum = InternetChecksum.ipv4PseudoHeaderSum(source, sumDestination, IpProtocol.UDP, length + 8);
                sum = InternetChecksum.sum(seg, at, length + 8, sum);
                if (sum != InternetChecksum.VERIFIED) {
                    out.append("[bad udp cksum 0x");
                    TcpdumpFormatter.hex4(out, field).append(" -> 0x");
                    TcpdumpFormatter.hex4(out, shouldBe(field, sum)).append("!] ");
                } else {
                    out.append("[udp sum ok] ");
                }
            }
        }
        if (ulen > length && !fragmented) {
            out.append("UDP, bad length ").append(ulen).append(" > ").append(length);
        } else {
            out.append("UDP, length ").append(ulen);
        }
    }

    private static StringBuilder ports(StringBuilder out, int source, int sport, int destination, int dport) {
        address(out, source).append('.').append(sport).append(" > ");
        return address(out, destination).append('.').append(dport).append(": ");
    }

    // ------------------------------------------------------------------ ICMP

    /** tcpdump's {@code icmp_print} (RFC 792): the message summary, {@code -v} checksum and quoted datagram. */
    private void icmp(StringBuilder out, Dissection d, IcmpMessage icmp, int length, int snap, boolean fragmented) {
        MemorySegment seg = icmp.segment();
        long at = icmp.offset();
        if (snap < 2) {
            out.append(" [|icmp]");
            return;
        }
        int type = Bytes.u8(seg, at);
        int code = Bytes.u8(seg, at + 1);
        String text = icmpText(seg, at, type, code, snap);
        if (text == null) {
            out.append(" [|icmp]");
            return;
        }
        out.append("ICMP ").append(text).append(", length ").append(length);
        if (style.verbosity() > 0 && !fragmented && snap >= length && length >= 4) {
            int sum = InternetChecksum.sum(seg, at, length, 0);
            if (sum != InternetChecksum.VERIFIED) {
                int field = Bytes.u16(seg, at + 2);
                out.append(" (wrong icmp cksum ").append(Integer.toHexString(field)).append(" (->")
                        .append(Integer.toHexString(shouldBe(field, sum))).append(")!)");
            }
        }
        if (style.verbosity() > 0 && isError(type)) {
            out.append("\n\t");
            long innerAt = at + 8;
            int innerSnap = snap - 8;
            if (innerSnap < 4) {
                out.append(" [|icmp]");
                return;
            }
            int innerLength = Bytes.u16(seg, innerAt + 2);
            Ipv4Packet inner = innerIp.wrap(seg, innerAt, innerSnap);
            print(out, d, inner, innerLength, Math.min(innerSnap, innerLength), true);
            if (length > ICMP_EXTD_MINLEN && (type == 3 || type == 11 || type == 12)) {
                TcpdumpIcmpExtensions.print(out, seg, at, length, snap);
            }
        }
    }

    private static boolean isError(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** The text after "ICMP ", or null when the bytes it needs were not captured ({@code [|icmp]}). */
    private static String icmpText(MemorySegment seg, long at, int type, int code, int snap) {
        switch (type) {
            case 0, 8 -> {
                if (snap < 8) {
                    return null;
                }
                return "echo " + (type == 8 ? "request" : "reply") + ", id " + Bytes.u16(seg, at + 4) + ", seq "
                        + Bytes.u16(seg, at + 6);
            }
            case 3 -> {
                if (snap < 8 + 20) {
                    return null;
                }
                String dst = addressText(Bytes.i32(seg, at + 8 + 16));
                switch (code) {
                    case 0 -> {
                        return "net " + dst + " unreachable";
                    }
                    case 1 -> {
                        return "host " + dst + " unreachable";
                    }
                    case 2 -> {
                        return dst + " protocol " + Bytes.u8(seg, at + 8 + 9) + " unreachable";
                    }
                    case 3 -> {
                        int innerHlen = (Bytes.u8(seg, at + 8) & 0xF) * 4;
                        if (snap < 8 + innerHlen + 4) {
                            return null;
                        }
                        int dport = Bytes.u16(seg, at + 8 + innerHlen + 2);
                        int innerProtocol = Bytes.u8(seg, at + 8 + 9);
                        return switch (innerProtocol) {
                            case IpProtocol.TCP -> dst + " tcp port " + dport + " unreachable";
                            case IpProtocol.UDP -> dst + " udp port " + dport + " unreachable";
                            default -> dst + " protocol " + innerProtocol + " port " + dport + " unreachable";
                        };
                    }
                    case 4 -> {
                        int mtu = Bytes.u16(seg, at + 6);
                        return mtu != 0 ? dst + " unreachable - need to frag (mtu " + mtu + ")"
                                : dst + " unreachable - need to frag";
                    }
                    default -> {
                        String format = switch (code) {
                            case 5 -> "%s unreachable - source route failed";
                            case 6 -> "net %s unreachable - unknown";
                            case 7 -> "host %s unreachable - unknown";
                            case 8 -> "%s unreachable - source host isolated";
                            case 9 -> "net %s unreachable - admin prohibited";
                            case 10 -> "host %s unreachable - admin prohibited";
                            case 11 -> "net %s unreachable - tos prohibited";
                            case 12 -> "host %s unreachable - tos prohibited";
                            case 13 -> "host %s unreachable - admin prohibited filter";
                            case 14 -> "host %s unreachable - host precedence violation";
                            case 15 -> "host %s unreachable - precedence cutoff";
                            default -> "%s unreachable - #" + code;
                        };
                        return String.format(format, dst);
                    }
                }
            }
            case 5 -> {
                if (snap < 8 + 20) {
                    return null;
                }
                String dst = addressText(Bytes.i32(seg, at + 8 + 16));
                String gateway = addressText(Bytes.i32(seg, at + 4));
                return switch (code) {
                    case 0 -> "redirect " + dst + " to net " + gateway;
                    case 1 -> "redirect " + dst + " to host " + gateway;
                    case 2 -> "redirect-tos " + dst + " to net " + gateway;
                    case 3 -> "redirect-tos " + dst + " to host " + gateway;
                    default -> "redirect-#" + code + " " + dst + " to net " + gateway;
                };
            }
            case 11 -> {
                if (snap < 8 + 20) {
                    return null;
                }
                return switch (code) {
                    case 0 -> "time exceeded in-transit";
                    case 1 -> "ip reassembly time exceeded";
                    default -> "time exceeded-#" + code;
                };
            }
            case 12 -> {
                if (code != 0) {
                    return "parameter problem - code " + code;
                }
                if (snap < 5) {
                    return null;
                }
                return "parameter problem - octet " + Bytes.u8(seg, at + 4);
            }
            case 13 -> {
                if (snap < 8) {
                    return null;
                }
                return "time stamp query id " + Bytes.u16(seg, at + 4) + " seq " + Bytes.u16(seg, at + 6);
            }
            case 14 -> {
                if (snap < 20) {
                    return null;
                }
                return "time stamp reply id " + Bytes.u16(seg, at + 4) + " seq " + Bytes.u16(seg, at + 6)
                        + ": org " + icmpTimestamp(Bytes.u32(seg, at + 8))
                        + ", recv " + icmpTimestamp(Bytes.u32(seg, at + 12))
                        + ", xmit " + icmpTimestamp(Bytes.u32(seg, at + 16));
            }
            case 18 -> {
                if (snap < 12) {
                    return null;
                }
                return String.format("address mask is 0x%08x", Bytes.u32(seg, at + 8));
            }
            default -> {
                return switch (type) {
                    case 4 -> "source quench";
                    case 9 -> routerAdvertisement(seg, at, snap);
                    case 10 -> "router solicitation";
                    case 15 -> "information request";
                    case 16 -> "information reply";
                    case 17 -> "address mask request";
                    default -> "type-#" + type;
                };
            }
        }
    }

    /**
     * RFC 1256 §3 router advertisement: lifetime, number of addresses, then each address and preference when the
     * address entry size is 2 words; null (tcpdump's {@code [|icmp]}) when an entry is cut.
     */
    private static String routerAdvertisement(MemorySegment seg, long at, int snap) {
        if (snap < 8) {
            return null;
        }
        int count = Bytes.u8(seg, at + 4);
        int size = Bytes.u8(seg, at + 5);
        int lifetime = Bytes.u16(seg, at + 6);
        StringBuilder text = new StringBuilder("router advertisement lifetime ");
        if (lifetime < 60) {
            text.append(lifetime);
        } else if (lifetime < 3600) {
            text.append(String.format("%d:%02d", lifetime / 60, lifetime % 60));
        } else {
            text.append(String.format("%d:%02d:%02d", lifetime / 3600, lifetime % 3600 / 60, lifetime % 60));
        }
        text.append(' ').append(count).append(':');
        if (size != 2) {
            return text.append(" [size ").append(size).append(']').toString();
        }
        for (int i = 0; i < count; i++) {
            long entry = at + 8 + 8L * i;
            if (entry + 8 > at + snap) {
                return null;
            }
            text.append(" {");
            address(text, Bytes.i32(seg, entry)).append(' ').append(Bytes.u32(seg, entry + 4)).append('}');
        }
        return text.toString();
    }

    /** RFC 792 timestamps: milliseconds since midnight UT, printed as tcpdump does. */
    private static String icmpTimestamp(long millis) {
        long seconds = millis / 1000;
        return String.format("%02d:%02d:%02d.%03d", seconds / 3600, (seconds % 3600) / 60, seconds % 60,
                millis % 1000);
    }

    static String addressText(int address) {
        return address(new StringBuilder(15), address).toString();
    }
}
