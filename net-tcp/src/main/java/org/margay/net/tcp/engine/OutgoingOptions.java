package org.margay.net.tcp.engine;

import org.margay.net.tcp.TcpOptionKind;
import org.margay.net.tcp.TcpOptionsWriter;

/**
 * The options of one outgoing segment, as a reusable holder the engine fills before calling
 * {@link SegmentSink#emit}. {@link #write} lays them out the way Linux does, every option 4-byte aligned:
 * on a SYN {@code MSS, SACK-permitted, TS, NOP, WS} (tcpdump: {@code [mss 1460,sackOK,TS val .. ecr ..,nop,wscale 7]});
 * otherwise {@code NOP NOP TS} then {@code NOP NOP SACK}. With {@link #bsdLayout(boolean)} they follow FreeBSD's
 * {@code tcp_addoptions} instead: {@code MSS, NOP WS, SACK-permitted, TS} (each padded with NOPs to its alignment:
 * WS at 1 mod 4, SACK-permitted even, TS and SACK at 2 mod 4), the end padded with EOL
 * ({@code [mss 1460,nop,wscale 6,sackOK,TS val .. ecr ..]}, {@code [mss 1460,sackOK,eol,eol]}).
 *
 * <p>What must stay true: {@link #length()} is exactly what {@link #write} writes, a multiple of 4 and at most 40;
 * at most 4 SACK blocks (3 with timestamps, RFC 2018 §3). No allocation after construction.
 */
public final class OutgoingOptions {
    private int mss = -1;
    private int windowShift = -1;
    private boolean sackPermitted;
    private boolean timestamps;
    private int tsVal;
    private int tsEcr;
    private int sackCount;
    private boolean bsd;
    private final int[] sackLeft = new int[TcpOptionKind.MAX_SACK_BLOCKS];
    private final int[] sackRight = new int[TcpOptionKind.MAX_SACK_BLOCKS];

    /** No options. */
    public OutgoingOptions clear() {
        mss = -1;
        windowShift = -1;
        sackPermitted = false;
        timestamps = false;
        sackCount = 0;
        bsd = false;
        return this;
    }

    /** Lays the options out as FreeBSD does (true) or as Linux does (false, the default after {@link #clear()}). */
    public OutgoingOptions bsdLayout(boolean on) {
        bsd = on;
        return this;
    }

    /** Whether the FreeBSD layout is in use. */
    public boolean bsdLayout() {
        return bsd;
    }

    /** Adds MSS (SYN only). */
    public OutgoingOptions mss(int value) {
        mss = value;
        return this;
    }

    /** Adds window scale with this shift (SYN only). */
    public OutgoingOptions windowShift(int shift) {
        windowShift = shift;
        return this;
    }

    /** Adds SACK-permitted (SYN only). */
    public OutgoingOptions sackPermitted(boolean on) {
        sackPermitted = on;
        return this;
    }

    /** Adds timestamps. */
    public OutgoingOptions timestamps(int value, int echoReply) {
        timestamps = true;
        tsVal = value;
        tsEcr = echoReply;
        return this;
    }

    /** Appends one SACK block (edges as raw sequence numbers); ignored beyond the room left. */
    public OutgoingOptions addSack(int left, int right) {
        if (sackCount < maxSackBlocks()) {
            sackLeft[sackCount] = left;
            sackRight[sackCount] = right;
            sackCount++;
        }
        return this;
    }

    /** How many SACK blocks still fit: 4, or 3 with timestamps (RFC 2018 §3), none on a SYN. */
    public int maxSackBlocks() {
        if (mss >= 0 || windowShift >= 0 || sackPermitted) {
            return 0;
        }
        return timestamps ? 3 : 4;
    }

    /** MSS value or -1. */
    public int mss() {
        return mss;
    }

    /** Window-scale shift or -1. */
    public int windowShift() {
        return windowShift;
    }

    /** Whether SACK-permitted is present. */
    public boolean hasSackPermitted() {
        return sackPermitted;
    }

    /** Whether timestamps are present. */
    public boolean hasTimestamps() {
        return timestamps;
    }

    /** TSval. */
    public int timestampValue() {
        return tsVal;
    }

    /** TSecr. */
    public int timestampEchoReply() {
        return tsEcr;
    }

    /** SACK blocks present. */
    public int sackCount() {
        return sackCount;
    }

    /** Left edge of SACK block {@code i}. */
    public int sackLeft(int i) {
        return sackLeft[i];
    }

    /** Right edge of SACK block {@code i}. */
    public int sackRight(int i) {
        return sackRight[i];
    }

    /** Bytes {@link #write} produces. */
    public int length() {
        if (bsd) {
            return writeBsd(null);
        }
        int n = 0;
        if (mss >= 0) {
            n += 4;
        }
        if (sackPermitted && timestamps) {
            n += 12; // SACK-permitted + TS
        } else if (timestamps) {
            n += 12; // NOP NOP TS
        } else if (sackPermitted) {
            n += 4; // NOP NOP SACK-permitted
        }
        if (windowShift >= 0) {
            n += 4; // NOP WS
        }
        if (sackCount > 0) {
            n += 4 + 8 * sackCount; // NOP NOP SACK
        }
        return n;
    }

    /** Whether the options are {@code NOP NOP TS} alone: nearly every segment of a connection with timestamps. */
    public boolean timestampsOnly() {
        return timestamps && sackCount == 0 && mss < 0 && windowShift < 0 && !sackPermitted;
    }

    /** Writes the options in Linux's aligned order; returns the bytes written ({@link #length()}). */
    public int write(TcpOptionsWriter w) {
        if (bsd) {
            return writeBsd(w);
        }
        if (timestampsOnly()) {
            w.alignedTimestamps(tsVal, tsEcr); // the common case: three words
            return w.length();
        }
        if (mss >= 0) {
            w.mss(mss);
        }
        if (sackPermitted && timestamps) {
            w.sackPermitted().timestamps(tsVal, tsEcr);
        } else if (timestamps) {
            w.nop().nop().timestamps(tsVal, tsEcr);
        } else if (sackPermitted) {
            w.nop().nop().sackPermitted();
        }
        if (windowShift >= 0) {
            w.nop().windowScale(windowShift);
        }
        if (sackCount > 0) {
            w.nop().nop().sack(sackLeft, sackRight, sackCount);
        }
        return w.length();
    }

    /**
     * FreeBSD's layout: options in the order MSS, WS, SACK-permitted, TS, SACK, each preceded by the NOPs that give
     * it its alignment, then EOLs up to a 4-byte boundary. Writes to {@code w} unless it is null; returns the length.
     */
    private int writeBsd(TcpOptionsWriter w) {
        int n = 0;
        if (mss >= 0) {
            if (w != null) {
                w.mss(mss);
            }
            n += 4;
        }
        if (windowShift >= 0) {
            n = pad(w, n, 4, 1);
            if (w != null) {
                w.windowScale(windowShift);
            }
            n += 3;
        }
        if (sackPermitted) {
            n = pad(w, n, 2, 0);
            if (w != null) {
                w.sackPermitted();
            }
            n += 2;
        }
        if (timestamps) {
            n = pad(w, n, 4, 2);
            if (w != null) {
                w.timestamps(tsVal, tsEcr);
            }
            n += 10;
        }
        if (sackCount > 0) {
            n = pad(w, n, 4, 2);
            if (w != null) {
                w.sack(sackLeft, sackRight, sackCount);
            }
            n += 2 + 8 * sackCount;
        }
        while ((n & 3) != 0) {
            if (w != null) {
                w.eol();
            }
            n++;
        }
        return n;
    }

    /** NOPs until {@code n mod modulus == remainder} (FreeBSD never starts an option at offset 0 with a NOP). */
    private static int pad(TcpOptionsWriter w, int n, int modulus, int remainder) {
        while (n % modulus != remainder) {
            if (w != null) {
                w.nop();
            }
            n++;
        }
        return n;
    }
}
