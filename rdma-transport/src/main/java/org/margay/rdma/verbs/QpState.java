package org.margay.rdma.verbs;

/**
 * Queue pair states ({@code enum ibv_qp_state}). The life of an RC queue pair is RESET → INIT → RTR (ready to
 * receive) → RTS (ready to send), and any state → ERR on a fatal completion or on request; ERR → RESET recycles it
 * (InfiniBand Architecture Specification vol. 1, §10.3.1, figure 124). The send-queue-drain states are not used.
 */
public enum QpState {
    RESET(0),
    INIT(1),
    RTR(2),
    RTS(3),
    SQD(4),
    SQE(5),
    ERR(6);

    private final int value;

    QpState(int value) {
        this.value = value;
    }

    /** The value in rdma-core's enum. */
    public int value() {
        return value;
    }

    /** The state with rdma-core value {@code value}. */
    public static QpState of(int value) {
        for (QpState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("no ibv_qp_state " + value);
    }
}
