package org.margay.rdma.verbs;

import java.util.Objects;

/**
 * What a new queue pair is made with ({@code struct ibv_qp_init_attr}): its type, completion queues and
 * capacities.
 *
 * @param type          RC or UD
 * @param sendCq        where send completions go
 * @param recvCq        where receive completions go
 * @param maxSendWr     send queue depth
 * @param maxRecvWr     receive queue depth
 * @param maxSendSge    scatter-gather entries per send
 * @param maxRecvSge    scatter-gather entries per receive
 * @param maxInlineData bytes a send may carry inline
 * @param signalAll     whether every send completes on the CQ, signalled or not ({@code sq_sig_all})
 */
public record QpInitAttributes(QpType type, CompletionQueue sendCq, CompletionQueue recvCq, int maxSendWr, int maxRecvWr,
                               int maxSendSge, int maxRecvSge, int maxInlineData, boolean signalAll) {
    /** Checks the capacities. */
    public QpInitAttributes {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sendCq, "sendCq");
        Objects.requireNonNull(recvCq, "recvCq");
        if (maxSendWr < 1 || maxRecvWr < 1 || maxSendSge < 1 || maxRecvSge < 1 || maxInlineData < 0) {
            throw new IllegalArgumentException("queue pair capacities must be positive: send " + maxSendWr + " recv " + maxRecvWr
                    + " send sge " + maxSendSge + " recv sge " + maxRecvSge + " inline " + maxInlineData);
        }
    }
}
