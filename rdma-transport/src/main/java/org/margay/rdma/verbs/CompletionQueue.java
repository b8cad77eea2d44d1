package org.margay.rdma.verbs;

/** A completion queue ({@code struct ibv_cq}) that work completions of one or more queue pairs land on. */
public interface CompletionQueue {
    /** How many completions it holds before it overflows. */
    int capacity();
}
