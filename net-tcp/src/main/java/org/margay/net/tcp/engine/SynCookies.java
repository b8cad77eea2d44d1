package org.margay.net.tcp.engine;

/**
 * SYN cookies (RFC 4987 §3.6), encoded the way Linux's {@code net/ipv4/syncookies.c} does, with SipHash-2-4 as the
 * keyed hash: when a listener's SYN backlog is full, the SYN-ACK's ISN itself carries what the handshake needs, and
 * no state is kept until the final ACK returns it.
 *
 * <p>The encoding (all arithmetic modulo 2^32; {@code count} = minutes since the clock's epoch, 8 bits kept):
 * <pre>
 *   ISN = H1(4-tuple) + client ISN + (count &lt;&lt; 24) + ((H2(4-tuple, count) + mssIndex) mod 2^24)
 * </pre>
 * where {@code mssIndex} indexes {@link #MSS_TABLE} (536, 1300, 1440, 1460: the largest entry not above the
 * client's MSS). A returning ACK is valid when {@code ack − 1} decodes to a count at most {@link #MAX_AGE_MINUTES}
 * − 1 minutes old and an index below 4.
 *
 * <p>With timestamps, the window scale and SACK-permitted the client offered ride in the low 6 bits of our TSval,
 * which the client echoes in TSecr (Linux's {@code cookie_init_timestamp}): bits 0–3 hold the client's window
 * shift (15 = no window scaling), bit 4 says SACK-permitted, bit 5 (ECN) is always 0 here. The TSval is the clock
 * with its low 6 bits replaced, moved back 64 ticks if that would put it ahead of the clock. Without timestamps a
 * cookie connection has neither window scaling nor SACK, as in Linux.
 *
 * <p>What must stay true: {@link #check} accepts exactly what {@link #cookie} produced for the same 4-tuple and
 * client ISN within the age limit (property-tested); everything else is rejected with -1.
 */
public final class SynCookies {
    /** MSS classes a cookie can encode (Linux's {@code msstab} for IPv4). */
    public static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    /** Cookies older than this many minutes are rejected (Linux's MAX_SYNCOOKIE_AGE). */
    public static final int MAX_AGE_MINUTES = 2;
    /** The minute counter's tick. */
    public static final long MINUTE_NANOS = 60_000_000_000L;
    /** The TSval bits that carry options. */
    public static final int TS_OPTION_MASK = 0x3F;
    /** In the option bits: "no window scaling". */
    public static final int NO_WINDOW_SCALE = 0xF;
    /** In the option bits: SACK-permitted. */
    public static final int SACK_BIT = 0x10;

    private static final int COOKIE_BITS = 24;
    private static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;

    private final long k0;
    private final long k1;

    /** Cookies keyed with a 128-bit secret (distinct from the ISN key). */
    public SynCookies(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The index in {@link #MSS_TABLE} for a client MSS: the largest entry not above it (0 when below 536). */
    public static int mssIndex(int clientMss) {
        int index = 0;
        for (int i = MSS_TABLE.length - 1; i >= 0; i--) {
            if (MSS_TABLE[i] <= clientMss) {
                index = i;
                break;
            }
        }
        return index;
    }

    /** The cookie ISN for a SYN from the remote side of this 4-tuple with sequence {@code clientIsn}. */
    public int cookie(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort, int clientIsn,
                      int mssIndex) {
        int count = (int) (nowNanos / MINUTE_NANOS);
        long w0 = IsnGenerator.tupleWord(localIp, remoteIp);
        long w1 = IsnGenerator.portsWord(localPort, remotePort);
        int h1 = (int) SipHash.hash16(k0, k1, w0, w1);
        int h2 = (int) SipHash.hash24(k0, k1, w0, w1, count & 0xFF);
        return h1 + clientIsn + (count << COOKIE_BITS) + ((h2 + mssIndex) & COOKIE_MASK);
    }

    /**
     * Checks the cookie returned in an ACK ({@code cookieIsn = SEG.ACK − 1}, {@code clientIsn = SEG.SEQ − 1}).
     *
     * @return the MSS index (0..3), or -1 when the cookie is invalid or too old
     */
    public int check(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort, int clientIsn,
                     int cookieIsn) {
        int count = (int) (nowNanos / MINUTE_NANOS);
        long w0 = IsnGenerator.tupleWord(localIp, remoteIp);
        long w1 = IsnGenerator.portsWord(localPort, remotePort);
        int h1 = (int) SipHash.hash16(k0, k1, w0, w1);
        int value = cookieIsn - h1 - clientIsn;
        int diff = (count - (value >>> COOKIE_BITS)) & 0xFF;
        if (diff >= MAX_AGE_MINUTES) {
            return -1;
        }
        int h2 = (int) SipHash.hash24(k0, k1, w0, w1, (count - diff) & 0xFF);
        int index = (value - h2) & COOKIE_MASK;
        return index < MSS_TABLE.length ? index : -1;
    }

    /** The TSval to send with a cookie SYN-ACK: {@code tsNow} with the option bits in its low 6 bits. */
    public static int encodeTimestamp(int tsNow, int clientWindowShift, boolean sackPermitted) {
        int options = (clientWindowShift < 0 ? NO_WINDOW_SCALE : clientWindowShift & 0xF) | (sackPermitted ? SACK_BIT : 0);
        int ts = (tsNow & ~TS_OPTION_MASK) | options;
        if (Integer.compareUnsigned(ts, tsNow) > 0) {
            ts -= TS_OPTION_MASK + 1;
        }
        return ts;
    }

    /** The client's window shift from an echoed TSecr, or -1 for "no window scaling". */
    public static int decodeWindowShift(int tsEcr) {
        int shift = tsEcr & NO_WINDOW_SCALE;
        return shift == NO_WINDOW_SCALE ? -1 : Math.min(shift, 14);
    }

    /** Whether the client offered SACK-permitted, from an echoed TSecr. */
    public static boolean decodeSackPermitted(int tsEcr) {
        return (tsEcr & SACK_BIT) != 0;
    }
}
