package org.margay.pdpix.spi;

import java.lang.foreign.MemorySegment;

/**
 * Where a stream queue's bytes go (a TCP connection's send buffer, a kernel socket): the
 * {@link ElementEncoder} pushes into it. One long-lived object per queue.
 */
@FunctionalInterface
public interface ByteSink {
    /**
     * Takes up to {@code length} bytes of {@code source} from {@code offset}; returns how many it took (0 when
     * it has no room now), or a negative {@link org.margay.pdpix.Errno} when it never will (a reset connection).
     */
    int write(MemorySegment source, long offset, int length);
}
