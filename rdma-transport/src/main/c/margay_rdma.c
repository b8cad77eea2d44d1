/*
 * Margay's shim for rdma-core: the verbs that rdma-core defines as static inline functions in
 * <infiniband/verbs.h> (they dispatch through context->ops), which FFM cannot call directly.
 * Nothing else lives here: every other call goes straight to libibverbs and librdmacm.
 */
#include <infiniband/verbs.h>

int margay_ibv_post_send(struct ibv_qp *qp, struct ibv_send_wr *wr, struct ibv_send_wr **bad_wr)
{
    return ibv_post_send(qp, wr, bad_wr);
}

int margay_ibv_post_recv(struct ibv_qp *qp, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad_wr)
{
    return ibv_post_recv(qp, wr, bad_wr);
}

int margay_ibv_poll_cq(struct ibv_cq *cq, int num_entries, struct ibv_wc *wc)
{
    return ibv_poll_cq(cq, num_entries, wc);
}

int margay_ibv_query_port(struct ibv_context *context, int port_num, struct ibv_port_attr *port_attr)
{
    return ibv_query_port(context, (uint8_t) port_num, port_attr);
}

/* The shim's own version, so Java can tell a stale build. */
int margay_rdma_shim_version(void)
{
    return 1;
}
