package org.margay.rdma.verbs;

/**
 * Work completion status codes ({@code enum ibv_wc_status} in {@code infiniband/verbs.h}) and their names, as
 * {@code ibv_wc_status_str} prints them.
 */
public final class WcStatus {
    public static final int SUCCESS = 0;
    public static final int LOC_LEN_ERR = 1;
    public static final int LOC_QP_OP_ERR = 2;
    public static final int LOC_PROT_ERR = 4;
    public static final int WR_FLUSH_ERR = 5;
    public static final int LOC_ACCESS_ERR = 8;
    public static final int REM_INV_REQ_ERR = 9;
    public static final int REM_ACCESS_ERR = 10;
    public static final int REM_OP_ERR = 11;
    public static final int RETRY_EXC_ERR = 12;
    public static final int RNR_RETRY_EXC_ERR = 13;
    public static final int FATAL_ERR = 19;
    public static final int GENERAL_ERR = 21;

    private WcStatus() {
    }

    /** The status's name without the prefix ({@code "RNR_RETRY_EXC_ERR"}). */
    public static String name(int status) {
        return switch (status) {
            case SUCCESS -> "SUCCESS";
            case LOC_LEN_ERR -> "LOC_LEN_ERR";
            case LOC_QP_OP_ERR -> "LOC_QP_OP_ERR";
            case LOC_PROT_ERR -> "LOC_PROT_ERR";
            case WR_FLUSH_ERR -> "WR_FLUSH_ERR";
            case LOC_ACCESS_ERR -> "LOC_ACCESS_ERR";
            case REM_INV_REQ_ERR -> "REM_INV_REQ_ERR";
            case REM_ACCESS_ERR -> "REM_ACCESS_ERR";
            case REM_OP_ERR -> "REM_OP_ERR";
            case RETRY_EXC_ERR -> "RETRY_EXC_ERR";
            case RNR_RETRY_EXC_ERR -> "RNR_RETRY_EXC_ERR";
            case FATAL_ERR -> "FATAL_ERR";
            case GENERAL_ERR -> "GENERAL_ERR";
            default -> "WC_STATUS_" + status;
        };
    }
}
