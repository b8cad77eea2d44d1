package org.margay.pdpix.spi;

import java.lang.foreign.MemorySegment;

/**
 * Where a stream queue's bytes come from (a TCP connection's receive buffer, a kernel socket): the
 * {@link ElementDecoder} pulls from it. Implementations are long-lived objects (one per queue), so reading
 * allocates nothing.
 */
@FunctionalInterface
public interface ByteSource {
    /**
     * Copies up to {@code length} available bytes into {@code target} at {@code offset}; returns how many
     * (0 when none are available now), or -1 at end of stream when nothing more will come.
     */
    int read(MemorySegment target, long offset, int length);
}
