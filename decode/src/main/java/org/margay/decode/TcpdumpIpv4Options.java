package org.margay.decode;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;

/**
 * tcpdump 4.99's {@code ip_optprint}: the IPv4 options in the {@code -v} header line (RFC 791 §3.1 option
 * formats: record route, source routes, timestamp; RFC 2113 router alert), with its complaints about bad
 * lengths and pointers. Cold path.
 */
final class TcpdumpIpv4Options {
    private static final int EOL = 0;
    private static final int NOP = 1;
    private static final int RR = 7;
    private static final int TS = 68;
    private static final int LSRR = 131;
    private static final int SSRR = 137;
    private static final int RA = 148;

    private TcpdumpIpv4Options() {
    }

    /**
     * Prints {@code length} bytes of options at {@code at}, of which {@code available} were captured. Returns
     * false where tcpdump gives up because the capture ends (it then prints {@code [truncated-option]}).
     */
    static boolean print(StringBuilder out, MemorySegment seg, long at, int length, int available) {
        int pos = 0;
        String separator = "";
        while (length - pos > 0) {
            out.append(separator);
            separator = ",";
            if (pos >= available) {
                return false;
            }
            int code = Bytes.u8(seg, at + pos);
            String name = TcpdumpNames.ipOption(code);
            out.append(name == null ? "unknown " + code : name);
            int optionLength;
            if (code == NOP || code == EOL) {
                optionLength = 1;
            } else {
                if (pos + 1 >= available) {
                    return false;
                }
                optionLength = Bytes.u8(seg, at + pos + 1);
                if (optionLength < 2) {
                    out.append(" [bad length ").append(optionLength).append(']');
                    return true;
                }
            }
            if (optionLength > length - pos) {
                out.append(" [bad length ").append(optionLength).append(']');
                return true;
            }
            if (pos + optionLength > available) {
                return false;
            }
            switch (code) {
                case EOL -> {
                    return true;
                }
                case TS -> {
                    if (!timestamp(out, seg, at + pos, optionLength, available - pos)) {
                        return false;
                    }
                }
                case RR, SSRR, LSRR -> {
                    if (!route(out, seg, at + pos, optionLength, available - pos)) {
                        return false;
                    }
                }
                case RA -> {
                    if (optionLength < 4) {
                        out.append(" [bad length ").append(optionLength).append(']');
                    } else {
                        int value = Bytes.u16(seg, at + pos + 2);
                        if (value != 0) {
                            out.append(" value ").append(value);
                        }
                    }
                }
                default -> {
                }
            }
            pos += optionLength;
        }
        return true;
    }

    /** RFC 791 record route / loose / strict source route: the addresses, a comma after each one used. */
    private static boolean route(StringBuilder out, MemorySegment seg, long cp, int length, int available) {
        if (length < 3) {
            out.append(" [bad length ").append(length).append(']');
            return true;
        }
        if (((length + 1) & 3) != 0) {
            out.append(" [bad length ").append(length).append(']');
        }
        int pointer = Bytes.u8(seg, cp + 2);
        int ptr = pointer - 1;
        if (ptr < 3 || ((ptr + 1) & 3) != 0 || ptr > length + 1) {
            out.append(" [bad ptr ").append(pointer).append(']');
        }
        for (int len = 3; len < length; len += 4) {
            if (len + 4 > available) {
                return false;
            }
            out.append(' ');
            TcpdumpIpv4Printer.address(out, Bytes.i32(seg, cp + len));
            if (ptr > len) {
                out.append(',');
            }
        }
        return true;
    }

    /** RFC 791 Internet timestamp: flag, entries ("value@address"), the pointer as " ^ ", overflow count. */
    private static boolean timestamp(StringBuilder out, MemorySegment seg, long cp, int length, int available) {
        if (length < 4) {
            out.append("[bad length ").append(length).append(']');
            return true;
        }
        out.append(" TS{");
        int flagByte = Bytes.u8(seg, cp + 3);
        int hoplen = (flagByte & 0xF) != 0 ? 8 : 4;
        if (((length - 4) & (hoplen - 1)) != 0) {
            out.append("[bad length ").append(length).append(']');
        }
        int pointer = Bytes.u8(seg, cp + 2);
        int ptr = pointer - 1;
        int len = 0;
        if (ptr < 4 || ((ptr - 4) & (hoplen - 1)) != 0 || ptr > length + 1) {
            out.append("[bad ptr ").append(pointer).append(']');
        }
        boolean known = true;
        switch (flagByte & 0xF) {
            case 0 -> out.append("TSONLY");
            case 1 -> out.append("TS+ADDR");
            case 3 -> out.append("PRESPEC");
            default -> {
                out.append("[bad ts type ").append(flagByte & 0xF).append(']');
                known = false;
            }
        }
        if (known) {
            String type = " ";
            for (len = 4; len < length; len += hoplen) {
                if (ptr == len) {
                    type = " ^ ";
                }
                if (len + hoplen > available) {
                    return false;
                }
                out.append(type).append(Bytes.u32(seg, cp + len + hoplen - 4)).append('@');
                if (hoplen == 8) {
                    TcpdumpIpv4Printer.address(out, Bytes.i32(seg, cp + len));
                }
                type = " ";
            }
        }
        out.append(ptr == len ? " ^ " : "");
        if ((flagByte >>> 4) != 0) {
            out.append(" [").append(flagByte >>> 4).append(" hops not recorded]} ");
        } else {
            out.append('}');
        }
        return true;
    }
}
