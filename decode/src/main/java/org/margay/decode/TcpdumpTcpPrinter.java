package org.margay.decode;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.tcp.TcpSegment;

/**
 * tcpdump 4.99's {@code tcp_print} down to the transport layer: ports, flags, relative sequence numbers, the
 * {@code -v} checksum verdict, window, urgent pointer, options (RFC 9293 §3.2, RFC 7323, RFC 2018, RFC 7413)
 * and length, plus the start of an RST's diagnostic payload with {@code -v} (RFC 9293 §3.5.3 allows data on
 * RST). Application payloads are not decoded.
 *
 * <p>Keeps tcpdump's per-connection state: the first segment with ACK of a connection (or any later one with
 * SYN) records the initial sequence numbers; later segments print seq and ack relative to them.
 */
final class TcpdumpTcpPrinter {
    private static final int MAX_RST_DATA_LEN = 30;

    private final TcpdumpStyle style;
    private final Map<ConnectionKey, Initial> connections = new HashMap<>();

    /** A connection as tcpdump keys it: addresses and ports in a canonical order. */
    private record ConnectionKey(int source, int destination, int ports) {
    }

    /** The initial sequence numbers recorded for a connection. */
    private static final class Initial {
        int seq;
        int ack;
    }

    TcpdumpTcpPrinter(TcpdumpStyle style) {
        this.style = style;
    }

    /**
     * Prints one segment. {@code length} is the IP payload length, {@code snap} the bytes of it captured,
     * {@code fragmented} whether IP More Fragments was set (then no checksum).
     */
    void print(StringBuilder out, TcpSegment tcp, int length, int snap, int source, int destination,
               int sumDestination,
               boolean fragmented) {
        MemorySegment seg = tcp.segment();
        long at = tcp.offset();
        if (snap < 4) {
            TcpdumpIpv4Printer.address(out, source).append(" > ");
            TcpdumpIpv4Printer.address(out, destination).append(':').append(" [|tcp]");
            return;
        }
        int sport = Bytes.u16(seg, at);
        int dport = Bytes.u16(seg, at + 2);
        TcpdumpIpv4Printer.address(out, source).append('.').append(sport).append(" > ");
        TcpdumpIpv4Printer.address(out, destination).append('.').append(dport).append(": ");
        if (snap < 13) {
            out.append(" [|tcp]");
            return;
        }
        if (snap < 20) {
            out.append(" [|tcp]");
            return;
        }
        int hlen = (Bytes.u8(seg, at + 12) >>> 4) * 4;
        if (hlen < 20) {
            out.append(" tcp ").append(Integer.toUnsignedString(length - hlen)).append(" [bad hdr length ").append(hlen)
                    .append(" - too short, < 20]");
            return;
        }
        int seq = Bytes.i32(seg, at + 4);
        int ack = Bytes.i32(seg, at + 8);
        int win = Bytes.u16(seg, at + 14);
        int urp = Bytes.u16(seg, at + 18);
        if (style.quiet()) {
            out.append("tcp ").append(Integer.toUnsignedString(length - hlen));
            if (hlen > length) {
                out.append(" [bad hdr length ").append(hlen).append(" - too long, > ").append(length).append(']');
            }
            return;
        }
        int flags = Bytes.u8(seg, at + 13);
        out.append("Flags [");
        flags(out, flags);
        out.append(']');
        boolean rev = false;
        int thseq = 0;
        int thack = 0;
        if ((flags & TcpSegment.ACK) != 0) {
            // tcpdump picks one order for both directions: the lower port first (then the lower address).
            rev = sport > dport || (sport == dport && Integer.compareUnsigned(source, destination) > 0);
            ConnectionKey key = rev
                    ? new ConnectionKey(destination, source, dport << 16 | sport)
                    : new ConnectionKey(source, destination, sport << 16 | dport);
            Initial initial = connections.get(key);
            if (initial == null || (flags & TcpSegment.SYN) != 0) {
                if (initial == null) {
                    initial = new Initial();
                    connections.put(key, initial);
                }
                if (rev) {
                    initial.ack = seq;
                    initial.seq = ack - 1;
                } else {
                    initial.seq = seq;
                    initial.ack = ack - 1;
                }
            } else if (rev) {
                seq -= initial.ack;
                ack -= initial.seq;
            } else {
                seq -= initial.seq;
                ack -= initial.ack;
            }
            thseq = initial.seq;
            thack = initial.ack;
        }
        if (hlen > length) {
            out.append(" [bad hdr length ").append(hlen).append(" - too long, > ").append(length).append(']');
            return;
        }
        if (style.verbosity() > 0 && !fragmented && snap >= length) {
            int sum = InternetChecksum.ipv4PseudoHeaderSum(source, sumDestination, IpProtocol.TCP, length);
            sum = InternetChecksum.sum(seg, at, length, sum);
            int field = Bytes.u16(seg, at + 16);
            out.append(", cksum 0x");
            TcpdumpFormatter.hex4(out, field);
            if (sum != InternetChecksum.VERIFIED) {
                out.append(" (incorrect -> 0x");
                TcpdumpFormatter.hex4(out, TcpdumpIpv4Printer.shouldBe(field, sum)).append(')');
            } else {
                out.append(" (correct)");
            }
        }
        int dataLength = length - hlen;
        if (style.verbosity() > 1 || dataLength > 0
                || (flags & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) != 0) {
            out.append(", seq ").append(Integer.toUnsignedString(seq));
            if (dataLength > 0) {
                out.append(':').append(Integer.toUnsignedString(seq + dataLength));
            }
        }
        if ((flags & TcpSegment.ACK) != 0) {
            out.append(", ack ").append(Integer.toUnsignedString(ack));
        }
        out.append(", win ").append(win);
        if ((flags & TcpSegment.URG) != 0) {
            out.append(", urg ").append(urp);
        }
        if (hlen > 20 && !options(out, seg, at + 20, hlen - 20, snap - 20, rev, thseq, thack)) {
            return;
        }
        out.append(", length ").append(dataLength);
        if (dataLength == 0) {
            return;
        }
        if ((flags & TcpSegment.RST) != 0 && style.verbosity() > 0) {
            rstData(out, seg, at + hlen, dataLength, snap - hlen);
        }
    }

    /** tcpdump's flag letters in its order: F S R P . U E W, or "none". */
    private static void flags(StringBuilder out, int flags) {
        if (flags == 0) {
            out.append("none");
            return;
        }
        if ((flags & TcpSegment.FIN) != 0) {
            out.append('F');
        }
        if ((flags & TcpSegment.SYN) != 0) {
            out.append('S');
        }
        if ((flags & TcpSegment.RST) != 0) {
            out.append('R');
        }
        if ((flags & TcpSegment.PSH) != 0) {
            out.append('P');
        }
        if ((flags & TcpSegment.ACK) != 0) {
            out.append('.');
        }
        if ((flags & TcpSegment.URG) != 0) {
            out.append('U');
        }
        if ((flags & TcpSegment.ECE) != 0) {
            out.append('E');
        }
        if ((flags & TcpSegment.CWR) != 0) {
            out.append('W');
        }
    }

    /**
     * The options list {@code , options [...]}. {@code hlen} option bytes are declared, {@code available} were
     * captured. Returns false when printing stopped inside (a truncated or bad option), in which case tcpdump
     * prints no length either.
     */
    private static boolean options(StringBuilder out, MemorySegment seg, long cp, int hlen, int available,
                                   boolean rev, int thseq, int thack) {
        out.append(", options [");
        int pos = 0;
        char ch = 0;
        while (hlen > 0) {
            if (ch != 0) {
                out.append(ch);
            }
            if (pos >= available) {
                out.append(" [|tcp]"); // tcpdump's GET_U_1 gives up at once here
                return false;
            }
            int opt = Bytes.u8(seg, cp + pos);
            pos++;
            int len;
            if (opt == 0 || opt == 1) {
                len = 1;
            } else {
                if (pos >= available) {
                    out.append(" [|tcp]");
                    return false;
                }
                len = Bytes.u8(seg, cp + pos);
                pos++;
                if (len < 2 || len > hlen) {
                    return bad(out, ch);
                }
                hlen--;
            }
            hlen--;
            int datalen = 0;
            String name = TcpdumpNames.tcpOption(opt);
            out.append(name == null ? "unknown-" + opt : name);
            switch (opt) {
                case 2 -> {
                    datalen = 2;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(' ').append(Bytes.u16(seg, cp + pos));
                }
                case 3 -> {
                    datalen = 1;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(' ').append(Bytes.u8(seg, cp + pos));
                }
                case 5 -> {
                    datalen = len - 2;
                    if (datalen % 8 != 0) {
                        out.append(" invalid sack");
                    } else {
                        out.append(' ').append(datalen / 8).append(' ');
                        for (int i = 0; i < datalen; i += 8) {
                            if (i + 8 > hlen) {
                                return bad(out, ch);
                            }
                            if (pos + i + 8 > available) {
                                return truncated(out, ch);
                            }
                            int s = Bytes.i32(seg, cp + pos + i);
                            int e = Bytes.i32(seg, cp + pos + i + 4);
                            if (rev) {
                                s -= thseq;
                                e -= thseq;
                            } else {
                                s -= thack;
                                e -= thack;
                            }
                            out.append('{').append(Integer.toUnsignedString(s)).append(':')
                                    .append(Integer.toUnsignedString(e)).append('}');
                        }
                    }
                }
                case 6, 7, 11, 12, 13 -> {
                    datalen = 4;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(' ').append(Bytes.u32(seg, cp + pos));
                }
                case 8 -> {
                    datalen = 8;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(" val ").append(Bytes.u32(seg, cp + pos)).append(" ecr ")
                            .append(Bytes.u32(seg, cp + pos + 4));
                }
                case 19 -> {
                    // RFC 2385 MD5 signature: tcpdump (built with libcrypto, as Debian's is) cannot check it
                    // without the secret given with -M.
                    datalen = 16;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(" shared secret not supplied with -M, can't check - ");
                    for (int i = 0; i < datalen; i++) {
                        int b = Bytes.u8(seg, cp + pos + i);
                        out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
                    }
                }
                case 28 -> {
                    datalen = 2;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    // RFC 5482 §3: the low bit says whether the timeout is in minutes (1) or seconds (0).
                    int uto = Bytes.u16(seg, cp + pos);
                    out.append(" 0x").append(Integer.toHexString(uto)).append(' ')
                            .append((uto & 1) != 0 ? (uto >>> 1) * 60 : uto >>> 1);
                }
                case 29 -> {
                    // RFC 5925 §2.2 TCP-AO: key id, receive-next key id, then the MAC.
                    datalen = len - 2;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    if (datalen < 2) {
                        out.append(" (invalid)");
                    } else {
                        out.append(" keyid ").append(Bytes.u8(seg, cp + pos)).append(" rnextkeyid ")
                                .append(Bytes.u8(seg, cp + pos + 1));
                        if (datalen > 2) {
                            out.append(" mac 0x");
                            for (int i = 2; i < datalen; i++) {
                                int b = Bytes.u8(seg, cp + pos + i);
                                out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
                            }
                        }
                    }
                }
                case 34 -> {
                    datalen = len - 2;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    out.append(' ');
                    fastOpen(out, seg, cp + pos, datalen, false);
                }
                case 254 -> {
                    datalen = len - 2;
                    if (datalen > hlen) {
                        return bad(out, ch);
                    }
                    if (pos + datalen > available) {
                        return truncated(out, ch);
                    }
                    if (datalen < 2) {
                        return bad(out, ch);
                    }
                    int magic = Bytes.u16(seg, cp + pos);
                    out.append('-');
                    if (magic == 0xf989) {
                        // RFC 7413 §4.1.1: TFO on the experimental option with magic 0xF989.
                        fastOpen(out, seg, cp + pos + 2, datalen - 2, true);
                    } else {
                        TcpdumpFormatter.hex4(out, magic);
                    }
                }
                case 0, 1, 4 -> {
                }
                default -> {
                    datalen = len - 2;
                    if (datalen > 0) {
                        out.append(" 0x");
                    }
                    for (int i = 0; i < datalen; i++) {
                        if (i + 1 > hlen) {
                            return bad(out, ch);
                        }
                        if (pos + i + 1 > available) {
                            return truncated(out, ch);
                        }
                        int b = Bytes.u8(seg, cp + pos + i);
                        out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
                    }
                }
            }
            pos += datalen;
            hlen -= datalen;
            int observed = datalen + 1 + (opt == 0 || opt == 1 ? 0 : 1);
            if (observed != len) {
                out.append("[len ").append(len).append(']');
            }
            ch = ',';
            if (opt == 0) {
                break;
            }
        }
        out.append(']');
        return true;
    }

    private static boolean truncated(StringBuilder out, char ch) {
        out.append(" [|tcp]");
        if (ch != 0) {
            out.append('>');
        }
        return false;
    }

    private static boolean bad(StringBuilder out, char ch) {
        out.append("[bad opt]");
        if (ch != 0) {
            out.append(']');
        }
        return false;
    }

    /** RFC 7413 §4.1.1 Fast Open cookie option: "cookiereq" or "cookie HEX". */
    private static void fastOpen(StringBuilder out, MemorySegment seg, long cp, int datalen, boolean experimental) {
        if (experimental) {
            out.append("tfo");
        }
        if (datalen == 0) {
            out.append(" cookiereq");
        } else if (datalen % 2 != 0 || datalen < 4 || datalen > 16) {
            out.append(" (invalid)");
        } else {
            out.append(" cookie ");
            for (int i = 0; i < datalen; i++) {
                int b = Bytes.u8(seg, cp + i);
                out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
    }

    /** tcpdump's {@code print_tcp_rst_data}: up to 30 payload bytes of an RST, as safe characters. */
    private static void rstData(StringBuilder out, MemorySegment seg, long sp, int length, int available) {
        out.append(available >= length ? " [RST" : " [!RST");
        if (length > MAX_RST_DATA_LEN) {
            length = MAX_RST_DATA_LEN;
            out.append('+');
        }
        out.append(' ');
        int shown = Math.min(length, Math.max(0, available));
        for (int i = 0; i < shown; i++) {
            int c = Bytes.u8(seg, sp + i);
            if ((c & 0x80) != 0) {
                c &= 0x7F;
                out.append("M-");
            }
            if (c < 0x20 || c > 0x7E) {
                c ^= 0x40;
                out.append('^');
            }
            out.append((char) c);
        }
        out.append(']');
    }
}
