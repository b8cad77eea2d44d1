package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.InternetChecksum;

/**
 * tcpdump 4.99's printing of ICMP multi-part extensions (RFC 4884 §7, objects of RFC 4950 and RFC 5837) after
 * the quoted datagram of an error message, with {@code -v}. Cold path.
 */
final class TcpdumpIcmpExtensions {
    /** The extension structure starts 128 bytes into the quoted datagram (RFC 4884 §5.1). */
    private static final int EXTENSION_OFFSET = 8 + 128;
    private static final int EXTENSION_MIN = 136;

    private TcpdumpIcmpExtensions() {
    }

    /** Prints the extension structure of an ICMP message of {@code length} bytes ({@code snap} captured). */
    static void print(StringBuilder out, MemorySegment seg, long icmp, int length, int snap) {
        if (snap < EXTENSION_OFFSET + 5) {
            // tcpdump checks that its whole extension structure (header, 128 quoted bytes, extension header and
            // one data byte) was captured before reading it: a message cut earlier ends in its truncation mark.
            out.append(" [|icmp]");
            return;
        }
        int hlen = length - EXTENSION_MIN;
        long ext = icmp + EXTENSION_OFFSET;
        boolean covered = EXTENSION_OFFSET + hlen <= snap;
        if (Bytes.u8(seg, icmp + 5) == 0 && covered
                && InternetChecksum.sum(seg, ext, hlen, 0) != InternetChecksum.VERIFIED) {
            return; // no length announced and no valid extension checksum: no extensions
        }
        int version = Bytes.u8(seg, ext) >>> 4;
        out.append("\n\tICMP Multi-Part extension v").append(version);
        if (version != 2) {
            out.append(" packet not supported");
            return;
        }
        if (covered) {
            out.append(", checksum 0x");
            TcpdumpFormatter.hex4(out, Bytes.u16(seg, ext + 2)).append(" (")
                    .append(InternetChecksum.sum(seg, ext, hlen, 0) == InternetChecksum.VERIFIED ? "" : "in")
                    .append("correct), length ").append(hlen);
        }
        hlen -= 4;
        long object = ext + 4;
        long end = icmp + snap;
        while (hlen > 4) {
            if (object + 4 > end) {
                out.append(" [|icmp]");
                return;
            }
            int objectLength = Bytes.u16(seg, object);
            int classNumber = Bytes.u8(seg, object + 2);
            int classType = Bytes.u8(seg, object + 3);
            object += 4;
            String name = switch (classNumber) {
                case 1 -> "MPLS Stack Entry";
                case 2 -> "Interface Identification";
                default -> "unknown";
            };
            out.append("\n\t  ").append(name).append(" Object (").append(classNumber).append("), Class-Type: ")
                    .append(classType).append(", length ").append(objectLength);
            hlen -= 4;
            if (classNumber == 0 || objectLength < 4) {
                return;
            }
            objectLength -= 4;
            if (classNumber == 1 && classType == 1 && object + 4 <= end) {
                long label = Bytes.u32(seg, object);
                out.append("\n\t    label ").append(label >>> 12).append(", exp ").append((label >>> 9) & 7);
                if ((label & 0x100) != 0) {
                    out.append(", [S]");
                }
                out.append(", ttl ").append(label & 0xFF);
            } else {
                hex(out, seg, object, (int) Math.min(objectLength, Math.max(0, end - object)));
            }
            if (hlen < objectLength) {
                break;
            }
            hlen -= objectLength;
            object += objectLength;
        }
    }

    /** tcpdump's {@code hex_print} with indent "\n\t    ": 8 two-byte groups per line. */
    private static void hex(StringBuilder out, MemorySegment seg, long at, int length) {
        int offset = 0;
        int groups = length / 2;
        int i = 0;
        long p = at;
        while (groups-- > 0) {
            if ((i++ % 8) == 0) {
                out.append("\n\t    0x");
                TcpdumpFormatter.hex4(out, offset).append(": ");
                offset += 16;
            }
            out.append(' ');
            hexByte(out, Bytes.u8(seg, p));
            hexByte(out, Bytes.u8(seg, p + 1));
            p += 2;
        }
        if ((length & 1) != 0) {
            if ((i % 8) == 0) {
                out.append("\n\t    0x");
                TcpdumpFormatter.hex4(out, offset).append(": ");
            }
            out.append(' ');
            hexByte(out, Bytes.u8(seg, p));
        }
    }

    private static void hexByte(StringBuilder out, int b) {
        out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
    }
}
