package org.margay.decode;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.margay.decode.Dissection.Link;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.MacAddress;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ipv4.IpProtocol;

/**
 * Turns dissected frames into tab-separated rows of the fields {@code tshark -T fields} (4.0) prints for
 * Ethernet, VLAN, ARP, IPv4, ICMP, UDP and TCP, with raw sequence numbers and checksum verification on:
 * the same value formats ({@code 0x0800}, {@code 0x02}, dotted quads), empty cells for absent fields, and
 * several values of one field (an ICMP error's quoted IP header) joined by commas.
 *
 * <p>Like tshark, a header cut by the capture yields the fields whose bytes were captured, in the dissector's
 * order, and nothing after the first missing one. {@code frame.protocols}, {@code _ws.expert.message} and
 * {@code _ws.col.Info} are filled only roughly (no application layer, no expert analysis). Stateful: TCP window
 * scaling is tracked per connection, so one formatter must see a capture's frames in order. Cold path.
 */
public final class TsharkFieldsFormatter {
    /** The columns, in the order of the header line. */
    public static final List<String> COLUMNS = List.of(
            "frame.number", "frame.time_epoch", "frame.len", "frame.cap_len", "frame.protocols",
            "eth.src", "eth.dst", "eth.type", "vlan.id",
            "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4",
            "ip.version", "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags", "ip.frag_offset", "ip.ttl",
            "ip.proto", "ip.checksum", "ip.checksum.status", "ip.src", "ip.dst", "ip.reassembled_in",
            "icmp.type", "icmp.code", "icmp.checksum", "icmp.checksum.status", "icmp.ident", "icmp.seq",
            "udp.srcport", "udp.dstport", "udp.length", "udp.checksum", "udp.checksum.status",
            "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags",
            "tcp.window_size_value", "tcp.window_size_scalefactor", "tcp.checksum", "tcp.checksum.status",
            "tcp.urgent_pointer", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
            "tcp.options.sack_le", "tcp.options.sack_re", "tcp.options.timestamp.tsval",
            "tcp.options.timestamp.tsecr", "tcp.len", "_ws.expert.message", "_ws.col.Info");

    /** The columns that are not filled the way tshark fills them. */
    public static final List<String> APPROXIMATE_COLUMNS = List.of("frame.protocols", "_ws.expert.message",
            "_ws.col.Info");

    private static final int FRAME_NUMBER = 0;
    private static final int TIME_EPOCH = 1;
    private static final int FRAME_LEN = 2;
    private static final int CAP_LEN = 3;
    private static final int PROTOCOLS = 4;
    private static final int ETH_SRC = 5;
    private static final int ETH_DST = 6;
    private static final int ETH_TYPE = 7;
    private static final int VLAN_ID = 8;
    private static final int ARP_OPCODE = 9;
    private static final int ARP_SRC_HW = 10;
    private static final int ARP_SRC_IP = 11;
    private static final int ARP_DST_HW = 12;
    private static final int ARP_DST_IP = 13;
    private static final int IP_VERSION = 14;
    private static final int IP_HDR_LEN = 15;
    private static final int IP_DSFIELD = 16;
    private static final int IP_LEN = 17;
    private static final int IP_ID = 18;
    private static final int IP_FLAGS = 19;
    private static final int IP_FRAG_OFFSET = 20;
    private static final int IP_TTL = 21;
    private static final int IP_PROTO = 22;
    private static final int IP_CHECKSUM = 23;
    private static final int IP_CHECKSUM_STATUS = 24;
    private static final int IP_SRC = 25;
    private static final int IP_DST = 26;
    private static final int ICMP_TYPE = 28;
    private static final int ICMP_CODE = 29;
    private static final int ICMP_CHECKSUM = 30;
    private static final int ICMP_CHECKSUM_STATUS = 31;
    private static final int ICMP_IDENT = 32;
    private static final int ICMP_SEQ = 33;
    private static final int UDP_SRCPORT = 34;
    private static final int UDP_DSTPORT = 35;
    private static final int UDP_LENGTH = 36;
    private static final int UDP_CHECKSUM = 37;
    private static final int UDP_CHECKSUM_STATUS = 38;
    private static final int TCP_SRCPORT = 39;
    private static final int TCP_DSTPORT = 40;
    private static final int TCP_SEQ_RAW = 41;
    private static final int TCP_ACK_RAW = 42;
    private static final int TCP_HDR_LEN = 43;
    private static final int TCP_FLAGS = 44;
    private static final int TCP_WINDOW = 45;
    private static final int TCP_SCALEFACTOR = 46;
    private static final int TCP_CHECKSUM = 47;
    private static final int TCP_CHECKSUM_STATUS = 48;
    private static final int TCP_URGENT = 49;
    private static final int TCP_MSS = 50;
    private static final int TCP_WSCALE = 51;
    private static final int TCP_SACK_PERM = 52;
    private static final int TCP_SACK_LE = 53;
    private static final int TCP_SACK_RE = 54;
    private static final int TCP_TSVAL = 55;
    private static final int TCP_TSECR = 56;
    private static final int TCP_LEN = 57;
    private static final int INFO = 59;

    private final TsharkWindowScaling windowScaling = new TsharkWindowScaling();
    private final TsharkIpReassembly reassembly = new TsharkIpReassembly();
    private final StringBuilder[] cells = new StringBuilder[COLUMNS.size()];
    private final StringBuilder protocols = new StringBuilder();

    /** A formatter with fresh connection state. */
    public TsharkFieldsFormatter() {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new StringBuilder();
        }
    }

    /** The header line (column names joined by tabs), without a newline. */
    public static String header() {
        return String.join("\t", COLUMNS);
    }

    /** The row for one frame, without a newline. */
    public String format(long number, long seconds, int nanos, Dissection d) {
        StringBuilder out = new StringBuilder(256);
        format(number, seconds, nanos, d, out);
        return out.toString();
    }

    /** Appends the row for one frame (no newline) to {@code out}. */
    public void format(long number, long seconds, int nanos, Dissection d, StringBuilder out) {
        for (StringBuilder cell : cells) {
            cell.setLength(0);
        }
        protocols.setLength(0);
        set(FRAME_NUMBER, Long.toString(number));
        // Nanoseconds outside one second (never from a well-formed capture) carry into the seconds.
        String fraction = Integer.toString(Math.floorMod(nanos, 1_000_000_000));
        cells[TIME_EPOCH].append(seconds + Math.floorDiv(nanos, 1_000_000_000)).append('.')
                .repeat('0', 9 - fraction.length()).append(fraction);
        set(FRAME_LEN, Long.toString(d.originalLength()));
        set(CAP_LEN, Integer.toString(d.capturedLength()));
        int reportedAfterLink = (int) Math.min(Integer.MAX_VALUE, d.originalLength() - d.linkHeaderLength());
        protocol("eth", d.link() == Link.ETHERNET);
        switch (d.link()) {
            case ETHERNET -> ethernet(d, reportedAfterLink);
            case LINUX_SLL, LINUX_SLL2 -> {
                protocol("sll", true);
                network(d, d.networkType(), reportedAfterLink);
            }
            case NULL -> {
                protocol("null", true);
                if (d.nullFamily() == 2) {
                    ipv4(d, d.segment(), d.networkOffset(), d.networkCaptured(), reportedAfterLink, false);
                }
            }
            case RAW -> {
                protocol("raw", true);
                if (d.networkType() == 4 || d.linkType() == 228) {
                    ipv4(d, d.segment(), d.networkOffset(), d.networkCaptured(), reportedAfterLink, false);
                }
            }
            case PPP -> {
                protocol("ppp", true);
                if (d.networkType() == Dissector.PPP_IPV4) {
                    ipv4(d, d.segment(), d.networkOffset(), d.networkCaptured(), reportedAfterLink, false);
                }
            }
            default -> {
            }
        }
        cells[PROTOCOLS].append(protocols);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            out.append(cells[i]);
        }
    }

    private void set(int column, String value) {
        StringBuilder cell = cells[column];
        if (!cell.isEmpty()) {
            cell.append(',');
        }
        cell.append(value);
    }

    private void protocol(String name, boolean present) {
        if (present) {
            if (!protocols.isEmpty()) {
                protocols.append(':');
            }
            protocols.append(name);
        }
    }

    private static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0x" + "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    // ------------------------------------------------------------------ link

    private void ethernet(Dissection d, int reportedAfterLink) {
        MemorySegment seg = d.segment();
        long at = d.frameOffset();
        if (d.capturedLength() < 14) {
            cells[INFO].append("[Packet size limited during capture]");
            return;
        }
        set(ETH_DST, MacAddress.format(Bytes.u48(seg, at)));
        set(ETH_SRC, MacAddress.format(Bytes.u48(seg, at + 6)));
        int type = Bytes.u16(seg, at + 12);
        if (type <= EtherType.MAX_LENGTH_VALUE && type != 0) {
            protocol("llc", true); // an IEEE 802.3 length field: tshark shows eth.len, not eth.type
            return;
        }
        set(ETH_TYPE, hex(type, 4));
        protocol("ethertype", true);
        long p = at + 14;
        int left = d.capturedLength() - 14;
        while (type == EtherType.VLAN_8021Q || type == EtherType.QINQ_8021AD || type == EtherType.QINQ_LEGACY_9100) {
            // 802.1ad service tags are tshark's "ieee8021ad" protocol; only C-tags fill vlan.id, which tshark
            // shows as soon as the TCI (the tag's first 2 bytes) was captured, before it needs the next type.
            boolean customerTag = type != EtherType.QINQ_8021AD;
            if (customerTag && left >= 2) {
                set(VLAN_ID, Integer.toString(Bytes.u16(seg, p) & 0xFFF));
            }
            if (left < 4) {
                return;
            }
            protocol(customerTag ? "vlan" : "ieee8021ad", true);
            type = Bytes.u16(seg, p + 2);
            protocol("ethertype", true);
            p += 4;
            left -= 4;
        }
        network(d, type, reportedAfterLink);
    }

    private void network(Dissection d, int type, int reported) {
        switch (type) {
            case EtherType.IPV4 -> ipv4(d, d.segment(), d.networkOffset(), d.networkCaptured(), reported, false);
            case EtherType.ARP -> arp(d);
            case EtherType.IPV6 -> ipv6Version(d.segment(), d.networkOffset(), d.networkCaptured(), false);
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------ ARP

    private void arp(Dissection d) {
        protocol("arp", true);
        MemorySegment seg = d.segment();
        long at = d.networkOffset();
        int captured = d.networkCaptured();
        if (captured < 8) {
            return;
        }
        int hardwareLength = Bytes.u8(seg, at + 4);
        int protocolLength = Bytes.u8(seg, at + 5);
        int op = Bytes.u16(seg, at + 6);
        set(ARP_OPCODE, Integer.toString(op));
        long sha = at + 8;
        long spa = sha + hardwareLength;
        long tha = spa + protocolLength;
        long tpa = tha + hardwareLength;
        long end = at + captured;
        // tshark names the addresses "hw_mac" only for Ethernet-like hardware (1, 6) with 6-byte addresses, and
        // "proto_ipv4" only for protocol 0x0800 with 4-byte addresses (RFC 826 leaves both open).
        int hardware = Bytes.u16(seg, at);
        int protocolType = Bytes.u16(seg, at + 2);
        boolean ethernet = (hardware == 1 || hardware == 6) && hardwareLength == 6;
        boolean ipv4 = protocolType == EtherType.IPV4 && protocolLength == 4;
        boolean ethernetIpv4 = ethernet && ipv4;
        if (sha + hardwareLength > end || (ethernetIpv4 && (op == 1 || op == 2) && tpa + 4 > end)) {
            return; // tshark reads all four addresses of an Ethernet/IPv4 request or reply first
        }
        if (ethernet) {
            set(ARP_SRC_HW, MacAddress.format(Bytes.u48(seg, sha)));
        }
        if (spa + protocolLength > end) {
            return;
        }
        if (ipv4) {
            set(ARP_SRC_IP, TcpdumpIpv4Printer.addressText(Bytes.i32(seg, spa)));
        }
        if (tha + hardwareLength > end) {
            return;
        }
        if (ethernet) {
            set(ARP_DST_HW, MacAddress.format(Bytes.u48(seg, tha)));
        }
        if (tpa + protocolLength > end) {
            return;
        }
        if (ipv4) {
            set(ARP_DST_IP, TcpdumpIpv4Printer.addressText(Bytes.i32(seg, tpa)));
        }
        if (ethernetIpv4 && tpa + 4 <= end) {
            String spaText = TcpdumpIpv4Printer.addressText(Bytes.i32(seg, spa));
            String tpaText = TcpdumpIpv4Printer.addressText(Bytes.i32(seg, tpa));
            if (op == 1) {
                cells[INFO].append("Who has ").append(tpaText).append("? Tell ").append(spaText);
            } else if (op == 2) {
                cells[INFO].append(spaText).append(" is at ").append(MacAddress.format(Bytes.u48(seg, sha)));
            }
        }
    }

    // ------------------------------------------------------------------ IPv4

    /**
     * IPv6 is not decoded, but tshark reports its version nibble as ip.version: once from the IPv6 dissector,
     * and once more when the IPv4 dissector handed the packet over ({@code viaIpv4}).
     */
    private void ipv6Version(MemorySegment seg, long at, int captured, boolean viaIpv4) {
        if (captured >= 1) {
            protocol("ipv6", true);
            String version = Integer.toString(Bytes.u8(seg, at) >>> 4);
            set(IP_VERSION, version);
            if (viaIpv4) {
                set(IP_VERSION, version);
            }
        }
    }

    /**
     * tshark's IPv4 dissector over {@code captured} bytes at {@code at} whose reported (on-the-wire) length is
     * {@code reported}: fields in order while their bytes are present, the checksum verified when the whole
     * header was captured, then the transport unless the datagram is a fragment.
     */
    private void ipv4(Dissection d, MemorySegment seg, long at, int captured, int reported, boolean quoted) {
        protocol("ip", true);
        if (captured < 1) {
            return;
        }
        int first = Bytes.u8(seg, at);
        if ((first >>> 4) == 6) {
            ipv6Version(seg, at, captured, true);
            return;
        }
        set(IP_VERSION, Integer.toString(first >>> 4));
        if ((first >>> 4) != 4) {
            cells[INFO].append("Bogus IPv4 version (").append(first >>> 4).append(", must be 4)");
            return;
        }
        int hlen = (first & 0xF) * 4;
        set(IP_HDR_LEN, Integer.toString(hlen));
        if (hlen < 20) {
            cells[INFO].append("Bogus IP header length (").append(hlen).append(", must be at least 20)");
            return;
        }
        if (captured < 2) {
            return;
        }
        set(IP_DSFIELD, hex(Bytes.u8(seg, at + 1), 2));
        if (captured < 4) {
            return;
        }
        int ipLength = Bytes.u16(seg, at + 2);
        if (ipLength == 0) {
            ipLength = reported; // tshark assumes TCP segmentation offload: the length was left zero.
        }
        set(IP_LEN, Integer.toString(ipLength));
        if (ipLength < hlen) {
            return;
        }
        if (captured < 6) {
            return;
        }
        set(IP_ID, hex(Bytes.u16(seg, at + 4), 4));
        if (captured < 8) {
            return;
        }
        int off = Bytes.u16(seg, at + 6);
        set(IP_FLAGS, hex(off >>> 13, 2));
        set(IP_FRAG_OFFSET, Integer.toString(off & 0x1FFF));
        if (captured < 9) {
            return;
        }
        set(IP_TTL, Integer.toString(Bytes.u8(seg, at + 8)));
        if (captured < 10) {
            return;
        }
        int protocol = Bytes.u8(seg, at + 9);
        set(IP_PROTO, Integer.toString(protocol));
        if (captured < 12) {
            return;
        }
        set(IP_CHECKSUM, hex(Bytes.u16(seg, at + 10), 4));
        ChecksumStatus status = hlen <= captured
                ? (InternetChecksum.verifies(seg, at, hlen, 0) ? ChecksumStatus.GOOD : ChecksumStatus.BAD)
                : ChecksumStatus.UNVERIFIED;
        set(IP_CHECKSUM_STATUS, Integer.toString(status.tsharkCode()));
        if (captured < 16) {
            return;
        }
        int source = Bytes.i32(seg, at + 12);
        set(IP_SRC, TcpdumpIpv4Printer.addressText(source));
        if (captured < 20 || !optionWalkFits(seg, at, hlen, captured)) {
            // tshark walks the options (for a source route's final destination) before it shows ip.dst.
            cells[INFO].append("[Malformed Packet]");
            return;
        }
        // tshark shows a loose or strict source route's final destination as ip.dst (RFC 791 §3.1) and uses it
        // in the transport pseudo-header.
        int destination = Dissector.checksumDestination(seg, at, hlen, Bytes.i32(seg, at + 16));
        set(IP_DST, TcpdumpIpv4Printer.addressText(destination));
        int reportedIp = Math.min(ipLength, reported);
        int transportReported = reportedIp - hlen;
        int transportCaptured = Math.max(0, Math.min(captured, reportedIp) - hlen);
        long transportAt = at + hlen;
        boolean fragment = (off & 0x3FFF) != 0;
        // tshark reassembles a fragment only when it was captured whole and its header checksum is good;
        // otherwise a first fragment is dissected as it is (and its transport checksum is not checked).
        if (fragment && !quoted && ipLength > hlen && captured >= ipLength && status == ChecksumStatus.GOOD) {
            byte[] whole = reassembly.add(source, destination, Bytes.u16(seg, at + 4), protocol, (off & 0x1FFF) * 8,
                    (off & 0x2000) != 0, seg, transportAt, ipLength - hlen);
            if (whole != null) {
                transport(d, MemorySegment.ofArray(whole), 0, whole.length, whole.length, protocol, source,
                        destination, false, false);
                return;
            }
            fragmentInfo(seg, at, off, protocol);
            return;
        }
        if ((off & 0x1FFF) != 0) {
            fragmentInfo(seg, at, off, protocol);
            return;
        }
        if (transportCaptured == 0 && transportReported > 0) {
            cells[INFO].append("[Packet size limited during capture]");
            return;
        }
        transport(d, seg, transportAt, transportCaptured, transportReported, protocol, source, destination, quoted,
                fragment);
    }

    /**
     * Whether tshark's walk over the IPv4 options (kind and length bytes only, RFC 791 §3.1, looking for a
     * loose or strict source route) stays inside the captured bytes.
     */
    private static boolean optionWalkFits(MemorySegment seg, long at, int hlen, int captured) {
        int pos = 20;
        while (pos < hlen) {
            if (pos >= captured) {
                return false;
            }
            int kind = Bytes.u8(seg, at + pos);
            if (kind == 0) {
                return true;
            }
            if (kind == 1) {
                pos++;
                continue;
            }
            if (pos + 1 >= captured) {
                return false;
            }
            int length = Bytes.u8(seg, at + pos + 1);
            if (length < 2) {
                return true;
            }
            pos += length;
        }
        return true;
    }

    private void fragmentInfo(MemorySegment seg, long at, int off, int protocol) {
        cells[INFO].append("Fragmented IP protocol (proto=").append(TcpdumpNames.ipProtocol(protocol)).append(' ')
                .append(protocol).append(", off=").append((off & 0x1FFF) * 8).append(", ID=")
                .append(hex(Bytes.u16(seg, at + 4), 4).substring(2)).append(')');
    }

    private void transport(Dissection d, MemorySegment seg, long transportAt, int transportCaptured,
                           int transportReported, int protocol, int source, int destination, boolean quoted,
                           boolean fragment) {
        switch (protocol) {
            case IpProtocol.ICMP -> icmp(d, seg, transportAt, transportCaptured, transportReported, quoted || fragment);
            case IpProtocol.UDP -> udp(seg, transportAt, transportCaptured, transportReported, source, destination,
                    fragment);
            case IpProtocol.TCP -> tcp(seg, transportAt, transportCaptured, transportReported, source, destination,
                    quoted, fragment);
            case IpProtocol.IPIP -> ipv4(d, seg, transportAt, transportCaptured, transportReported, quoted);
            default -> protocol("data", transportReported > 0);
        }
    }

    // ------------------------------------------------------------------ ICMP

    private void icmp(Dissection d, MemorySegment seg, long at, int captured, int reported, boolean quoted) {
        protocol("icmp", true);
        if (captured < 6) {
            return; // tshark reads the RFC 4884 length (byte 5) before it shows any field
        }
        int type = Bytes.u8(seg, at);
        set(ICMP_TYPE, Integer.toString(type));
        if (captured < 2) {
            return;
        }
        set(ICMP_CODE, Integer.toString(Bytes.u8(seg, at + 1)));
        if (captured < 4) {
            return;
        }
        set(ICMP_CHECKSUM, hex(Bytes.u16(seg, at + 2), 4));
        ChecksumStatus status = quoted || captured < reported
                ? ChecksumStatus.UNVERIFIED
                : InternetChecksum.verifies(seg, at, reported, 0) ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        set(ICMP_CHECKSUM_STATUS, Integer.toString(status.tsharkCode()));
        boolean truncated = captured < reported;
        switch (type) {
            case 42, 43 -> {
                // RFC 8335 extended echo: a 16-bit identifier, then an 8-bit sequence number.
                if (captured >= 6) {
                    set(ICMP_IDENT, Integer.toString(Bytes.u16(seg, at + 4)));
                }
            }
            case 0, 8, 13, 14, 15, 16, 17, 18 -> {
                if (captured >= 6) {
                    set(ICMP_IDENT, Integer.toString(Bytes.u16(seg, at + 4)));
                }
                if (captured >= 8) {
                    set(ICMP_SEQ, Integer.toString(Bytes.u16(seg, at + 6)));
                }
                if (!quoted) {
                    cells[INFO].append(type == 8 ? "Echo (ping) request" : type == 0 ? "Echo (ping) reply" : "ICMP");
                }
            }
            case 3, 4, 5, 11, 12 -> {
                if (!quoted) {
                    cells[INFO].append(switch (type) {
                        case 3 -> "Destination unreachable";
                        case 11 -> "Time-to-live exceeded";
                        case 5 -> "Redirect";
                        case 4 -> "Source quench";
                        default -> "Parameter problem";
                    });
                }
                if (!quoted && captured > 8) {
                    // RFC 4884: with a length field, only that many words belong to the quoted datagram.
                    int declared = Bytes.u8(seg, at + 5) * 4;
                    int innerReported = declared > 0 && declared <= reported - 8 && (type == 3 || type == 11 || type == 12)
                            ? declared : Math.max(0, reported - 8);
                    ipv4(d, seg, at + 8, Math.min(captured - 8, innerReported), innerReported, true);
                }
            }
            default -> {
                if (!quoted) {
                    cells[INFO].append("Unknown ICMP (obsolete or malformed?)");
                }
            }
        }
        if (truncated && !quoted) {
            cells[INFO].append(" [Packet size limited during capture]");
        }
    }

    // ------------------------------------------------------------------ UDP

    private void udp(MemorySegment seg, long at, int captured, int reported, int source, int destination,
                     boolean fragment) {
        protocol("udp", true);
        if (captured < 4) {
            return;
        }
        int sport = Bytes.u16(seg, at);
        int dport = Bytes.u16(seg, at + 2);
        set(UDP_SRCPORT, Integer.toString(sport));
        set(UDP_DSTPORT, Integer.toString(dport));
        if (captured < 6) {
            return;
        }
        int length = Bytes.u16(seg, at + 4);
        set(UDP_LENGTH, Integer.toString(length));
        if (captured < 8) {
            return;
        }
        int checksum = Bytes.u16(seg, at + 6);
        set(UDP_CHECKSUM, hex(checksum, 4));
        ChecksumStatus status;
        if (checksum == 0) {
            status = ChecksumStatus.NOT_PRESENT; // RFC 768: no checksum was computed.
        } else if (!fragment && captured >= reported && reported >= length && length >= 8) {
            int sum = InternetChecksum.ipv4PseudoHeaderSum(source, destination, IpProtocol.UDP, length);
            status = InternetChecksum.verifies(seg, at, length, sum) ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        } else {
            status = ChecksumStatus.UNVERIFIED;
        }
        set(UDP_CHECKSUM_STATUS, Integer.toString(status.tsharkCode()));
        if (cells[INFO].isEmpty()) {
            cells[INFO].append(sport).append(" \u2192 ").append(dport).append(" Len=").append(Math.max(0, length - 8));
        }
        protocol("data", length > 8);
    }

    // ------------------------------------------------------------------ TCP

    private void tcp(MemorySegment seg, long at, int captured, int reported, int source, int destination,
                     boolean quoted, boolean fragment) {
        protocol("tcp", true);
        if (captured < 4) {
            return;
        }
        int sport = Bytes.u16(seg, at);
        int dport = Bytes.u16(seg, at + 2);
        set(TCP_SRCPORT, Integer.toString(sport));
        set(TCP_DSTPORT, Integer.toString(dport));
        if (captured < 16) {
            cells[INFO].append(sport).append(" \u2192 ").append(dport).append("[Packet size limited during capture]");
            return;
        }
        int seq = Bytes.i32(seg, at + 4);
        int ack = Bytes.i32(seg, at + 8);
        int hlen = (Bytes.u8(seg, at + 12) >>> 4) * 4;
        int flags = Bytes.u16(seg, at + 12) & 0x0FFF;
        int window = Bytes.u16(seg, at + 14);
        set(TCP_SEQ_RAW, Integer.toUnsignedString(seq));
        if (hlen < 20) {
            // tshark: "bogus TCP header length"; it shows the header length and the segment length only.
            set(TCP_HDR_LEN, Integer.toString(hlen));
            set(TCP_LEN, Integer.toString(reported - hlen));
            return;
        }
        set(TCP_ACK_RAW, Integer.toUnsignedString(ack));
        set(TCP_HDR_LEN, Integer.toString(hlen));
        set(TCP_FLAGS, hex(flags, 4));
        set(TCP_WINDOW, Integer.toString(window));
        if (hlen <= reported && !fragment) {
            set(TCP_LEN, Integer.toString(reported - hlen)); // unknown for a fragment; a "short segment" otherwise
        }
        TsharkWindowScaling.Segment scaling = quoted ? null
                : windowScaling.segment(source, sport, destination, dport, flags, seq, ack);
        if (scaling != null && (flags & 0x02) == 0) {
            set(TCP_SCALEFACTOR, Integer.toString(scaling.scaleFactor()));
        }
        int segmentLength = reported - hlen;
        if (captured < 18) {
            return;
        }
        set(TCP_CHECKSUM, hex(Bytes.u16(seg, at + 16), 4));
        ChecksumStatus status = ChecksumStatus.UNVERIFIED;
        if (!quoted && !fragment && captured >= reported) {
            // RFC 9293 §3.1: over the pseudo-header and the whole segment the IP header announces.
            int sum = InternetChecksum.ipv4PseudoHeaderSum(source, destination, IpProtocol.TCP, reported);
            status = InternetChecksum.verifies(seg, at, reported, sum) ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
        }
        set(TCP_CHECKSUM_STATUS, Integer.toString(status.tsharkCode()));
        if (captured < 20) {
            return;
        }
        set(TCP_URGENT, Integer.toString(Bytes.u16(seg, at + 18)));
        boolean optionsCut = hlen > 20 && !options(seg, at + 20, hlen - 20, Math.min(captured, reported) - 20, scaling);
        // An option cut by the capture ends tshark's TCP dissection with an exception, before its window
        // scaling check: a SYN whose options were cut settles nothing.
        if (scaling != null && !optionsCut) {
            scaling.afterOptions((flags & 0x02) != 0, (flags & 0x10) != 0);
        }
        if (!quoted) {
            info(sport, dport, flags, seq, ack, window, segmentLength);
        }
        protocol("data", segmentLength > 0);
    }

    /**
     * tshark's TCP option walk: each known option adds its fields when its bytes were captured; the walk stops
     * at the first option cut by the capture or with an impossible length. Returns false when an option was cut
     * by the capture (where tshark stops dissecting with an exception), true otherwise.
     */
    private boolean options(MemorySegment seg, long at, int length, int captured, TsharkWindowScaling.Segment scaling) {
        int pos = 0;
        while (pos < length) {
            if (pos >= captured) {
                return false;
            }
            int kind = Bytes.u8(seg, at + pos);
            if (kind == 0) {
                return true; // EOL: the rest is padding
            }
            if (kind == 1) {
                pos++;
                continue;
            }
            if (pos + 1 >= length) {
                return true;
            }
            if (pos + 1 >= captured) {
                return false;
            }
            int optionLength = Bytes.u8(seg, at + pos + 1);
            if (optionLength < 2 || pos + optionLength > length) {
                return true;
            }
            // Fields are added one by one while their bytes were captured; a cut option ends the walk.
            int dataCaptured = captured - pos - 2;
            long data = at + pos + 2;
            switch (kind) {
                case 2 -> {
                    if (optionLength != 4) {
                        return true;
                    }
                    if (dataCaptured < 2) {
                        return false;
                    }
                    set(TCP_MSS, Integer.toString(Bytes.u16(seg, data)));
                }
                case 3 -> {
                    if (optionLength != 3) {
                        return true;
                    }
                    if (dataCaptured < 1) {
                        return false;
                    }
                    int shift = Bytes.u8(seg, data);
                    set(TCP_WSCALE, Integer.toString(shift));
                    if (scaling != null) {
                        scaling.windowScaleOption(shift);
                    }
                }
                case 4 -> {
                    if (optionLength != 2) {
                        return true;
                    }
                    set(TCP_SACK_PERM, Bytes.hex(seg, at + pos, 2));
                }
                case 5 -> {
                    for (int i = 0; i + 8 <= optionLength - 2; i += 8) {
                        if (dataCaptured < i + 4) {
                            return false;
                        }
                        set(TCP_SACK_LE, Long.toString(Bytes.u32(seg, data + i)));
                        if (dataCaptured < i + 8) {
                            return false;
                        }
                        set(TCP_SACK_RE, Long.toString(Bytes.u32(seg, data + i + 4)));
                    }
                }
                case 8 -> {
                    if (optionLength != 10) {
                        return true;
                    }
                    if (dataCaptured < 4) {
                        return false;
                    }
                    set(TCP_TSVAL, Long.toString(Bytes.u32(seg, data)));
                    if (dataCaptured < 8) {
                        return false;
                    }
                    set(TCP_TSECR, Long.toString(Bytes.u32(seg, data + 4)));
                }
                default -> {
                }
            }
            if (dataCaptured < optionLength - 2) {
                return false;
            }
            pos += optionLength;
        }
        return true;
    }

    private void info(int sport, int dport, int flags, int seq, int ack, int window, int length) {
        StringBuilder info = cells[INFO];
        if (!info.isEmpty()) {
            return;
        }
        info.append(sport).append(" \u2192 ").append(dport).append(" [");
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
        boolean firstName = true;
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                info.append(firstName ? "" : ", ").append(names[bit]);
                firstName = false;
            }
        }
        info.append("] Seq=").append(Integer.toUnsignedString(seq));
        if ((flags & 0x10) != 0) {
            info.append(" Ack=").append(Integer.toUnsignedString(ack));
        }
        info.append(" Win=").append(window).append(" Len=").append(Math.max(0, length));
    }

}
