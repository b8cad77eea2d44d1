package org.margay.pdpix;

/**
 * The priority order a {@link LibOS#sort sort} queue pops in: the element that compares lowest among those
 * available pops first. It must be a consistent total order (as {@link java.util.Comparator}'s contract), quick,
 * non-blocking and non-allocating; it runs in the library OS's poll loop and only reads the elements. An exception
 * it throws is caught and counted as a callback failure; the order of the elements involved is then unspecified.
 */
@FunctionalInterface
public interface ElementComparator {
    /** Negative when {@code a} pops before {@code b}, positive when after, 0 when either may go first. */
    int compare(Sga a, Sga b);
}
