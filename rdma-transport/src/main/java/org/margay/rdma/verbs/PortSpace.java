package org.margay.rdma.verbs;

/**
 * Connection manager port spaces ({@code enum rdma_port_space} in {@code rdma/rdma_cma.h}): RC connections live
 * in the TCP port space, UD queue pairs in the UDP one, so a TCP port and a UDP port of the same number are
 * different endpoints, as with sockets.
 */
public enum PortSpace {
    /** Reliable connected queue pairs ({@code RDMA_PS_TCP = 0x0106}). */
    TCP(0x0106),
    /** Unreliable datagram queue pairs ({@code RDMA_PS_UDP = 0x0111}). */
    UDP(0x0111);

    private final int value;

    PortSpace(int value) {
        this.value = value;
    }

    /** The value in rdma-core's enum. */
    public int value() {
        return value;
    }
}
