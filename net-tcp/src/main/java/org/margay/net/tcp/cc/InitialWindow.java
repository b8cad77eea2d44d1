package org.margay.net.tcp.cc;

/**
 * How large the congestion window is before the first ACK (IW), as a function of the sender MSS.
 *
 * <ul>
 *   <li>{@link #segments(int) segments(n)}: n·SMSS. {@link #DEFAULT} is 10 segments, the window RFC 6928
 *       introduced (and what Linux uses for every MSS).</li>
 *   <li>{@link #rfc6928()}: RFC 6928 §2 exactly, IW = min(10·MSS, max(2·MSS, 14600)), which bounds the
 *       burst in bytes for jumbo MSSs.</li>
 *   <li>{@link #rfc5681()}: RFC 5681 §3.1 (from RFC 3390): 2 segments if SMSS &gt; 2190, 3 if SMSS &gt; 1095,
 *       else 4.</li>
 * </ul>
 *
 * <p>An immutable value; {@link #bytes(int)} never returns less than one SMSS.
 */
public final class InitialWindow {
    /** 10 segments (RFC 6928). */
    public static final InitialWindow DEFAULT = segments(10);

    private static final int BY_SEGMENTS = 0;
    private static final int RFC_6928 = 1;
    private static final int RFC_5681 = 2;

    private final int kind;
    private final int segments;

    private InitialWindow(int kind, int segments) {
        this.kind = kind;
        this.segments = segments;
    }

    /**
     * IW = {@code segments}·SMSS.
     *
     * @throws IllegalArgumentException if {@code segments} is not in [1, 1000]
     */
    public static InitialWindow segments(int segments) {
        if (segments < 1 || segments > 1000) {
            throw new IllegalArgumentException("initial window must be 1..1000 segments, got " + segments);
        }
        return new InitialWindow(BY_SEGMENTS, segments);
    }

    /** RFC 6928 §2: IW = min(10·MSS, max(2·MSS, 14600)). */
    public static InitialWindow rfc6928() {
        return new InitialWindow(RFC_6928, 10);
    }

    /** RFC 5681 §3.1, equations for IW: 2, 3 or 4 segments depending on SMSS. */
    public static InitialWindow rfc5681() {
        return new InitialWindow(RFC_5681, 4);
    }

    /** The initial window in bytes for the given sender MSS (values below 1 count as 1). */
    public long bytes(int smss) {
        long mss = Math.max(1, smss);
        return switch (kind) {
            case RFC_6928 -> Math.min(10 * mss, Math.max(2 * mss, 14600));
            case RFC_5681 -> mss > 2190 ? 2 * mss : mss > 1095 ? 3 * mss : 4 * mss;
            default -> segments * mss;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InitialWindow that && kind == that.kind && segments == that.segments;
    }

    @Override
    public int hashCode() {
        return kind * 31 + segments;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RFC_6928 -> "InitialWindow[RFC 6928]";
            case RFC_5681 -> "InitialWindow[RFC 5681]";
            default -> "InitialWindow[" + segments + " segments]";
        };
    }
}
