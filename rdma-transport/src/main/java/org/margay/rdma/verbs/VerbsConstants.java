package org.margay.rdma.verbs;

/**
 * The numeric constants of rdma-core that Margay uses, each with the enum it comes from in
 * {@code infiniband/verbs.h} or {@code rdma/rdma_cma.h} (rdma-core 44). The layout probe test compiles a C program
 * against the installed headers and checks every one of these values.
 */
public final class VerbsConstants {
    private VerbsConstants() {
    }

    // enum ibv_access_flags
    public static final int ACCESS_LOCAL_WRITE = 1;
    public static final int ACCESS_REMOTE_WRITE = 1 << 1;
    public static final int ACCESS_REMOTE_READ = 1 << 2;

    // enum ibv_wr_opcode
    public static final int WR_RDMA_WRITE = 0;
    public static final int WR_RDMA_WRITE_WITH_IMM = 1;
    public static final int WR_SEND = 2;
    public static final int WR_SEND_WITH_IMM = 3;
    public static final int WR_RDMA_READ = 4;

    // enum ibv_send_flags
    public static final int SEND_FENCE = 1;
    public static final int SEND_SIGNALED = 1 << 1;
    public static final int SEND_SOLICITED = 1 << 2;
    public static final int SEND_INLINE = 1 << 3;

    // enum ibv_wc_opcode
    public static final int WC_SEND = 0;
    public static final int WC_RDMA_WRITE = 1;
    public static final int WC_RDMA_READ = 2;
    public static final int WC_RECV = 1 << 7;
    public static final int WC_RECV_RDMA_WITH_IMM = WC_RECV + 1;

    // enum ibv_wc_flags
    public static final int WC_GRH = 1;
    public static final int WC_WITH_IMM = 1 << 1;

    // enum ibv_qp_attr_mask
    public static final int QP_STATE = 1;
    public static final int QP_ACCESS_FLAGS = 1 << 3;
    public static final int QP_PKEY_INDEX = 1 << 4;
    public static final int QP_PORT = 1 << 5;
    public static final int QP_QKEY = 1 << 6;
    public static final int QP_AV = 1 << 7;
    public static final int QP_PATH_MTU = 1 << 8;
    public static final int QP_TIMEOUT = 1 << 9;
    public static final int QP_RETRY_CNT = 1 << 10;
    public static final int QP_RNR_RETRY = 1 << 11;
    public static final int QP_RQ_PSN = 1 << 12;
    public static final int QP_MAX_QP_RD_ATOMIC = 1 << 13;
    public static final int QP_MIN_RNR_TIMER = 1 << 15;
    public static final int QP_SQ_PSN = 1 << 16;
    public static final int QP_MAX_DEST_RD_ATOMIC = 1 << 17;
    public static final int QP_DEST_QPN = 1 << 20;

    // enum ibv_mtu
    public static final int MTU_1024 = 3;
    public static final int MTU_2048 = 4;
    public static final int MTU_4096 = 5;

    /** {@code RDMA_UDP_QKEY} (rdma_cma.h): the Q_Key of UD queue pairs in the RDMA_PS_UDP port space. */
    public static final int RDMA_UDP_QKEY = 0x01234567;

    /** Bytes of the Global Route Header in front of every received UD message (IBA §8.3). */
    public static final int GRH_BYTES = 40;

    /** Bytes of the path MTU value {@code mtu} (an {@code enum ibv_mtu}). */
    public static int mtuBytes(int mtu) {
        return mtu >= 1 && mtu <= 5 ? 128 << mtu : 0;
    }
}
