/*
 * A fake rdma-core provider for ShimDataPathTest: an ibv_context whose ops table points at the functions below, and
 * an ibv_qp and ibv_cq on it. Margay's shim calls rdma-core's real static inline ibv_post_send, ibv_post_recv and
 * ibv_poll_cq (from <infiniband/verbs.h>), which dispatch through context->ops to these functions. They record what
 * the inline functions handed them, read through the real header's struct definitions, and fill work completions
 * the same way, so the test compares the Java binding's view with C's: the data path without a device.
 * Compiled with gcc at test time; nothing here ships.
 */
#include <arpa/inet.h>
#include <string.h>
#include <infiniband/verbs.h>

static struct ibv_context ctx;
static struct ibv_qp qp;
static struct ibv_cq cq;
static int next_rc;
static long long seen[64];

enum {
    SEEN_QP_MATCH, SEEN_WR_ID, SEEN_NEXT_NULL, SEEN_NUM_SGE, SEEN_OPCODE, SEEN_SEND_FLAGS, SEEN_IMM_HOST,
    SEEN_REMOTE_ADDR, SEEN_RKEY, SEEN_UD_AH, SEEN_UD_QPN, SEEN_UD_QKEY,
    SEEN_RECV_WR_ID, SEEN_RECV_NUM_SGE, SEEN_RECV_NEXT_NULL, SEEN_CALLS_SEND, SEEN_CALLS_RECV, SEEN_CALLS_POLL,
    SEEN_POLL_ASKED, SEEN_SGE = 20 /* then 3 per entry: addr, length, lkey; up to 4 entries */,
    SEEN_RECV_SGE = 40 /* addr, length, lkey */
};

static int fake_post_send(struct ibv_qp *q, struct ibv_send_wr *wr, struct ibv_send_wr **bad)
{
    seen[SEEN_CALLS_SEND]++;
    seen[SEEN_QP_MATCH] = q == &qp;
    seen[SEEN_WR_ID] = (long long) wr->wr_id;
    seen[SEEN_NEXT_NULL] = wr->next == NULL;
    seen[SEEN_NUM_SGE] = wr->num_sge;
    seen[SEEN_OPCODE] = wr->opcode;
    seen[SEEN_SEND_FLAGS] = wr->send_flags;
    seen[SEEN_IMM_HOST] = (long long) ntohl(wr->imm_data);
    if (q->qp_type == IBV_QPT_UD) {
        seen[SEEN_UD_AH] = (long long) (uintptr_t) wr->wr.ud.ah;
        seen[SEEN_UD_QPN] = wr->wr.ud.remote_qpn;
        seen[SEEN_UD_QKEY] = wr->wr.ud.remote_qkey;
    } else {
        seen[SEEN_REMOTE_ADDR] = (long long) wr->wr.rdma.remote_addr;
        seen[SEEN_RKEY] = wr->wr.rdma.rkey;
    }
    for (int i = 0; i < wr->num_sge && i < 4; i++) {
        seen[SEEN_SGE + 3 * i] = (long long) wr->sg_list[i].addr;
        seen[SEEN_SGE + 3 * i + 1] = wr->sg_list[i].length;
        seen[SEEN_SGE + 3 * i + 2] = wr->sg_list[i].lkey;
    }
    if (next_rc != 0) {
        *bad = wr;
    }
    return next_rc;
}

static int fake_post_recv(struct ibv_qp *q, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad)
{
    seen[SEEN_CALLS_RECV]++;
    seen[SEEN_QP_MATCH] = q == &qp;
    seen[SEEN_RECV_WR_ID] = (long long) wr->wr_id;
    seen[SEEN_RECV_NUM_SGE] = wr->num_sge;
    seen[SEEN_RECV_NEXT_NULL] = wr->next == NULL;
    seen[SEEN_RECV_SGE] = (long long) wr->sg_list[0].addr;
    seen[SEEN_RECV_SGE + 1] = wr->sg_list[0].length;
    seen[SEEN_RECV_SGE + 2] = wr->sg_list[0].lkey;
    if (next_rc != 0) {
        *bad = wr;
    }
    return next_rc;
}

/* Two completions: a successful receive with immediate data, then a flushed send. */
static int fake_poll_cq(struct ibv_cq *c, int n, struct ibv_wc *wc)
{
    seen[SEEN_CALLS_POLL]++;
    seen[SEEN_POLL_ASKED] = n;
    if (c != &cq) {
        return -1;
    }
    int made = n < 2 ? n : 2;
    memset(wc, 0, sizeof(*wc) * made);
    if (made > 0) {
        wc[0].wr_id = 0x1122334455667788ULL;
        wc[0].status = IBV_WC_SUCCESS;
        wc[0].opcode = IBV_WC_RECV;
        wc[0].byte_len = 4096;
        wc[0].imm_data = htonl(0xCAFEF00Du);
        wc[0].wc_flags = IBV_WC_WITH_IMM | IBV_WC_GRH;
        wc[0].qp_num = 0x1234;
        wc[0].src_qp = 0x5678;
    }
    if (made > 1) {
        wc[1].wr_id = 42;
        wc[1].status = IBV_WC_WR_FLUSH_ERR;
        wc[1].opcode = IBV_WC_SEND;
        wc[1].qp_num = 0x1234;
    }
    return made;
}

/* The fake queue pair of type qp_type (IBV_QPT_RC = 2, IBV_QPT_UD = 4), on the fake context. */
void *fake_qp(int qp_type)
{
    ctx.ops.post_send = fake_post_send;
    ctx.ops.post_recv = fake_post_recv;
    ctx.ops.poll_cq = fake_poll_cq;
    memset(&qp, 0, sizeof(qp));
    qp.context = &ctx;
    qp.qp_num = 0x1234;
    qp.qp_type = (enum ibv_qp_type) qp_type;
    qp.state = IBV_QPS_RTS;
    return &qp;
}

void *fake_cq(void)
{
    ctx.ops.poll_cq = fake_poll_cq;
    memset(&cq, 0, sizeof(cq));
    cq.context = &ctx;
    cq.cqe = 64;
    return &cq;
}

/* What the provider saw; index as in the enum above. */
long long fake_seen(int index)
{
    return index >= 0 && index < 64 ? seen[index] : -1;
}

/* The return code of the next post (0 = accepted). */
void fake_next_rc(int rc)
{
    next_rc = rc;
}

void fake_reset(void)
{
    memset(seen, 0, sizeof(seen));
    next_rc = 0;
}
