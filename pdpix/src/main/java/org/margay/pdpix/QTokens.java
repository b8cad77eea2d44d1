package org.margay.pdpix;

/**
 * How a qtoken is made and read. A qtoken is a positive {@code long}:
 * <pre>
 *   bit 63     0
 *   bits 48-62 the library OS instance's number (15 bits), so a foreign token is detected
 *   bits 24-47 the slot's generation (24 bits), so a consumed (stale) token is detected
 *   bits 0-23  the slot index (up to 16 M operations in flight)
 * </pre>
 * A negative value returned where a qtoken was expected is a negated {@link Errno}: the operation could not
 * even start (a bad queue descriptor, no free slot).
 */
public final class QTokens {
    /** Largest slot index + 1. */
    public static final int MAX_SLOTS = 1 << 24;
    /** Generations wrap at this value (never 0, so no valid token is 0). */
    public static final int GENERATION_MASK = (1 << 24) - 1;
    /** Largest library OS instance number + 1. */
    public static final int MAX_INSTANCES = 1 << 15;

    private QTokens() {
    }

    /** The token for {@code slot} at {@code generation} of library OS instance {@code instance}. */
    public static long make(int instance, int generation, int slot) {
        return ((long) (instance & (MAX_INSTANCES - 1)) << 48)
                | ((long) (generation & GENERATION_MASK) << 24)
                | (slot & (MAX_SLOTS - 1));
    }

    /** The library OS instance number in {@code qt}. */
    public static int instance(long qt) {
        return (int) (qt >>> 48) & (MAX_INSTANCES - 1);
    }

    /** The generation in {@code qt}. */
    public static int generation(long qt) {
        return (int) (qt >>> 24) & GENERATION_MASK;
    }

    /** The slot index in {@code qt}. */
    public static int slot(long qt) {
        return (int) qt & (MAX_SLOTS - 1);
    }

    /** Whether a value returned as a qtoken is really an error ({@code -errno}). */
    public static boolean isError(long qt) {
        return qt < 0;
    }

    /** The {@link Errno} carried by an error return, or 0 for a real token. */
    public static int errno(long qt) {
        return qt < 0 ? (int) -qt : 0;
    }

    /** A readable form, for messages: {@code qt#slot.generation@instance} or {@code -EBADF}. */
    public static String toString(long qt) {
        if (qt < 0) {
            return "-" + Errno.name((int) -qt);
        }
        return "qt#" + slot(qt) + "." + generation(qt) + "@" + instance(qt);
    }
}
