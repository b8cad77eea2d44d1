/*
 * Prints the size and offset of every rdma-core struct field Margay's FFM binding reads or writes, and the value
 * of every constant it uses, as "name value" lines, from the headers installed on this machine. The layout test
 * (RdmaLayoutProbeTest) compiles this at test time and compares each line with what the Java binding uses.
 */
#include <stddef.h>
#include <stdio.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <infiniband/verbs.h>
#include <rdma/rdma_cma.h>

#define SIZE(t) printf("sizeof(" #t ") %zu\n", sizeof(t))
#define OFF(t, f) printf("offsetof(" #t ", " #f ") %zu\n", offsetof(t, f))
#define VAL(c) printf(#c " %lld\n", (long long) (c))

int main(void)
{
    SIZE(struct ibv_device_attr);
    OFF(struct ibv_device_attr, max_mr_size);
    OFF(struct ibv_device_attr, max_qp_wr);
    OFF(struct ibv_device_attr, max_sge);
    OFF(struct ibv_device_attr, max_cqe);

    SIZE(struct ibv_port_attr);
    OFF(struct ibv_port_attr, state);
    OFF(struct ibv_port_attr, active_mtu);

    SIZE(union ibv_gid);

    OFF(struct ibv_mr, addr);
    OFF(struct ibv_mr, length);
    OFF(struct ibv_mr, lkey);
    OFF(struct ibv_mr, rkey);

    OFF(struct ibv_qp, qp_num);
    OFF(struct ibv_qp, state);

    SIZE(struct ibv_qp_init_attr);
    OFF(struct ibv_qp_init_attr, qp_context);
    OFF(struct ibv_qp_init_attr, send_cq);
    OFF(struct ibv_qp_init_attr, recv_cq);
    OFF(struct ibv_qp_init_attr, srq);
    OFF(struct ibv_qp_init_attr, cap.max_send_wr);
    OFF(struct ibv_qp_init_attr, cap.max_recv_wr);
    OFF(struct ibv_qp_init_attr, cap.max_send_sge);
    OFF(struct ibv_qp_init_attr, cap.max_recv_sge);
    OFF(struct ibv_qp_init_attr, cap.max_inline_data);
    OFF(struct ibv_qp_init_attr, qp_type);
    OFF(struct ibv_qp_init_attr, sq_sig_all);

    SIZE(struct ibv_ah_attr);
    OFF(struct ibv_ah_attr, grh.dgid);
    OFF(struct ibv_ah_attr, grh.flow_label);
    OFF(struct ibv_ah_attr, grh.sgid_index);
    OFF(struct ibv_ah_attr, grh.hop_limit);
    OFF(struct ibv_ah_attr, grh.traffic_class);
    OFF(struct ibv_ah_attr, dlid);
    OFF(struct ibv_ah_attr, sl);
    OFF(struct ibv_ah_attr, src_path_bits);
    OFF(struct ibv_ah_attr, static_rate);
    OFF(struct ibv_ah_attr, is_global);
    OFF(struct ibv_ah_attr, port_num);

    SIZE(struct ibv_qp_attr);
    OFF(struct ibv_qp_attr, qp_state);
    OFF(struct ibv_qp_attr, path_mtu);
    OFF(struct ibv_qp_attr, qkey);
    OFF(struct ibv_qp_attr, rq_psn);
    OFF(struct ibv_qp_attr, sq_psn);
    OFF(struct ibv_qp_attr, dest_qp_num);
    OFF(struct ibv_qp_attr, qp_access_flags);
    OFF(struct ibv_qp_attr, ah_attr);
    OFF(struct ibv_qp_attr, pkey_index);
    OFF(struct ibv_qp_attr, max_rd_atomic);
    OFF(struct ibv_qp_attr, max_dest_rd_atomic);
    OFF(struct ibv_qp_attr, min_rnr_timer);
    OFF(struct ibv_qp_attr, port_num);
    OFF(struct ibv_qp_attr, timeout);
    OFF(struct ibv_qp_attr, retry_cnt);
    OFF(struct ibv_qp_attr, rnr_retry);

    SIZE(struct ibv_sge);
    OFF(struct ibv_sge, addr);
    OFF(struct ibv_sge, length);
    OFF(struct ibv_sge, lkey);

    SIZE(struct ibv_send_wr);
    OFF(struct ibv_send_wr, wr_id);
    OFF(struct ibv_send_wr, next);
    OFF(struct ibv_send_wr, sg_list);
    OFF(struct ibv_send_wr, num_sge);
    OFF(struct ibv_send_wr, opcode);
    OFF(struct ibv_send_wr, send_flags);
    OFF(struct ibv_send_wr, imm_data);
    OFF(struct ibv_send_wr, wr.rdma.remote_addr);
    OFF(struct ibv_send_wr, wr.rdma.rkey);
    OFF(struct ibv_send_wr, wr.ud.ah);
    OFF(struct ibv_send_wr, wr.ud.remote_qpn);
    OFF(struct ibv_send_wr, wr.ud.remote_qkey);

    SIZE(struct ibv_recv_wr);
    OFF(struct ibv_recv_wr, wr_id);
    OFF(struct ibv_recv_wr, next);
    OFF(struct ibv_recv_wr, sg_list);
    OFF(struct ibv_recv_wr, num_sge);

    SIZE(struct ibv_wc);
    OFF(struct ibv_wc, wr_id);
    OFF(struct ibv_wc, status);
    OFF(struct ibv_wc, opcode);
    OFF(struct ibv_wc, byte_len);
    OFF(struct ibv_wc, imm_data);
    OFF(struct ibv_wc, qp_num);
    OFF(struct ibv_wc, src_qp);
    OFF(struct ibv_wc, wc_flags);

    OFF(struct ibv_context, device);

    OFF(struct rdma_event_channel, fd);

    SIZE(struct rdma_cm_id);
    OFF(struct rdma_cm_id, verbs);
    OFF(struct rdma_cm_id, channel);
    OFF(struct rdma_cm_id, context);
    OFF(struct rdma_cm_id, qp);
    OFF(struct rdma_cm_id, route.addr.src_addr);
    OFF(struct rdma_cm_id, route.addr.dst_addr);
    OFF(struct rdma_cm_id, ps);
    OFF(struct rdma_cm_id, port_num);

    SIZE(struct rdma_conn_param);
    OFF(struct rdma_conn_param, private_data);
    OFF(struct rdma_conn_param, private_data_len);
    OFF(struct rdma_conn_param, responder_resources);
    OFF(struct rdma_conn_param, initiator_depth);
    OFF(struct rdma_conn_param, flow_control);
    OFF(struct rdma_conn_param, retry_count);
    OFF(struct rdma_conn_param, rnr_retry_count);
    OFF(struct rdma_conn_param, srq);
    OFF(struct rdma_conn_param, qp_num);

    SIZE(struct rdma_cm_event);
    OFF(struct rdma_cm_event, id);
    OFF(struct rdma_cm_event, listen_id);
    OFF(struct rdma_cm_event, event);
    OFF(struct rdma_cm_event, status);
    OFF(struct rdma_cm_event, param.conn.private_data);
    OFF(struct rdma_cm_event, param.conn.private_data_len);
    OFF(struct rdma_cm_event, param.ud.private_data);
    OFF(struct rdma_cm_event, param.ud.private_data_len);
    OFF(struct rdma_cm_event, param.ud.ah_attr);
    OFF(struct rdma_cm_event, param.ud.qp_num);
    OFF(struct rdma_cm_event, param.ud.qkey);

    SIZE(struct sockaddr_in);
    OFF(struct sockaddr_in, sin_family);
    OFF(struct sockaddr_in, sin_port);
    OFF(struct sockaddr_in, sin_addr);

    VAL(IBV_ACCESS_LOCAL_WRITE);
    VAL(IBV_ACCESS_REMOTE_WRITE);
    VAL(IBV_ACCESS_REMOTE_READ);
    VAL(IBV_WR_RDMA_WRITE);
    VAL(IBV_WR_RDMA_WRITE_WITH_IMM);
    VAL(IBV_WR_SEND);
    VAL(IBV_WR_SEND_WITH_IMM);
    VAL(IBV_WR_RDMA_READ);
    VAL(IBV_SEND_FENCE);
    VAL(IBV_SEND_SIGNALED);
    VAL(IBV_SEND_SOLICITED);
    VAL(IBV_SEND_INLINE);
    VAL(IBV_WC_SEND);
    VAL(IBV_WC_RDMA_WRITE);
    VAL(IBV_WC_RDMA_READ);
    VAL(IBV_WC_RECV);
    VAL(IBV_WC_RECV_RDMA_WITH_IMM);
    VAL(IBV_WC_GRH);
    VAL(IBV_WC_WITH_IMM);
    VAL(IBV_QP_STATE);
    VAL(IBV_QP_ACCESS_FLAGS);
    VAL(IBV_QP_PKEY_INDEX);
    VAL(IBV_QP_PORT);
    VAL(IBV_QP_QKEY);
    VAL(IBV_QP_AV);
    VAL(IBV_QP_PATH_MTU);
    VAL(IBV_QP_TIMEOUT);
    VAL(IBV_QP_RETRY_CNT);
    VAL(IBV_QP_RNR_RETRY);
    VAL(IBV_QP_RQ_PSN);
    VAL(IBV_QP_MAX_QP_RD_ATOMIC);
    VAL(IBV_QP_MIN_RNR_TIMER);
    VAL(IBV_QP_SQ_PSN);
    VAL(IBV_QP_MAX_DEST_RD_ATOMIC);
    VAL(IBV_QP_DEST_QPN);
    VAL(IBV_MTU_1024);
    VAL(IBV_MTU_2048);
    VAL(IBV_MTU_4096);
    VAL(IBV_QPT_RC);
    VAL(IBV_QPT_UD);
    VAL(IBV_QPS_RESET);
    VAL(IBV_QPS_INIT);
    VAL(IBV_QPS_RTR);
    VAL(IBV_QPS_RTS);
    VAL(IBV_QPS_ERR);
    VAL(IBV_WC_SUCCESS);
    VAL(IBV_WC_LOC_LEN_ERR);
    VAL(IBV_WC_LOC_PROT_ERR);
    VAL(IBV_WC_WR_FLUSH_ERR);
    VAL(IBV_WC_REM_ACCESS_ERR);
    VAL(IBV_WC_RETRY_EXC_ERR);
    VAL(IBV_WC_RNR_RETRY_EXC_ERR);
    VAL(RDMA_PS_TCP);
    VAL(RDMA_PS_UDP);
    VAL(RDMA_UDP_QKEY);
    VAL(RDMA_OPTION_ID);
    VAL(RDMA_OPTION_ID_REUSEADDR);
    VAL(RDMA_CM_EVENT_ADDR_RESOLVED);
    VAL(RDMA_CM_EVENT_ADDR_ERROR);
    VAL(RDMA_CM_EVENT_ROUTE_RESOLVED);
    VAL(RDMA_CM_EVENT_ROUTE_ERROR);
    VAL(RDMA_CM_EVENT_CONNECT_REQUEST);
    VAL(RDMA_CM_EVENT_CONNECT_ERROR);
    VAL(RDMA_CM_EVENT_UNREACHABLE);
    VAL(RDMA_CM_EVENT_REJECTED);
    VAL(RDMA_CM_EVENT_ESTABLISHED);
    VAL(RDMA_CM_EVENT_DISCONNECTED);
    VAL(RDMA_CM_EVENT_TIMEWAIT_EXIT);
    VAL(AF_INET);
    VAL(F_GETFL);
    VAL(F_SETFL);
    VAL(O_NONBLOCK);
    return 0;
}
