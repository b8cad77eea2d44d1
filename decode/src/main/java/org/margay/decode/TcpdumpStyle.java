package org.margay.decode;

/**
 * The tcpdump options that shape a {@link TcpdumpFormatter}'s lines.
 *
 * @param linkHeader   {@code -e}: print the link-level header (MAC addresses, EtherType, VLAN tags)
 * @param verbosity    the number of {@code -v}: 1 adds the IP header line and checksum verdicts, 2 also UDP
 *                     checksums and absolute-looking {@code seq} on every TCP segment, 3 changes nothing more at
 *                     the layers decoded here
 * @param quiet        {@code -q}: shorter transport lines ({@code tcp 0})
 * @param timestamps   the timestamp form
 * @param packetNumbers {@code -#}: prefix every packet with its number
 */
public record TcpdumpStyle(boolean linkHeader, int verbosity, boolean quiet, TimestampFormat timestamps,
                           boolean packetNumbers) {
    /** Checks that verbosity is not negative. */
    public TcpdumpStyle {
        if (verbosity < 0) {
            throw new IllegalArgumentException("verbosity must be >= 0, was " + verbosity);
        }
        java.util.Objects.requireNonNull(timestamps, "timestamps");
    }

    /** {@code tcpdump -n}: no link header, not verbose, time of day. */
    public static TcpdumpStyle plain() {
        return new TcpdumpStyle(false, 0, false, TimestampFormat.TIME_OF_DAY, false);
    }
}
