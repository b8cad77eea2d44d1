package org.margay.explain.model;

import java.util.Arrays;

/**
 * The TCP facts of one segment (RFC 9293 §3.1) with the options the explanation needs (RFC 9293 §3.2 MSS,
 * RFC 7323 window scale and timestamps, RFC 2018 SACK). Values are raw wire values: sequence numbers are
 * unsigned 32-bit numbers kept in an {@code int}, the window is the unscaled field.
 *
 * @param sequence        SEG.SEQ
 * @param acknowledgment  SEG.ACK (meaningful when ACK is set)
 * @param flags           the flag bits ({@link org.margay.net.tcp.TcpSegment#SYN} ...)
 * @param window          the window field, unscaled
 * @param payloadLength   payload bytes (captured or not)
 * @param mss             the MSS option, or -1
 * @param windowScale     the window-scale shift option, or -1
 * @param sackPermitted   whether SACK-permitted was offered
 * @param hasTimestamps   whether the timestamps option is present
 * @param tsVal           TSval when present
 * @param tsEcr           TSecr when present
 * @param sackBlocks      SACK blocks as pairs (left, right), raw sequence numbers; empty when none
 */
public record TcpHeader(int sequence, int acknowledgment, int flags, int window, int payloadLength, int mss,
                        int windowScale, boolean sackPermitted, boolean hasTimestamps, int tsVal, int tsEcr,
                        int[] sackBlocks) {
    /** FIN. */
    public static final int FIN = 0x01;
    /** SYN. */
    public static final int SYN = 0x02;
    /** RST. */
    public static final int RST = 0x04;
    /** PSH. */
    public static final int PSH = 0x08;
    /** ACK. */
    public static final int ACK = 0x10;
    /** URG. */
    public static final int URG = 0x20;

    /** Copies the SACK blocks (records hold them unshared). */
    public TcpHeader {
        sackBlocks = sackBlocks == null ? new int[0] : sackBlocks.clone();
        if ((sackBlocks.length & 1) != 0) {
            throw new IllegalArgumentException("SACK blocks come in (left, right) pairs");
        }
    }

    /** Whether every bit of {@code mask} is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    /** Sequence space the segment occupies: payload plus one for SYN and one for FIN (RFC 9293 §3.4). */
    public int sequenceLength() {
        return payloadLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** The number of SACK blocks. */
    public int sackBlockCount() {
        return sackBlocks.length / 2;
    }

    /** Left edge of SACK block {@code i}. */
    public int sackLeft(int i) {
        return sackBlocks[2 * i];
    }

    /** Right edge of SACK block {@code i}. */
    public int sackRight(int i) {
        return sackBlocks[2 * i + 1];
    }

    /** The flags as words joined by '+', e.g. "SYN+ACK", "PSH+ACK", or "none". */
    public String flagsText() {
        StringBuilder b = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        // Print in the order people say them: SYN, FIN, RST, PSH, URG, ACK, ECE, CWR.
        int[] order = {1, 0, 2, 3, 5, 4, 6, 7};
        for (int bit : order) {
            if ((flags & (1 << bit)) != 0) {
                if (!b.isEmpty()) {
                    b.append('+');
                }
                b.append(names[bit]);
            }
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    /** The options in a short form, e.g. "mss 1460,sack-ok,ts,ws 7", or the empty string when none. */
    public String optionsText() {
        StringBuilder b = new StringBuilder();
        if (mss >= 0) {
            b.append("mss ").append(mss);
        }
        if (sackPermitted) {
            b.append(b.isEmpty() ? "" : ",").append("sack-ok");
        }
        if (hasTimestamps) {
            b.append(b.isEmpty() ? "" : ",").append("ts");
        }
        if (windowScale >= 0) {
            b.append(b.isEmpty() ? "" : ",").append("ws ").append(windowScale);
        }
        if (sackBlocks.length > 0) {
            b.append(b.isEmpty() ? "" : ",").append("sack ").append(sackBlockCount());
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpHeader t && sequence == t.sequence && acknowledgment == t.acknowledgment
                && flags == t.flags && window == t.window && payloadLength == t.payloadLength && mss == t.mss
                && windowScale == t.windowScale && sackPermitted == t.sackPermitted
                && hasTimestamps == t.hasTimestamps && tsVal == t.tsVal && tsEcr == t.tsEcr
                && Arrays.equals(sackBlocks, t.sackBlocks);
    }

    @Override
    public int hashCode() {
        return ((sequence * 31 + acknowledgment) * 31 + flags) * 31 + payloadLength;
    }

    @Override
    public String toString() {
        return "TcpHeader[" + flagsText() + " seq=" + Integer.toUnsignedString(sequence) + " ack="
                + Integer.toUnsignedString(acknowledgment) + " win=" + window + " len=" + payloadLength
                + (optionsText().isEmpty() ? "" : " <" + optionsText() + ">") + "]";
    }
}
