package org.margay.rdma.verbs;

/** Queue pair transport types ({@code enum ibv_qp_type} in {@code infiniband/verbs.h}). */
public enum QpType {
    /** Reliable connected: ordered, acknowledged, SEND/RECV, RDMA WRITE and READ ({@code IBV_QPT_RC = 2}). */
    RC(2),
    /** Unreliable datagram: one message per path MTU, addressed per send by an address handle ({@code IBV_QPT_UD = 4}). */
    UD(4);

    private final int value;

    QpType(int value) {
        this.value = value;
    }

    /** The value in rdma-core's enum. */
    public int value() {
        return value;
    }
}
