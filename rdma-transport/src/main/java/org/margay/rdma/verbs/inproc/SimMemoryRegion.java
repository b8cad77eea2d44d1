package org.margay.rdma.verbs.inproc;

import java.lang.foreign.MemorySegment;
import org.margay.rdma.verbs.MemoryRegion;

/**
 * A registered region of the in-process device: the Java segment behind it (through which the device copies),
 * its keys, access rights and protection domain. Its key is {@code index << 8 | generation}, like a hardware key's
 * index and 8-bit key byte, so a stale key of a deregistered region is refused.
 */
final class SimMemoryRegion implements MemoryRegion {
    final SimProtectionDomain pd;
    final MemorySegment segment;
    final int key;
    final int access;
    boolean valid = true;

    SimMemoryRegion(SimProtectionDomain pd, MemorySegment segment, int key, int access) {
        this.pd = pd;
        this.segment = segment;
        this.key = key;
        this.access = access;
    }

    @Override
    public int lkey() {
        return key;
    }

    @Override
    public int rkey() {
        return key;
    }

    @Override
    public long address() {
        return segment.address();
    }

    @Override
    public long length() {
        return segment.byteSize();
    }

    /** The offset inside {@link #segment} of device address {@code address}. */
    long offsetOf(long address) {
        return address - segment.address();
    }

    @Override
    public String toString() {
        return "mr[key=0x" + Integer.toHexString(key) + " " + segment.byteSize() + " B]";
    }
}
