package org.margay.pdpix;

/**
 * The transformation a {@link LibOS#map map} queue applies to every element, on pop and on push.
 *
 * <p>The element handed in is the mapper's alone: the operator has copied it first if any of its buffers was
 * shared (with the application that pushed it, or with the other target of a {@link LibOS#merge merge}), so the
 * mapper may change it in place ({@link Sga#setByte}, writing through {@link Sga#buffer}, trimming segments) and
 * return it. It may instead return another element it built, taking it from {@code element.pool()}
 * ({@link SgaPool#allocate}); the operator then frees the one it handed in (so a mapper that reuses buffers of
 * the input in its result must {@link org.margay.fastpath.buffer.PacketBuffer#retain retain} them). Returning
 * {@code null} or an empty element drops it (counted).
 *
 * <p>It runs in the library OS's poll loop on the library OS's thread: it must be quick, must not block, and
 * should allocate nothing on the Java heap. An exception it throws is caught: the element is dropped and counted
 * as a callback failure.
 */
@FunctionalInterface
public interface ElementMapper {
    /** The element to pass on instead of {@code element}, or {@code null} to drop it. */
    Sga map(Sga element);
}
