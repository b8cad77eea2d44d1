package org.margay.pdpix;

/**
 * The test a {@link LibOS#filter filter} queue applies to every element, on pop and on push: elements for which
 * it answers false are filtered out (dropped, freed and counted).
 *
 * <p>It runs in the library OS's poll loop on the library OS's thread, so it must be quick, must not block, and
 * should not allocate (a lambda that captures only final configuration is fine). It reads the element (through
 * {@link Sga#getByte}, {@link Sga#buffer} and the like) and must neither keep nor free it. An exception it throws
 * is caught: the element is dropped and counted in the library OS's statistics as a callback failure.
 */
@FunctionalInterface
public interface ElementPredicate {
    /** Whether {@code element} passes. */
    boolean test(Sga element);

    /** This predicate and then {@code other} (both must pass). Cold path: allocates the combined predicate. */
    default ElementPredicate and(ElementPredicate other) {
        return element -> test(element) && other.test(element);
    }
}
