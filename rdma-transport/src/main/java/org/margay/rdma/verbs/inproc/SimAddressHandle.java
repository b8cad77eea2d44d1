package org.margay.rdma.verbs.inproc;

import org.margay.rdma.verbs.AddressHandle;

/** An address handle of the in-process device: the destination host, resolved from the GID when it was made. */
final class SimAddressHandle implements AddressHandle {
    final SimProtectionDomain pd;
    final int destinationIp;
    boolean destroyed;

    SimAddressHandle(SimProtectionDomain pd, int destinationIp) {
        this.pd = pd;
        this.destinationIp = destinationIp;
    }
}
