package org.margay.rdma.verbs.ffm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.WcStatus;

/**
 * The sizes and field offsets of the rdma-core structs the FFM binding reads and writes, for x86-64 Linux with
 * rdma-core 44's {@code <infiniband/verbs.h>} and {@code <rdma/rdma_cma.h>}, and of the libc bits it uses.
 * jextract cannot be used (no Maven artifact, and the verbs it matters for are {@code static inline}), so they are
 * written here by hand, each named after its C field; {@link #expectations()} lists every one of them, together
 * with every constant of {@link VerbsConstants}, so that the layout probe test can compile a C program against the
 * installed headers and check them all.
 */
public final class IbvLayout {
    private IbvLayout() {
    }

    // struct ibv_device_attr
    static final long DEVICE_ATTR_SIZE = 232;
    static final long DEVICE_ATTR_MAX_MR_SIZE = 80;
    static final long DEVICE_ATTR_MAX_QP_WR = 112;
    static final long DEVICE_ATTR_MAX_SGE = 120;
    static final long DEVICE_ATTR_MAX_CQE = 132;

    // struct ibv_port_attr
    static final long PORT_ATTR_SIZE = 52;
    static final long PORT_ATTR_STATE = 0;
    static final long PORT_ATTR_ACTIVE_MTU = 8;

    // union ibv_gid
    static final long GID_SIZE = 16;

    // struct ibv_context
    static final long CONTEXT_DEVICE = 0;

    // struct ibv_mr
    static final long MR_ADDR = 16;
    static final long MR_LENGTH = 24;
    static final long MR_LKEY = 36;
    static final long MR_RKEY = 40;
    static final long MR_READ_SIZE = 44;

    // struct ibv_qp
    static final long QP_QP_NUM = 52;
    static final long QP_STATE = 56;
    static final long QP_READ_SIZE = 60;

    // struct ibv_qp_init_attr (with struct ibv_qp_cap cap at 32)
    static final long QP_INIT_ATTR_SIZE = 64;
    static final long QP_INIT_QP_CONTEXT = 0;
    static final long QP_INIT_SEND_CQ = 8;
    static final long QP_INIT_RECV_CQ = 16;
    static final long QP_INIT_SRQ = 24;
    static final long QP_INIT_MAX_SEND_WR = 32;
    static final long QP_INIT_MAX_RECV_WR = 36;
    static final long QP_INIT_MAX_SEND_SGE = 40;
    static final long QP_INIT_MAX_RECV_SGE = 44;
    static final long QP_INIT_MAX_INLINE_DATA = 48;
    static final long QP_INIT_QP_TYPE = 52;
    static final long QP_INIT_SQ_SIG_ALL = 56;

    // struct ibv_ah_attr (with struct ibv_global_route grh at 0)
    static final long AH_ATTR_SIZE = 32;
    static final long AH_GRH_DGID = 0;
    static final long AH_GRH_FLOW_LABEL = 16;
    static final long AH_GRH_SGID_INDEX = 20;
    static final long AH_GRH_HOP_LIMIT = 21;
    static final long AH_GRH_TRAFFIC_CLASS = 22;
    static final long AH_DLID = 24;
    static final long AH_SL = 26;
    static final long AH_SRC_PATH_BITS = 27;
    static final long AH_STATIC_RATE = 28;
    static final long AH_IS_GLOBAL = 29;
    static final long AH_PORT_NUM = 30;

    // struct ibv_qp_attr
    static final long QP_ATTR_SIZE = 144;
    static final long QP_ATTR_QP_STATE = 0;
    static final long QP_ATTR_PATH_MTU = 8;
    static final long QP_ATTR_QKEY = 16;
    static final long QP_ATTR_RQ_PSN = 20;
    static final long QP_ATTR_SQ_PSN = 24;
    static final long QP_ATTR_DEST_QP_NUM = 28;
    static final long QP_ATTR_QP_ACCESS_FLAGS = 32;
    static final long QP_ATTR_AH_ATTR = 56;
    static final long QP_ATTR_PKEY_INDEX = 120;
    static final long QP_ATTR_MAX_RD_ATOMIC = 126;
    static final long QP_ATTR_MAX_DEST_RD_ATOMIC = 127;
    static final long QP_ATTR_MIN_RNR_TIMER = 128;
    static final long QP_ATTR_PORT_NUM = 129;
    static final long QP_ATTR_TIMEOUT = 130;
    static final long QP_ATTR_RETRY_CNT = 131;
    static final long QP_ATTR_RNR_RETRY = 132;

    // struct ibv_sge
    static final long SGE_SIZE = 16;
    static final long SGE_ADDR = 0;
    static final long SGE_LENGTH = 8;
    static final long SGE_LKEY = 12;

    // struct ibv_send_wr
    static final long SEND_WR_SIZE = 128;
    static final long SEND_WR_WR_ID = 0;
    static final long SEND_WR_NEXT = 8;
    static final long SEND_WR_SG_LIST = 16;
    static final long SEND_WR_NUM_SGE = 24;
    static final long SEND_WR_OPCODE = 28;
    static final long SEND_WR_SEND_FLAGS = 32;
    static final long SEND_WR_IMM_DATA = 36;
    static final long SEND_WR_RDMA_REMOTE_ADDR = 40;
    static final long SEND_WR_RDMA_RKEY = 48;
    static final long SEND_WR_UD_AH = 40;
    static final long SEND_WR_UD_REMOTE_QPN = 48;
    static final long SEND_WR_UD_REMOTE_QKEY = 52;

    // struct ibv_recv_wr
    static final long RECV_WR_SIZE = 32;
    static final long RECV_WR_WR_ID = 0;
    static final long RECV_WR_NEXT = 8;
    static final long RECV_WR_SG_LIST = 16;
    static final long RECV_WR_NUM_SGE = 24;

    // struct ibv_wc
    static final long WC_SIZE = 48;
    static final long WC_WR_ID = 0;
    static final long WC_STATUS = 8;
    static final long WC_OPCODE = 12;
    static final long WC_BYTE_LEN = 20;
    static final long WC_IMM_DATA = 24;
    static final long WC_QP_NUM = 28;
    static final long WC_SRC_QP = 32;
    static final long WC_WC_FLAGS = 36;

    // struct rdma_event_channel
    static final long EVENT_CHANNEL_FD = 0;

    // struct rdma_cm_id (struct rdma_route route at 32, whose struct rdma_addr addr comes first)
    static final long CM_ID_SIZE = 416;
    static final long CM_ID_VERBS = 0;
    static final long CM_ID_CHANNEL = 8;
    static final long CM_ID_CONTEXT = 16;
    static final long CM_ID_QP = 24;
    static final long CM_ID_SRC_ADDR = 32;
    static final long CM_ID_DST_ADDR = 160;
    static final long CM_ID_PS = 344;
    static final long CM_ID_PORT_NUM = 348;

    // struct rdma_conn_param
    static final long CONN_PARAM_SIZE = 24;
    static final long CONN_PRIVATE_DATA = 0;
    static final long CONN_PRIVATE_DATA_LEN = 8;
    static final long CONN_RESPONDER_RESOURCES = 9;
    static final long CONN_INITIATOR_DEPTH = 10;
    static final long CONN_FLOW_CONTROL = 11;
    static final long CONN_RETRY_COUNT = 12;
    static final long CONN_RNR_RETRY_COUNT = 13;
    static final long CONN_SRQ = 14;
    static final long CONN_QP_NUM = 16;

    // struct rdma_cm_event (union param at 24: struct rdma_conn_param conn / struct rdma_ud_param ud)
    static final long CM_EVENT_SIZE = 80;
    static final long CM_EVENT_ID = 0;
    static final long CM_EVENT_LISTEN_ID = 8;
    static final long CM_EVENT_EVENT = 16;
    static final long CM_EVENT_STATUS = 20;
    static final long CM_EVENT_CONN_PRIVATE_DATA = 24;
    static final long CM_EVENT_CONN_PRIVATE_DATA_LEN = 32;
    static final long CM_EVENT_UD_PRIVATE_DATA = 24;
    static final long CM_EVENT_UD_PRIVATE_DATA_LEN = 32;
    static final long CM_EVENT_UD_AH_ATTR = 40;
    static final long CM_EVENT_UD_QP_NUM = 72;
    static final long CM_EVENT_UD_QKEY = 76;

    // struct sockaddr_in (<netinet/in.h>)
    static final long SOCKADDR_IN_SIZE = 16;
    static final long SIN_FAMILY = 0;
    static final long SIN_PORT = 2;
    static final long SIN_ADDR = 4;

    // libc and librdmacm constants
    static final int AF_INET = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int O_NONBLOCK = 2048;
    static final int RDMA_OPTION_ID = 0;
    static final int RDMA_OPTION_ID_REUSEADDR = 1;

    /**
     * Every size, offset and constant the binding uses, keyed as the layout probe prints them
     * ({@code sizeof(struct ibv_wc)}, {@code offsetof(struct ibv_wc, imm_data)}, {@code IBV_WC_WITH_IMM}).
     */
    public static Map<String, Long> expectations() {
        Map<String, Long> m = new LinkedHashMap<>();
        size(m, "struct ibv_device_attr", DEVICE_ATTR_SIZE);
        off(m, "struct ibv_device_attr", "max_mr_size", DEVICE_ATTR_MAX_MR_SIZE);
        off(m, "struct ibv_device_attr", "max_qp_wr", DEVICE_ATTR_MAX_QP_WR);
        off(m, "struct ibv_device_attr", "max_sge", DEVICE_ATTR_MAX_SGE);
        off(m, "struct ibv_device_attr", "max_cqe", DEVICE_ATTR_MAX_CQE);
        size(m, "struct ibv_port_attr", PORT_ATTR_SIZE);
        off(m, "struct ibv_port_attr", "state", PORT_ATTR_STATE);
        off(m, "struct ibv_port_attr", "active_mtu", PORT_ATTR_ACTIVE_MTU);
        size(m, "union ibv_gid", GID_SIZE);
        off(m, "struct ibv_mr", "addr", MR_ADDR);
        off(m, "struct ibv_mr", "length", MR_LENGTH);
        off(m, "struct ibv_mr", "lkey", MR_LKEY);
        off(m, "struct ibv_mr", "rkey", MR_RKEY);
        off(m, "struct ibv_qp", "qp_num", QP_QP_NUM);
        off(m, "struct ibv_qp", "state", QP_STATE);
        size(m, "struct ibv_qp_init_attr", QP_INIT_ATTR_SIZE);
        off(m, "struct ibv_qp_init_attr", "qp_context", QP_INIT_QP_CONTEXT);
        off(m, "struct ibv_qp_init_attr", "send_cq", QP_INIT_SEND_CQ);
        off(m, "struct ibv_qp_init_attr", "recv_cq", QP_INIT_RECV_CQ);
        off(m, "struct ibv_qp_init_attr", "srq", QP_INIT_SRQ);
        off(m, "struct ibv_qp_init_attr", "cap.max_send_wr", QP_INIT_MAX_SEND_WR);
        off(m, "struct ibv_qp_init_attr", "cap.max_recv_wr", QP_INIT_MAX_RECV_WR);
        off(m, "struct ibv_qp_init_attr", "cap.max_send_sge", QP_INIT_MAX_SEND_SGE);
        off(m, "struct ibv_qp_init_attr", "cap.max_recv_sge", QP_INIT_MAX_RECV_SGE);
        off(m, "struct ibv_qp_init_attr", "cap.max_inline_data", QP_INIT_MAX_INLINE_DATA);
        off(m, "struct ibv_qp_init_attr", "qp_type", QP_INIT_QP_TYPE);
        off(m, "struct ibv_qp_init_attr", "sq_sig_all", QP_INIT_SQ_SIG_ALL);
        size(m, "struct ibv_ah_attr", AH_ATTR_SIZE);
        off(m, "struct ibv_ah_attr", "grh.dgid", AH_GRH_DGID);
        off(m, "struct ibv_ah_attr", "grh.flow_label", AH_GRH_FLOW_LABEL);
        off(m, "struct ibv_ah_attr", "grh.sgid_index", AH_GRH_SGID_INDEX);
        off(m, "struct ibv_ah_attr", "grh.hop_limit", AH_GRH_HOP_LIMIT);
        off(m, "struct ibv_ah_attr", "grh.traffic_class", AH_GRH_TRAFFIC_CLASS);
        off(m, "struct ibv_ah_attr", "dlid", AH_DLID);
        off(m, "struct ibv_ah_attr", "sl", AH_SL);
        off(m, "struct ibv_ah_attr", "src_path_bits", AH_SRC_PATH_BITS);
        off(m, "struct ibv_ah_attr", "static_rate", AH_STATIC_RATE);
        off(m, "struct ibv_ah_attr", "is_global", AH_IS_GLOBAL);
        off(m, "struct ibv_ah_attr", "port_num", AH_PORT_NUM);
        size(m, "struct ibv_qp_attr", QP_ATTR_SIZE);
        off(m, "struct ibv_qp_attr", "qp_state", QP_ATTR_QP_STATE);
        off(m, "struct ibv_qp_attr", "path_mtu", QP_ATTR_PATH_MTU);
        off(m, "struct ibv_qp_attr", "qkey", QP_ATTR_QKEY);
        off(m, "struct ibv_qp_attr", "rq_psn", QP_ATTR_RQ_PSN);
        off(m, "struct ibv_qp_attr", "sq_psn", QP_ATTR_SQ_PSN);
        off(m, "struct ibv_qp_attr", "dest_qp_num", QP_ATTR_DEST_QP_NUM);
        off(m, "struct ibv_qp_attr", "qp_access_flags", QP_ATTR_QP_ACCESS_FLAGS);
        off(m, "struct ibv_qp_attr", "ah_attr", QP_ATTR_AH_ATTR);
        off(m, "struct ibv_qp_attr", "pkey_index", QP_ATTR_PKEY_INDEX);
        off(m, "struct ibv_qp_attr", "max_rd_atomic", QP_ATTR_MAX_RD_ATOMIC);
        off(m, "struct ibv_qp_attr", "max_dest_rd_atomic", QP_ATTR_MAX_DEST_RD_ATOMIC);
        off(m, "struct ibv_qp_attr", "min_rnr_timer", QP_ATTR_MIN_RNR_TIMER);
        off(m, "struct ibv_qp_attr", "port_num", QP_ATTR_PORT_NUM);
        off(m, "struct ibv_qp_attr", "timeout", QP_ATTR_TIMEOUT);
        off(m, "struct ibv_qp_attr", "retry_cnt", QP_ATTR_RETRY_CNT);
        off(m, "struct ibv_qp_attr", "rnr_retry", QP_ATTR_RNR_RETRY);
        size(m, "struct ibv_sge", SGE_SIZE);
        off(m, "struct ibv_sge", "addr", SGE_ADDR);
        off(m, "struct ibv_sge", "length", SGE_LENGTH);
        off(m, "struct ibv_sge", "lkey", SGE_LKEY);
        size(m, "struct ibv_send_wr", SEND_WR_SIZE);
        off(m, "struct ibv_send_wr", "wr_id", SEND_WR_WR_ID);
        off(m, "struct ibv_send_wr", "next", SEND_WR_NEXT);
        off(m, "struct ibv_send_wr", "sg_list", SEND_WR_SG_LIST);
        off(m, "struct ibv_send_wr", "num_sge", SEND_WR_NUM_SGE);
        off(m, "struct ibv_send_wr", "opcode", SEND_WR_OPCODE);
        off(m, "struct ibv_send_wr", "send_flags", SEND_WR_SEND_FLAGS);
        off(m, "struct ibv_send_wr", "imm_data", SEND_WR_IMM_DATA);
        off(m, "struct ibv_send_wr", "wr.rdma.remote_addr", SEND_WR_RDMA_REMOTE_ADDR);
        off(m, "struct ibv_send_wr", "wr.rdma.rkey", SEND_WR_RDMA_RKEY);
        off(m, "struct ibv_send_wr", "wr.ud.ah", SEND_WR_UD_AH);
        off(m, "struct ibv_send_wr", "wr.ud.remote_qpn", SEND_WR_UD_REMOTE_QPN);
        off(m, "struct ibv_send_wr", "wr.ud.remote_qkey", SEND_WR_UD_REMOTE_QKEY);
        size(m, "struct ibv_recv_wr", RECV_WR_SIZE);
        off(m, "struct ibv_recv_wr", "wr_id", RECV_WR_WR_ID);
        off(m, "struct ibv_recv_wr", "next", RECV_WR_NEXT);
        off(m, "struct ibv_recv_wr", "sg_list", RECV_WR_SG_LIST);
        off(m, "struct ibv_recv_wr", "num_sge", RECV_WR_NUM_SGE);
        size(m, "struct ibv_wc", WC_SIZE);
        off(m, "struct ibv_wc", "wr_id", WC_WR_ID);
        off(m, "struct ibv_wc", "status", WC_STATUS);
        off(m, "struct ibv_wc", "opcode", WC_OPCODE);
        off(m, "struct ibv_wc", "byte_len", WC_BYTE_LEN);
        off(m, "struct ibv_wc", "imm_data", WC_IMM_DATA);
        off(m, "struct ibv_wc", "qp_num", WC_QP_NUM);
        off(m, "struct ibv_wc", "src_qp", WC_SRC_QP);
        off(m, "struct ibv_wc", "wc_flags", WC_WC_FLAGS);
        off(m, "struct ibv_context", "device", CONTEXT_DEVICE);
        off(m, "struct rdma_event_channel", "fd", EVENT_CHANNEL_FD);
        size(m, "struct rdma_cm_id", CM_ID_SIZE);
        off(m, "struct rdma_cm_id", "verbs", CM_ID_VERBS);
        off(m, "struct rdma_cm_id", "channel", CM_ID_CHANNEL);
        off(m, "struct rdma_cm_id", "context", CM_ID_CONTEXT);
        off(m, "struct rdma_cm_id", "qp", CM_ID_QP);
        off(m, "struct rdma_cm_id", "route.addr.src_addr", CM_ID_SRC_ADDR);
        off(m, "struct rdma_cm_id", "route.addr.dst_addr", CM_ID_DST_ADDR);
        off(m, "struct rdma_cm_id", "ps", CM_ID_PS);
        off(m, "struct rdma_cm_id", "port_num", CM_ID_PORT_NUM);
        size(m, "struct rdma_conn_param", CONN_PARAM_SIZE);
        off(m, "struct rdma_conn_param", "private_data", CONN_PRIVATE_DATA);
        off(m, "struct rdma_conn_param", "private_data_len", CONN_PRIVATE_DATA_LEN);
        off(m, "struct rdma_conn_param", "responder_resources", CONN_RESPONDER_RESOURCES);
        off(m, "struct rdma_conn_param", "initiator_depth", CONN_INITIATOR_DEPTH);
        off(m, "struct rdma_conn_param", "flow_control", CONN_FLOW_CONTROL);
        off(m, "struct rdma_conn_param", "retry_count", CONN_RETRY_COUNT);
        off(m, "struct rdma_conn_param", "rnr_retry_count", CONN_RNR_RETRY_COUNT);
        off(m, "struct rdma_conn_param", "srq", CONN_SRQ);
        off(m, "struct rdma_conn_param", "qp_num", CONN_QP_NUM);
        size(m, "struct rdma_cm_event", CM_EVENT_SIZE);
        off(m, "struct rdma_cm_event", "id", CM_EVENT_ID);
        off(m, "struct rdma_cm_event", "listen_id", CM_EVENT_LISTEN_ID);
        off(m, "struct rdma_cm_event", "event", CM_EVENT_EVENT);
        off(m, "struct rdma_cm_event", "status", CM_EVENT_STATUS);
        off(m, "struct rdma_cm_event", "param.conn.private_data", CM_EVENT_CONN_PRIVATE_DATA);
        off(m, "struct rdma_cm_event", "param.conn.private_data_len", CM_EVENT_CONN_PRIVATE_DATA_LEN);
        off(m, "struct rdma_cm_event", "param.ud.private_data", CM_EVENT_UD_PRIVATE_DATA);
        off(m, "struct rdma_cm_event", "param.ud.private_data_len", CM_EVENT_UD_PRIVATE_DATA_LEN);
        off(m, "struct rdma_cm_event", "param.ud.ah_attr", CM_EVENT_UD_AH_ATTR);
        off(m, "struct rdma_cm_event", "param.ud.qp_num", CM_EVENT_UD_QP_NUM);
        off(m, "struct rdma_cm_event", "param.ud.qkey", CM_EVENT_UD_QKEY);
        size(m, "struct sockaddr_in", SOCKADDR_IN_SIZE);
        off(m, "struct sockaddr_in", "sin_family", SIN_FAMILY);
        off(m, "struct sockaddr_in", "sin_port", SIN_PORT);
        off(m, "struct sockaddr_in", "sin_addr", SIN_ADDR);

        m.put("IBV_ACCESS_LOCAL_WRITE", (long) VerbsConstants.ACCESS_LOCAL_WRITE);
        m.put("IBV_ACCESS_REMOTE_WRITE", (long) VerbsConstants.ACCESS_REMOTE_WRITE);
        m.put("IBV_ACCESS_REMOTE_READ", (long) VerbsConstants.ACCESS_REMOTE_READ);
        m.put("IBV_WR_RDMA_WRITE", (long) VerbsConstants.WR_RDMA_WRITE);
        m.put("IBV_WR_RDMA_WRITE_WITH_IMM", (long) VerbsConstants.WR_RDMA_WRITE_WITH_IMM);
        m.put("IBV_WR_SEND", (long) VerbsConstants.WR_SEND);
        m.put("IBV_WR_SEND_WITH_IMM", (long) VerbsConstants.WR_SEND_WITH_IMM);
        m.put("IBV_WR_RDMA_READ", (long) VerbsConstants.WR_RDMA_READ);
        m.put("IBV_SEND_FENCE", (long) VerbsConstants.SEND_FENCE);
        m.put("IBV_SEND_SIGNALED", (long) VerbsConstants.SEND_SIGNALED);
        m.put("IBV_SEND_SOLICITED", (long) VerbsConstants.SEND_SOLICITED);
        m.put("IBV_SEND_INLINE", (long) VerbsConstants.SEND_INLINE);
        m.put("IBV_WC_SEND", (long) VerbsConstants.WC_SEND);
        m.put("IBV_WC_RDMA_WRITE", (long) VerbsConstants.WC_RDMA_WRITE);
        m.put("IBV_WC_RDMA_READ", (long) VerbsConstants.WC_RDMA_READ);
        m.put("IBV_WC_RECV", (long) VerbsConstants.WC_RECV);
        m.put("IBV_WC_RECV_RDMA_WITH_IMM", (long) VerbsConstants.WC_RECV_RDMA_WITH_IMM);
        m.put("IBV_WC_GRH", (long) VerbsConstants.WC_GRH);
        m.put("IBV_WC_WITH_IMM", (long) VerbsConstants.WC_WITH_IMM);
        m.put("IBV_QP_STATE", (long) VerbsConstants.QP_STATE);
        m.put("IBV_QP_ACCESS_FLAGS", (long) VerbsConstants.QP_ACCESS_FLAGS);
        m.put("IBV_QP_PKEY_INDEX", (long) VerbsConstants.QP_PKEY_INDEX);
        m.put("IBV_QP_PORT", (long) VerbsConstants.QP_PORT);
        m.put("IBV_QP_QKEY", (long) VerbsConstants.QP_QKEY);
        m.put("IBV_QP_AV", (long) VerbsConstants.QP_AV);
        m.put("IBV_QP_PATH_MTU", (long) VerbsConstants.QP_PATH_MTU);
        m.put("IBV_QP_TIMEOUT", (long) VerbsConstants.QP_TIMEOUT);
        m.put("IBV_QP_RETRY_CNT", (long) VerbsConstants.QP_RETRY_CNT);
        m.put("IBV_QP_RNR_RETRY", (long) VerbsConstants.QP_RNR_RETRY);
        m.put("IBV_QP_RQ_PSN", (long) VerbsConstants.QP_RQ_PSN);
        m.put("IBV_QP_MAX_QP_RD_ATOMIC", (long) VerbsConstants.QP_MAX_QP_RD_ATOMIC);
        m.put("IBV_QP_MIN_RNR_TIMER", (long) VerbsConstants.QP_MIN_RNR_TIMER);
        m.put("IBV_QP_SQ_PSN", (long) VerbsConstants.QP_SQ_PSN);
        m.put("IBV_QP_MAX_DEST_RD_ATOMIC", (long) VerbsConstants.QP_MAX_DEST_RD_ATOMIC);
        m.put("IBV_QP_DEST_QPN", (long) VerbsConstants.QP_DEST_QPN);
        m.put("IBV_MTU_1024", (long) VerbsConstants.MTU_1024);
        m.put("IBV_MTU_2048", (long) VerbsConstants.MTU_2048);
        m.put("IBV_MTU_4096", (long) VerbsConstants.MTU_4096);
        m.put("IBV_QPT_RC", (long) QpType.RC.value());
        m.put("IBV_QPT_UD", (long) QpType.UD.value());
        m.put("IBV_QPS_RESET", (long) QpState.RESET.value());
        m.put("IBV_QPS_INIT", (long) QpState.INIT.value());
        m.put("IBV_QPS_RTR", (long) QpState.RTR.value());
        m.put("IBV_QPS_RTS", (long) QpState.RTS.value());
        m.put("IBV_QPS_ERR", (long) QpState.ERR.value());
        m.put("IBV_WC_SUCCESS", (long) WcStatus.SUCCESS);
        m.put("IBV_WC_LOC_LEN_ERR", (long) WcStatus.LOC_LEN_ERR);
        m.put("IBV_WC_LOC_PROT_ERR", (long) WcStatus.LOC_PROT_ERR);
        m.put("IBV_WC_WR_FLUSH_ERR", (long) WcStatus.WR_FLUSH_ERR);
        m.put("IBV_WC_REM_ACCESS_ERR", (long) WcStatus.REM_ACCESS_ERR);
        m.put("IBV_WC_RETRY_EXC_ERR", (long) WcStatus.RETRY_EXC_ERR);
        m.put("IBV_WC_RNR_RETRY_EXC_ERR", (long) WcStatus.RNR_RETRY_EXC_ERR);
        m.put("RDMA_PS_TCP", (long) PortSpace.TCP.value());
        m.put("RDMA_PS_UDP", (long) PortSpace.UDP.value());
        m.put("RDMA_UDP_QKEY", (long) VerbsConstants.RDMA_UDP_QKEY);
        m.put("RDMA_OPTION_ID", (long) RDMA_OPTION_ID);
        m.put("RDMA_OPTION_ID_REUSEADDR", (long) RDMA_OPTION_ID_REUSEADDR);
        for (CmEventType t : new CmEventType[] {CmEventType.ADDR_RESOLVED, CmEventType.ADDR_ERROR, CmEventType.ROUTE_RESOLVED,
            CmEventType.ROUTE_ERROR, CmEventType.CONNECT_REQUEST, CmEventType.CONNECT_ERROR, CmEventType.UNREACHABLE,
            CmEventType.REJECTED, CmEventType.ESTABLISHED, CmEventType.DISCONNECTED, CmEventType.TIMEWAIT_EXIT}) {
            m.put("RDMA_CM_EVENT_" + t.name(), (long) t.value());
        }
        m.put("AF_INET", (long) AF_INET);
        m.put("F_GETFL", (long) F_GETFL);
        m.put("F_SETFL", (long) F_SETFL);
        m.put("O_NONBLOCK", (long) O_NONBLOCK);
        return m;
    }

    private static void size(Map<String, Long> m, String type, long value) {
        m.put("sizeof(" + type + ")", value);
    }

    private static void off(Map<String, Long> m, String type, String field, long value) {
        m.put("offsetof(" + type + ", " + field + ")", value);
    }
}
