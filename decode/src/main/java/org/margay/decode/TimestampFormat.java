package org.margay.decode;

/**
 * How a tcpdump-style line starts: tcpdump's timestamp options. Times are printed in UTC (what tcpdump prints
 * with {@code TZ=GMT0}), with microseconds (nanoseconds are truncated, as tcpdump does without {@code --nano}).
 */
public enum TimestampFormat {
    /** Default: {@code HH:MM:SS.uuuuuu}. */
    TIME_OF_DAY,
    /** {@code -tt}: epoch seconds, {@code SSSSSSSSSS.uuuuuu}. */
    EPOCH,
    /** {@code -tttt}: {@code YYYY-MM-DD HH:MM:SS.uuuuuu}. */
    DATE_AND_TIME,
    /** {@code -t}: no timestamp at all. */
    NONE
}
