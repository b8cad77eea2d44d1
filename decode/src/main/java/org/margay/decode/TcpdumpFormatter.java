package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.MacAddress;
import org.margay.net.ethernet.EtherType;

/**
 * Turns dissected frames into the lines {@code tcpdump -n} (4.99) prints for them: timestamp, optional link
 * header ({@code -e}), ARP, IPv4 with its verbose header line ({@code -v}), ICMP, UDP and TCP (flags, relative
 * sequence numbers, window, options, length). Application payloads are not decoded: where tcpdump would
 * print DNS or HTTP, this prints the transport summary ({@code UDP, length 41}).
 *
 * <p>Stateful like tcpdump: TCP sequence numbers are shown relative to the first segment with ACK of each
 * connection, so one formatter must see a capture's frames in order. Cold path: it builds strings.
 */
public final class TcpdumpFormatter {
    private final TcpdumpStyle style;
    private final TcpdumpIpv4Printer ipv4;
    private final InterfaceNames interfaceNames = new InterfaceNames();

    /** A formatter with the given tcpdump options. */
    public TcpdumpFormatter(TcpdumpStyle style) {
        this.style = java.util.Objects.requireNonNull(style, "style");
        this.ipv4 = new TcpdumpIpv4Printer(style);
    }

    /** The options this formatter prints with. */
    public TcpdumpStyle style() {
        return style;
    }

    /**
     * The text for one frame: one line, or more with {@code -v} (the IP header line, ICMP-quoted datagrams),
     * ending with a newline.
     *
     * @param number  the frame's 1-based number in the capture (printed with {@code -#})
     * @param seconds epoch seconds of its timestamp
     * @param nanos   nanoseconds within the second
     */
    public String format(long number, long seconds, int nanos, Dissection d) {
        StringBuilder out = new StringBuilder(160);
        format(number, seconds, nanos, d, out);
        return out.toString();
    }

    /** Appends the text for one frame to {@code out} (see {@link #format(long, long, int, Dissection)}). */
    public void format(long number, long seconds, int nanos, Dissection d, StringBuilder out) {
        if (style.packetNumbers()) {
            String n = Long.toString(number);
            out.repeat(' ', Math.max(0, 5 - n.length())).append(n).append("  ");
        }
        if (d.capturedLength() == 0) {
            out.append(d.originalLength() == 0 ? "[Invalid header: caplen==0, len==0]" : "[Invalid header: caplen==0]")
                    .append('\n');
            return;
        }
        appendTimestamp(out, seconds, nanos, style.timestamps());
        switch (d.link()) {
            case ETHERNET -> ethernet(out, d);
            case LINUX_SLL -> linuxCooked(out, d);
            case LINUX_SLL2 -> linuxCooked2(out, d);
            case NULL -> loopback(out, d);
            case RAW -> raw(out, d);
            case PPP -> ppp(out, d);
            default -> out.append("[|link-type ").append(d.linkType()).append(']');
        }
        out.append('\n');
    }

    /**
     * Appends a tcpdump timestamp and the space after it (nothing for {@link TimestampFormat#NONE}). Any
     * {@code long} seconds and any {@code int} nanoseconds give text: nanoseconds outside one second carry into
     * the seconds, and dates use plain proleptic-Gregorian arithmetic (no {@code java.time} range limits), since
     * pcapng's {@code if_tsoffset} can push a timestamp anywhere.
     */
    static void appendTimestamp(StringBuilder out, long seconds, int nanos, TimestampFormat format) {
        long second = seconds + Math.floorDiv(nanos, 1_000_000_000);
        int micros = Math.floorMod(nanos, 1_000_000_000) / 1000;
        switch (format) {
            case NONE -> {
                return;
            }
            case EPOCH -> out.append(second).append('.');
            case TIME_OF_DAY -> timeOfDay(out, second).append('.');
            case DATE_AND_TIME -> {
                CivilDate.append(out, Math.floorDiv(second, 86_400L)).append(' ');
                timeOfDay(out, second).append('.');
            }
        }
        String m = Integer.toString(micros);
        out.repeat('0', 6 - m.length()).append(m).append(' ');
    }

    private static StringBuilder timeOfDay(StringBuilder out, long seconds) {
        long day = Math.floorMod(seconds, 86_400L);
        twoDigits(out, (int) (day / 3600)).append(':');
        twoDigits(out, (int) (day / 60 % 60)).append(':');
        return twoDigits(out, (int) (day % 60));
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    // ------------------------------------------------------------------ links

    /** tcpdump's {@code ether_print}: addresses and EtherType with {@code -e}, VLAN tags, then the payload. */
    private void ethernet(StringBuilder out, Dissection d) {
        MemorySegment seg = d.segment();
        long at = d.frameOffset();
        int caplen = d.capturedLength();
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (caplen < 14 || length < 14) {
            out.append(" [|ether]");
            return;
        }
        long source = Bytes.u48(seg, at + 6);
        long destination = Bytes.u48(seg, at);
        int type = Bytes.u16(seg, at + 12);
        boolean e = style.linkHeader();
        if (e) {
            out.append(MacAddress.format(source)).append(" > ").append(MacAddress.format(destination)).append(", ");
        }
        if (type <= EtherType.MAX_LENGTH_VALUE) {
            // IEEE 802.3 length field: an LLC frame, which this decoder does not read.
            if (!e) {
                out.append(MacAddress.format(source)).append(" > ").append(MacAddress.format(destination))
                        .append(", ");
            }
            out.append("802.3, length ").append(type).append(": LLC");
            return;
        }
        // tcpdump's ether_common_print: the first type and the frame length come after the first VLAN tag was
        // found captured, so a cut tag shows the addresses only.
        boolean printedLength = false;
        if (e && !isVlanTpid(type)) {
            appendEtherType(out, type).append(", length ").append(length).append(": ");
            printedLength = true;
        }
        int frameLength = length;
        int tags = 0;
        long p = at + 14;
        length -= 14;
        caplen -= 14;
        while (isVlanTpid(type)) {
            if (caplen < 4 || length < 4) {
                out.append(" [|vlan]");
                return;
            }
            int tci = Bytes.u16(seg, p);
            if (e && !printedLength) {
                appendEtherType(out, type).append(", length ").append(frameLength).append(": ");
                printedLength = true;
            } else if (e && tags > 0) {
                appendEtherType(out, type).append(", "); // an inner tag's TPID, once it was found captured
            }
            tags++;
            if (e) {
                out.append("vlan ").append(tci & 0xFFF).append(", p ").append(tci >>> 13);
                if ((tci & 0x1000) != 0) {
                    out.append(", DEI");
                }
                out.append(", ");
            }
            type = Bytes.u16(seg, p + 2);
            if (e && type > EtherType.MAX_LENGTH_VALUE && !isVlanTpid(type)) {
                appendEtherType(out, type).append(", ");
            }
            p += 4;
            length -= 4;
            caplen -= 4;
        }
        switch (type) {
            case EtherType.IPV4 -> ipv4.print(out, d, d.ip(), length, caplen, false);
            case EtherType.ARP, EtherType.RARP -> arp(out, seg, p, length, caplen);
            default -> {
                if (!e) {
                    out.append(MacAddress.format(source)).append(" > ").append(MacAddress.format(destination))
                            .append(", ");
                    appendEtherType(out, type).append(", length ").append(d.originalLength()).append(": ");
                }
                if (TcpdumpHexDump.unknownEtherType(type)) {
                    TcpdumpHexDump.append(out, seg, p, Math.max(0, caplen));
                }
            }
        }
    }

    private static boolean isVlanTpid(int type) {
        return type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200;
    }

    private StringBuilder appendEtherType(StringBuilder out, int type) {
        String name = TcpdumpNames.etherType(type);
        if (style.quiet()) {
            if (name != null) {
                return out.append(name);
            }
            out.append("Unknown Ethertype (0x");
            return hex4(out, type).append(')');
        }
        out.append("ethertype ").append(name == null ? "Unknown" : name).append(" (0x");
        return hex4(out, type).append(')');
    }

    static StringBuilder hex4(StringBuilder out, int value) {
        String h = Integer.toHexString(value & 0xFFFF);
        return out.repeat('0', 4 - h.length()).append(h);
    }

    /** tcpdump's {@code sll_if_print}: packet direction and protocol with {@code -e}, then the payload. */
    private void linuxCooked(StringBuilder out, Dissection d) {
        int caplen = d.capturedLength();
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (caplen < Dissector.SLL_HEADER_LENGTH) {
            out.append(" [|sll]");
            return;
        }
        int protocol = d.networkType();
        if (style.linkHeader()) {
            sllHeader(out, d, protocol, length);
        }
        int payloadLength = length - Dissector.SLL_HEADER_LENGTH;
        int payloadCaptured = caplen - Dissector.SLL_HEADER_LENGTH;
        switch (protocol) {
            case EtherType.IPV4 -> ipv4.print(out, d, d.ip(), payloadLength, payloadCaptured, false);
            case EtherType.ARP, EtherType.RARP ->
                    arp(out, d.segment(), d.networkOffset(), payloadLength, payloadCaptured);
            default -> {
                if (!style.linkHeader()) {
                    sllHeader(out, d, protocol, length);
                }
                if (protocol > EtherType.MAX_LENGTH_VALUE && TcpdumpHexDump.unknownEtherType(protocol)) {
                    TcpdumpHexDump.append(out, d.segment(), d.networkOffset(), Math.max(0, payloadCaptured));
                }
            }
        }
    }

    /**
     * tcpdump 4.99's {@code sll2_if_print}: the capturing interface's name as this host knows its index ("?"
     * when it does not) and the packet direction, then with {@code -e} the index, address and protocol, then
     * the payload.
     */
    private void linuxCooked2(StringBuilder out, Dissection d) {
        int caplen = d.capturedLength();
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (caplen < Dissector.SLL2_HEADER_LENGTH) {
            out.append(" [|sll2_if]");
            return;
        }
        String name = interfaceNames.name(d.sllInterfaceIndex());
        out.append(name).repeat(' ', Math.max(0, 5 - name.length())).append(' ');
        String type = TcpdumpNames.sllPacketType(d.sllPacketType());
        out.append(type).repeat(' ', Math.max(0, 3 - type.length())).append(' ');
        int protocol = d.networkType();
        if (style.linkHeader()) {
            sll2Header(out, d, protocol, length);
        }
        int payloadLength = length - Dissector.SLL2_HEADER_LENGTH;
        int payloadCaptured = caplen - Dissector.SLL2_HEADER_LENGTH;
        switch (protocol) {
            case EtherType.IPV4 -> ipv4.print(out, d, d.ip(), payloadLength, payloadCaptured, false);
            case EtherType.ARP, EtherType.RARP ->
                    arp(out, d.segment(), d.networkOffset(), payloadLength, payloadCaptured);
            default -> {
                if (protocol > EtherType.MAX_LENGTH_VALUE && TcpdumpHexDump.unknownEtherType(protocol)) {
                    if (!style.linkHeader()) {
                        // tcpdump 4.99 passes the v1 header length here, so the length shown is 4 short.
                        sll2Header(out, d, protocol, payloadLength + Dissector.SLL_HEADER_LENGTH);
                    }
                    TcpdumpHexDump.append(out, d.segment(), d.networkOffset(), Math.max(0, payloadCaptured));
                }
            }
        }
    }

    private void sll2Header(StringBuilder out, Dissection d, int protocol, int length) {
        out.append("ifindex ").append(d.sllInterfaceIndex()).append(' ');
        if (d.sllAddressLength() == 6) {
            out.append(MacAddress.format(Bytes.u48(d.segment(), d.frameOffset() + Dissector.SLL2_ADDRESS_OFFSET)))
                    .append(' ');
        }
        if (style.quiet()) {
            return;
        }
        if (protocol <= EtherType.MAX_LENGTH_VALUE) {
            out.append(switch (protocol) {
                case 1 -> "802.3";
                case 4 -> "802.2";
                default -> "ethertype Unknown (0x" + hex4(new StringBuilder(), protocol) + ")";
            });
        } else {
            appendEtherType(out, protocol);
        }
        out.append(", length ").append(length).append(": ");
    }

    private void sllHeader(StringBuilder out, Dissection d, int protocol, int length) {
        String type = TcpdumpNames.sllPacketType(d.sllPacketType());
        out.repeat(' ', Math.max(0, 3 - type.length())).append(type).append(' ');
        int addressLength = Math.min(d.sllAddressLength(), 8);
        if (addressLength > 0) {
            for (int i = 0; i < addressLength; i++) {
                if (i > 0) {
                    out.append(':');
                }
                int b = Bytes.u8(d.segment(), d.frameOffset() + 6 + i);
                out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            out.append(' ');
        }
        if (style.quiet()) {
            return;
        }
        if (protocol <= EtherType.MAX_LENGTH_VALUE) {
            out.append("ethertype Unknown (0x");
            hex4(out, protocol).append(')');
        } else {
            appendEtherType(out, protocol);
        }
        out.append(", length ").append(length).append(": ");
    }

    /** tcpdump's {@code null_if_print}: the address family with {@code -e}, then the payload. */
    private void loopback(StringBuilder out, Dissection d) {
        int caplen = d.capturedLength();
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (caplen < Dissector.NULL_HEADER_LENGTH) {
            out.append(" [|null]");
            return;
        }
        int family = d.nullFamily();
        if (style.linkHeader() || family != 2) {
            if (style.quiet()) {
                out.append(TcpdumpNames.bsdAddressFamily(family));
            } else {
                out.append("AF ").append(TcpdumpNames.bsdAddressFamily(family)).append(" (").append(family).append(')');
            }
            out.append(", length ").append(length).append(": ");
        }
        if (family == 2) {
            ipv4.print(out, d, d.ip(), length - Dissector.NULL_HEADER_LENGTH,
                    caplen - Dissector.NULL_HEADER_LENGTH, false);
        }
    }

    /** tcpdump's {@code raw_if_print}: "ip: " with {@code -e}, then IPv4. */
    private void raw(StringBuilder out, Dissection d) {
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (style.linkHeader()) {
            out.append("ip: ");
        }
        if (d.capturedLength() < 1) {
            out.append(" [|ip]");
            return;
        }
        int version = d.networkType();
        if (version == 4 || d.linkType() == 228) {
            ipv4.print(out, d, d.ip(), length, d.capturedLength(), false);
        } else if (version == 6) {
            out.append("IP6 [|ip6]");
        } else {
            out.append("unknown ip ").append(version); // tcpdump's ipN_print
        }
    }

    /** tcpdump's {@code ppp_print}: protocol and length with {@code -e}, then the payload. */
    private void ppp(StringBuilder out, Dissection d) {
        if (!d.linkComplete()) {
            out.append(" [|ppp]");
            return;
        }
        int protocol = d.networkType();
        int length = (int) Math.min(Integer.MAX_VALUE, d.originalLength());
        if (style.linkHeader()) {
            String name = TcpdumpNames.pppProtocol(protocol);
            out.append(name).append(" (0x");
            hex4(out, protocol).append("), length ").append(length);
            if (name.equals("unknown")) {
                return;
            }
            out.append(": ");
        }
        if (protocol == Dissector.PPP_IPV4) {
            ipv4.print(out, d, d.ip(), length - d.linkHeaderLength(), d.capturedLength() - d.linkHeaderLength(),
                    false);
        } else if (!style.linkHeader()) {
            out.append("PPP-#").append(protocol);
        }
    }

    // ------------------------------------------------------------------ ARP

    /**
     * tcpdump's {@code arp_print} (RFC 826): "Request who-has A tell B" / "Reply A is-at MAC", with the
     * hardware and protocol types when verbose or unusual, and the length the link layer handed over.
     */
    private void arp(StringBuilder out, MemorySegment seg, long at, int length, int caplen) {
        if (caplen < 8) {
            out.append(" [|arp]");
            return;
        }
        int hardware = Bytes.u16(seg, at);
        int protocol = Bytes.u16(seg, at + 2);
        int hardwareLength = Bytes.u8(seg, at + 4);
        int protocolLength = Bytes.u8(seg, at + 5);
        int op = Bytes.u16(seg, at + 6);
        long sha = at + 8;
        long spa = sha + hardwareLength;
        long tha = spa + protocolLength;
        long tpa = tha + hardwareLength;
        if (8 + 2L * hardwareLength + 2L * protocolLength > caplen) {
            out.append(" [|arp]");
            return;
        }
        if (!style.linkHeader()) {
            out.append("ARP, ");
        }
        boolean ipv4Protocol = protocol == EtherType.IPV4 || protocol == 0x1000;
        boolean verbose = style.verbosity() > 0;
        if (!ipv4Protocol || protocolLength != 4 || hardwareLength == 0 || verbose) {
            String hw = TcpdumpNames.arpHardware(hardware);
            String pr = TcpdumpNames.etherType(protocol);
            out.append(hw == null ? "Unknown Hardware (" + hardware + ")" : hw).append(" (len ")
                    .append(hardwareLength).append("), ");
            if (pr == null) {
                out.append("Unknown Protocol (0x");
                hex4(out, protocol).append(')');
            } else {
                out.append(pr);
            }
            out.append(" (len ").append(protocolLength).append(')');
            if (!verbose) {
                out.append(", length ").append(length);
                return;
            }
        }
        String opName = TcpdumpNames.arpOperation(op);
        out.append(verbose ? ", " : "").append(opName == null ? "Unknown (" + op + ")" : opName).append(' ');
        switch (op) {
            case 1 -> {
                out.append("who-has ");
                protocolAddress(out, seg, tpa, protocol, protocolLength);
                if (!allZero(seg, tha, hardwareLength)) {
                    out.append(" (");
                    linkAddress(out, seg, tha, hardwareLength);
                    out.append(')');
                }
                out.append(" tell ");
                protocolAddress(out, seg, spa, protocol, protocolLength);
            }
            case 2 -> {
                protocolAddress(out, seg, spa, protocol, protocolLength);
                out.append(" is-at ");
                linkAddress(out, seg, sha, hardwareLength);
            }
            case 3 -> {
                out.append("who-is ");
                linkAddress(out, seg, tha, hardwareLength);
                out.append(" tell ");
                linkAddress(out, seg, sha, hardwareLength);
            }
            case 4 -> {
                linkAddress(out, seg, tha, hardwareLength);
                out.append(" at ");
                protocolAddress(out, seg, tpa, protocol, protocolLength);
            }
            case 8 -> {
                out.append("who-is ");
                linkAddress(out, seg, tha, hardwareLength);
                out.append(" tell ");
                linkAddress(out, seg, sha, hardwareLength);
            }
            case 9 -> {
                linkAddress(out, seg, sha, hardwareLength);
                out.append(" at ");
                protocolAddress(out, seg, spa, protocol, protocolLength);
            }
            default -> {
                // tcpdump's arp_print: an operation it has no words for gets the default hex dump.
                TcpdumpHexDump.append(out, seg, at, caplen);
                return;
            }
        }
        out.append(", length ").append(length);
    }

    private static void protocolAddress(StringBuilder out, MemorySegment seg, long at, int protocol, int length) {
        if (protocol != EtherType.IPV4 && protocol != 0x1000) {
            out.append("<wrong proto type>");
        } else if (length != 4) {
            out.append("<wrong len>");
        } else {
            TcpdumpIpv4Printer.address(out, Bytes.i32(seg, at));
        }
    }

    private static void linkAddress(StringBuilder out, MemorySegment seg, long at, int length) {
        if (length == 0) {
            out.append("<empty>");
            return;
        }
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(':');
            }
            int b = Bytes.u8(seg, at + i);
            out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
    }

    private static boolean allZero(MemorySegment seg, long at, int length) {
        for (int i = 0; i < length; i++) {
            if (Bytes.u8(seg, at + i) != 0) {
                return false;
            }
        }
        return true;
    }
}
