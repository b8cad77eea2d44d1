package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;

/**
 * tcpdump's default print for payloads it has no printer for (an unknown EtherType, an unknown ARP operation):
 * lines of {@code \n\t0xOFFS:  hhhh hhhh ...  ascii}, 16 bytes a line, graphic ASCII shown as itself and every
 * other byte as a dot. Cold path.
 */
final class TcpdumpHexDump {
    private static final int BYTES_PER_LINE = 16;
    /** Width of the hex column: eight groups of " hhhh". */
    private static final int HEX_WIDTH = 40;

    /**
     * The EtherTypes tcpdump 4.99's {@code ethertype_print} has a printer for: their payloads are decoded (or,
     * beyond IPv4 and ARP, left to tcpdump), never hex-dumped.
     */
    private static final int[] PRINTED_ETHER_TYPES = {
        0x0800, 0x86dd, 0x0806, 0x8035, 0x6003, 0x809b, 0x80f3, 0x8137, 0xfefe, 0x8863, 0x8864, 0x3c12, 0x3c13,
        0x888e, 0x8899, 0x880b, 0x8808, 0x8809, 0x8902, 0xabcd, 0x88cc, 0x894f, 0x9000, 0x8847, 0x8848, 0x88ca,
        0x886f, 0x0707, 0x8947, 0x1111, 0x88a2, 0xdada,
    };

    private TcpdumpHexDump() {
    }

    /** Whether tcpdump falls back to the hex dump for a payload of this EtherType. */
    static boolean unknownEtherType(int type) {
        for (int printed : PRINTED_ETHER_TYPES) {
            if (printed == type) {
                return false;
            }
        }
        return true;
    }

    /** Appends the dump of {@code length} bytes at {@code at} (nothing for none). */
    static void append(StringBuilder out, MemorySegment segment, long at, int length) {
        StringBuilder hex = new StringBuilder(HEX_WIDTH);
        StringBuilder ascii = new StringBuilder(BYTES_PER_LINE);
        int offset = 0;
        for (int i = 0; i < length; i++) {
            int b = Bytes.u8(segment, at + i);
            if (i % 2 == 0) {
                hex.append(' ');
            }
            hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            ascii.append(b > 0x20 && b < 0x7F ? (char) b : '.');
            if (ascii.length() == BYTES_PER_LINE) {
                line(out, offset, hex, ascii);
                offset += BYTES_PER_LINE;
            }
        }
        if (!ascii.isEmpty()) {
            line(out, offset, hex, ascii);
        }
    }

    private static void line(StringBuilder out, int offset, StringBuilder hex, StringBuilder ascii) {
        out.append("\n\t0x");
        TcpdumpFormatter.hex4(out, offset).append(": ").append(hex).repeat(' ', HEX_WIDTH - hex.length())
                .append("  ").append(ascii);
        hex.setLength(0);
        ascii.setLength(0);
    }
}
