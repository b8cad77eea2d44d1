package org.margay.net.ipv4.frag;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.ipv4.Ipv4Packet;

/**
 * Cuts a datagram this host originates into fragments that fit the MTU (RFC 791 §3.2, "Fragmentation"):
 * every fragment but the last carries a multiple of 8 payload bytes and More Fragments; the first keeps every
 * option, the later ones only options whose copied flag is set (RFC 791 §3.1 "Options"), padded with
 * End of Option List to a multiple of 4.
 *
 * <p>Holds only a reusable header view; allocates nothing per call. Single-threaded. The caller checks
 * {@code DF} first: a datagram with DF set that does not fit is not fragmented (RFC 791 §3.2: "if the Don't
 * Fragment flag is set ... then the datagram is discarded") and must not reach here.
 */
public final class Fragmenter {
    private final Ipv4Packet view = new Ipv4Packet();

    /** A fragmenter with its own reusable header view (one per stack thread). */
    public Fragmenter() {
    }

    /** Payload bytes in every fragment but the last, for a header of {@code headerLength} and {@code mtu}. */
    public static int chunk(int mtu, int headerLength) {
        return ((mtu - headerLength) / 8) * 8;
    }

    /**
     * The header length of the second and later fragments: 20 plus the copied options of the header at
     * {@code header}, rounded up to 4.
     */
    public static int laterHeaderLength(MemorySegment header, long headerOffset) {
        int headerLength = (Bytes.u8(header, headerOffset) & 0x0F) * 4;
        int copied = 0;
        long at = headerOffset + Ipv4Packet.MIN_HEADER_LENGTH;
        long end = headerOffset + headerLength;
        while (at < end) {
            int kind = Bytes.u8(header, at);
            if (kind == 0) { // EOL
                break;
            }
            if (kind == 1) { // NOP
                at++;
                continue;
            }
            if (at + 1 >= end) {
                break;
            }
            int length = Bytes.u8(header, at + 1);
            if (length < 2 || at + length > end) {
                break;
            }
            if ((kind & 0x80) != 0) {
                copied += length;
            }
            at += length;
        }
        return Ipv4Packet.MIN_HEADER_LENGTH + ((copied + 3) & ~3);
    }

    /** How many fragments a payload of {@code payloadLength} bytes needs (1 when it fits). */
    public static int fragmentCount(int payloadLength, int mtu, int firstHeaderLength, int laterHeaderLength) {
        int first = chunk(mtu, firstHeaderLength);
        if (payloadLength <= mtu - firstHeaderLength) {
            return 1;
        }
        int later = chunk(mtu, laterHeaderLength);
        int rest = payloadLength - first;
        // the last fragment may carry up to mtu - laterHeaderLength bytes, not only a multiple of 8
        int count = 1;
        while (rest > mtu - laterHeaderLength) {
            rest -= later;
            count++;
        }
        return count + 1;
    }

    /**
     * Writes fragment {@code index} (0-based) of the datagram whose header is at {@code header} (IHL valid,
     * other fields final except total length, flags, fragment offset and checksum) and whose payload is
     * {@code payloadLength} bytes at {@code payload}, into {@code target} at {@code targetOffset}. Fills Total
     * Length, More Fragments, Fragment Offset and the header checksum. Returns the fragment's length, or 0
     * when {@code index} is past the last fragment.
     */
    public int writeFragment(MemorySegment header, long headerOffset, MemorySegment payload, long payloadOffset,
                                    int payloadLength, int mtu, int index, MemorySegment target, long targetOffset) {
        int firstHeaderLength = (Bytes.u8(header, headerOffset) & 0x0F) * 4;
        int laterHeaderLength = laterHeaderLength(header, headerOffset);
        int firstChunk = chunk(mtu, firstHeaderLength);
        int laterChunk = chunk(mtu, laterHeaderLength);
        int count = fragmentCount(payloadLength, mtu, firstHeaderLength, laterHeaderLength);
        if (index < 0 || index >= count) {
            return 0;
        }
        int start = index == 0 ? 0 : firstChunk + (index - 1) * laterChunk;
        boolean last = index == count - 1;
        int length = last ? payloadLength - start : (index == 0 ? firstChunk : laterChunk);
        int headerLength;
        if (index == 0) {
            headerLength = firstHeaderLength;
            MemorySegment.copy(header, headerOffset, target, targetOffset, firstHeaderLength);
        } else {
            headerLength = laterHeaderLength;
            MemorySegment.copy(header, headerOffset, target, targetOffset, Ipv4Packet.MIN_HEADER_LENGTH);
            copyCopiedOptions(header, headerOffset, firstHeaderLength, target, targetOffset, laterHeaderLength);
        }
        MemorySegment.copy(payload, payloadOffset + start, target, targetOffset + headerLength, length);
        view.wrap(target, targetOffset, headerLength + length)
                .headerLength(headerLength)
                .totalLength(headerLength + length)
                .moreFragments(!last)
                .fragmentOffset(start / 8)
                .fillChecksum();
        return headerLength + length;
    }

    private static void copyCopiedOptions(MemorySegment header, long headerOffset, int headerLength,
                                          MemorySegment target, long targetOffset, int laterHeaderLength) {
        long out = targetOffset + Ipv4Packet.MIN_HEADER_LENGTH;
        long outEnd = targetOffset + laterHeaderLength;
        long at = headerOffset + Ipv4Packet.MIN_HEADER_LENGTH;
        long end = headerOffset + headerLength;
        while (at < end) {
            int kind = Bytes.u8(header, at);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= end) {
                break;
            }
            int length = Bytes.u8(header, at + 1);
            if (length < 2 || at + length > end) {
                break;
            }
            if ((kind & 0x80) != 0) {
                MemorySegment.copy(header, at, target, out, length);
                out += length;
            }
            at += length;
        }
        while (out < outEnd) {
            Bytes.u8(target, out++, 0); // EOL padding (RFC 791 §3.1)
        }
    }
}
