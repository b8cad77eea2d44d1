package org.margay.packetdrill.script;

/**
 * The time of an event, in microseconds as written. {@code 0.1} is absolute (from the start of the script),
 * {@code +0.1} relative (to the previous event), {@code *} any time. A range {@code a~b} accepts an outbound
 * packet anywhere in it; a blocking span {@code a...b} starts a system call at {@code a} and expects it to
 * return at {@code b}. The end of a range or span takes the start's anchor (a relative start makes both relative
 * to the same base, as packetdrill does).
 *
 * @param type        absolute, relative or any
 * @param startMicros the start (0 for {@link Type#ANY})
 * @param end         none, a range or a blocking span
 * @param endMicros   the end of a range or span, or -1
 */
public record EventTime(Type type, long startMicros, End end, long endMicros) {

    /** How the start is anchored. */
    public enum Type {
        /** From the start of the script. */
        ABSOLUTE,
        /** From the previous event. */
        RELATIVE,
        /** {@code *}: whenever it happens. */
        ANY
    }

    /** What follows the start. */
    public enum End {
        /** A point in time. */
        NONE,
        /** {@code a~b}: anywhere in the range. */
        RANGE,
        /** {@code a...b}: a blocking call from a to b. */
        BLOCKING
    }

    /** {@code *}. */
    public static final EventTime ANY_TIME = new EventTime(Type.ANY, 0, End.NONE, -1);

    /** The script text of this time, for messages. */
    public String describe() {
        if (type == Type.ANY) {
            return "*";
        }
        String prefix = type == Type.RELATIVE ? "+" : "";
        String start = prefix + seconds(startMicros);
        return switch (end) {
            case NONE -> start;
            case RANGE -> start + "~" + prefix + seconds(endMicros);
            case BLOCKING -> start + "..." + seconds(endMicros);
        };
    }

    /** Microseconds as seconds with up to six decimals. */
    public static String seconds(long micros) {
        String sign = micros < 0 ? "-" : "";
        long m = Math.abs(micros);
        String frac = String.format("%06d", m % 1_000_000).replaceAll("0+$", "");
        return sign + (m / 1_000_000) + (frac.isEmpty() ? "" : "." + frac);
    }
}
