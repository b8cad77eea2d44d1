package org.margay.rdma;

/**
 * How the library OS names its work requests, so that one completion queue serves every queue pair: a
 * {@code wr_id} packs the endpoint's table index and generation (a completion of a destroyed endpoint is
 * recognised as stale), the kind of request, and the entry in the endpoint's ring.
 * <pre>
 *   bits 44-63  endpoint index (20 bits)
 *   bits 32-43  endpoint generation (12 bits)
 *   bits 28-31  kind: {@link #RECV} or {@link #SEND}
 *   bits  0-27  ring entry
 * </pre>
 */
final class WorkIds {
    static final int RECV = 1;
    static final int SEND = 2;
    static final int MAX_ENDPOINTS = 1 << 20;
    static final int GENERATION_MASK = (1 << 12) - 1;

    private WorkIds() {
    }

    static long make(int endpoint, int generation, int kind, int entry) {
        return (long) endpoint << 44 | (long) (generation & GENERATION_MASK) << 32 | (long) kind << 28 | (entry & 0x0FFF_FFFF);
    }

    static int endpoint(long wrId) {
        return (int) (wrId >>> 44);
    }

    static int generation(long wrId) {
        return (int) (wrId >>> 32) & GENERATION_MASK;
    }

    static int kind(long wrId) {
        return (int) (wrId >>> 28) & 0xF;
    }

    static int entry(long wrId) {
        return (int) wrId & 0x0FFF_FFFF;
    }
}
