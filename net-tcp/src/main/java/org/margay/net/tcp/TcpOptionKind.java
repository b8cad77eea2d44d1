package org.margay.net.tcp;

/**
 * TCP option kinds and the lengths this module enforces for them, in one place.
 *
 * <p>What must stay true: {@link #lengthValid} is the single rule both the cursor and the holder use, so a
 * printer walking options and a stack reading them never disagree about which option is malformed.
 */
public final class TcpOptionKind {
    /** End of option list, one byte (RFC 9293 §3.1). */
    public static final int EOL = 0;
    /** No-operation, one byte, used for alignment (RFC 9293 §3.1). */
    public static final int NOP = 1;
    /** Maximum segment size, length 4 (RFC 9293 §3.1, §3.7.1). */
    public static final int MSS = 2;
    /** Window scale, length 3 (RFC 7323 §2.2). */
    public static final int WINDOW_SCALE = 3;
    /** SACK-permitted, length 2 (RFC 2018 §2). */
    public static final int SACK_PERMITTED = 4;
    /** SACK blocks, length 2 + 8n (RFC 2018 §3). */
    public static final int SACK = 5;
    /** Timestamps, length 10 (RFC 7323 §3.2). */
    public static final int TIMESTAMPS = 8;

    /** MSS option length (RFC 9293 §3.1). */
    public static final int MSS_LENGTH = 4;
    /** Window-scale option length (RFC 7323 §2.2). */
    public static final int WINDOW_SCALE_LENGTH = 3;
    /** SACK-permitted option length (RFC 2018 §2). */
    public static final int SACK_PERMITTED_LENGTH = 2;
    /** Timestamps option length (RFC 7323 §3.2). */
    public static final int TIMESTAMPS_LENGTH = 10;
    /** Bytes of one SACK block: left and right edge (RFC 2018 §3). */
    public static final int SACK_BLOCK_LENGTH = 8;
    /** The most SACK blocks one option can carry in 40 bytes of option space (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;
    /** The largest window-scale shift a receiver uses; larger values are treated as 14 (RFC 7323 §2.3). */
    public static final int MAX_WINDOW_SCALE = 14;

    private TcpOptionKind() {
    }

    /**
     * Whether {@code length} (the option's length byte, kind and length octets included) is acceptable for
     * {@code kind}. Every multi-byte option needs at least 2; the kinds this module knows have fixed lengths,
     * and SACK must be 2 + 8n with n in 1..4. Unknown kinds accept any length of at least 2.
     */
    public static boolean lengthValid(int kind, int length) {
        if (length < 2) {
            return false;
        }
        return switch (kind) {
            case MSS -> length == MSS_LENGTH;
            case WINDOW_SCALE -> length == WINDOW_SCALE_LENGTH;
            case SACK_PERMITTED -> length == SACK_PERMITTED_LENGTH;
            case TIMESTAMPS -> length == TIMESTAMPS_LENGTH;
            case SACK -> {
                int data = length - 2;
                int blocks = data / SACK_BLOCK_LENGTH;
                yield data % SACK_BLOCK_LENGTH == 0 && blocks >= 1 && blocks <= MAX_SACK_BLOCKS;
            }
            default -> true;
        };
    }

    /** A short lower-case name as tcpdump prints it ("mss", "wscale", "sackOK", "sack", "TS", "nop", "eol"), or "unknown-N" (cold path). */
    public static String name(int kind) {
        return switch (kind) {
            case EOL -> "eol";
            case NOP -> "nop";
            case MSS -> "mss";
            case WINDOW_SCALE -> "wscale";
            case SACK_PERMITTED -> "sackOK";
            case SACK -> "sack";
            case TIMESTAMPS -> "TS";
            default -> "unknown-" + kind;
        };
    }
}
