package org.margay.fastpath.buffer;

/**
 * A snapshot of a {@link MemoryManager}'s counters.
 *
 * @param name              the manager's name
 * @param buffers           buffers in all pools
 * @param bytes             bytes of buffer memory in all pools
 * @param outstanding       buffers held by somebody now
 * @param allocations       successful {@link MemoryManager#allocate(int)} calls
 * @param chains            of those, the ones answered with a chain of more than one buffer
 * @param failures          {@link MemoryManager#allocate(int)} calls answered with {@code null}
 * @param poolFailures      times a pool itself found no free buffer (includes direct use of the pools)
 */
public record MemoryStats(String name, long buffers, long bytes, long outstanding, long allocations, long chains,
                          long failures, long poolFailures) {
    @Override
    public String toString() {
        return name + ": " + outstanding + "/" + buffers + " buffers out (" + bytes + " B), " + allocations
                + " allocations (" + chains + " chained), " + failures + " failed";
    }
}
