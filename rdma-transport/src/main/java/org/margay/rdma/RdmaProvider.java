package org.margay.rdma;

import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;

/** Registers {@link RdmaLibOS} under the name {@code rdma}. */
public final class RdmaProvider implements LibOSProvider {
    @Override
    public String name() {
        return RdmaLibOS.NAME;
    }

    @Override
    public String description() {
        return "RDMA: RC queue pairs for STREAM, UD for DGRAM, over rdma-core (FFM) or an in-process verbs device (rdma.device=inproc:NAME)";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        return RdmaLibOS.open(config);
    }
}
