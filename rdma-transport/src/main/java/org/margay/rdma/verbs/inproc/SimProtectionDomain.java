package org.margay.rdma.verbs.inproc;

import org.margay.rdma.verbs.ProtectionDomain;

/** A protection domain of the in-process device: an identity that regions, queue pairs and handles carry. */
final class SimProtectionDomain implements ProtectionDomain {
    final InProcessVerbs device;
    final int number;
    boolean destroyed;

    SimProtectionDomain(InProcessVerbs device, int number) {
        this.device = device;
        this.number = number;
    }

    @Override
    public String toString() {
        return "pd#" + number + "@" + device.device().name();
    }
}
