package org.margay.rdma.verbs;

/**
 * A queue pair ({@code struct ibv_qp}): a send queue and a receive queue, of type {@link QpType#RC} or
 * {@link QpType#UD}, moved through its states with {@link Verbs#modifyQp}.
 */
public interface QueuePair {
    /** The queue pair number peers address it by (24 bits). */
    int qpNum();

    /** Its transport type. */
    QpType type();

    /** The state the library last knew it in (after the last modify, or an error completion). */
    QpState state();
}
