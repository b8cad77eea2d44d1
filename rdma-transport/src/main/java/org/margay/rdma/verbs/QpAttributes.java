package org.margay.rdma.verbs;

/**
 * Attributes for {@link Verbs#modifyQp} ({@code struct ibv_qp_attr} with its {@code ibv_qp_attr_mask}): each
 * setter records its field in {@link #mask()}, so a transition names exactly the attributes it gives, as
 * {@code ibv_modify_qp(3)} requires. Control path: a mutable builder.
 */
public final class QpAttributes {
    private int mask;
    private QpState state = QpState.RESET;
    private int pkeyIndex;
    private int portNum;
    private int qkey;
    private int accessFlags;
    private int pathMtu;
    private int destQpNum;
    private int rqPsn;
    private int sqPsn;
    private int maxDestRdAtomic;
    private int maxRdAtomic;
    private int minRnrTimer;
    private int timeout;
    private int retryCount;
    private int rnrRetry;
    private AhAttributes path;

    /** The fields set, as {@code IBV_QP_*} bits ({@link VerbsConstants}). */
    public int mask() {
        return mask;
    }

    /** Sets the target state ({@code IBV_QP_STATE}). */
    public QpAttributes state(QpState value) {
        state = value;
        mask |= VerbsConstants.QP_STATE;
        return this;
    }

    public QpState state() {
        return state;
    }

    /** {@code IBV_QP_PKEY_INDEX}. */
    public QpAttributes pkeyIndex(int value) {
        pkeyIndex = value;
        mask |= VerbsConstants.QP_PKEY_INDEX;
        return this;
    }

    public int pkeyIndex() {
        return pkeyIndex;
    }

    /** {@code IBV_QP_PORT} (1-based). */
    public QpAttributes portNum(int value) {
        portNum = value;
        mask |= VerbsConstants.QP_PORT;
        return this;
    }

    public int portNum() {
        return portNum;
    }

    /** {@code IBV_QP_QKEY} (UD). */
    public QpAttributes qkey(int value) {
        qkey = value;
        mask |= VerbsConstants.QP_QKEY;
        return this;
    }

    public int qkey() {
        return qkey;
    }

    /** {@code IBV_QP_ACCESS_FLAGS}: which remote operations the responder allows. */
    public QpAttributes accessFlags(int value) {
        accessFlags = value;
        mask |= VerbsConstants.QP_ACCESS_FLAGS;
        return this;
    }

    public int accessFlags() {
        return accessFlags;
    }

    /** {@code IBV_QP_PATH_MTU} (an {@code enum ibv_mtu}). */
    public QpAttributes pathMtu(int value) {
        pathMtu = value;
        mask |= VerbsConstants.QP_PATH_MTU;
        return this;
    }

    public int pathMtu() {
        return pathMtu;
    }

    /** {@code IBV_QP_DEST_QPN}. */
    public QpAttributes destQpNum(int value) {
        destQpNum = value;
        mask |= VerbsConstants.QP_DEST_QPN;
        return this;
    }

    public int destQpNum() {
        return destQpNum;
    }

    /** {@code IBV_QP_RQ_PSN}. */
    public QpAttributes rqPsn(int value) {
        rqPsn = value;
        mask |= VerbsConstants.QP_RQ_PSN;
        return this;
    }

    public int rqPsn() {
        return rqPsn;
    }

    /** {@code IBV_QP_SQ_PSN}. */
    public QpAttributes sqPsn(int value) {
        sqPsn = value;
        mask |= VerbsConstants.QP_SQ_PSN;
        return this;
    }

    public int sqPsn() {
        return sqPsn;
    }

    /** {@code IBV_QP_MAX_DEST_RD_ATOMIC}. */
    public QpAttributes maxDestRdAtomic(int value) {
        maxDestRdAtomic = value;
        mask |= VerbsConstants.QP_MAX_DEST_RD_ATOMIC;
        return this;
    }

    public int maxDestRdAtomic() {
        return maxDestRdAtomic;
    }

    /** {@code IBV_QP_MAX_QP_RD_ATOMIC}. */
    public QpAttributes maxRdAtomic(int value) {
        maxRdAtomic = value;
        mask |= VerbsConstants.QP_MAX_QP_RD_ATOMIC;
        return this;
    }

    public int maxRdAtomic() {
        return maxRdAtomic;
    }

    /** {@code IBV_QP_MIN_RNR_TIMER}. */
    public QpAttributes minRnrTimer(int value) {
        minRnrTimer = value;
        mask |= VerbsConstants.QP_MIN_RNR_TIMER;
        return this;
    }

    public int minRnrTimer() {
        return minRnrTimer;
    }

    /** {@code IBV_QP_TIMEOUT} (4.096 µs × 2^value per transport retry). */
    public QpAttributes timeout(int value) {
        timeout = value;
        mask |= VerbsConstants.QP_TIMEOUT;
        return this;
    }

    public int timeout() {
        return timeout;
    }

    /** {@code IBV_QP_RETRY_CNT}: transport retries before RETRY_EXC_ERR. */
    public QpAttributes retryCount(int value) {
        retryCount = value;
        mask |= VerbsConstants.QP_RETRY_CNT;
        return this;
    }

    public int retryCount() {
        return retryCount;
    }

    /** {@code IBV_QP_RNR_RETRY}: receiver-not-ready retries before RNR_RETRY_EXC_ERR; 7 means without limit. */
    public QpAttributes rnrRetry(int value) {
        rnrRetry = value;
        mask |= VerbsConstants.QP_RNR_RETRY;
        return this;
    }

    public int rnrRetry() {
        return rnrRetry;
    }

    /** {@code IBV_QP_AV}: the primary path to the peer. */
    public QpAttributes path(AhAttributes value) {
        path = value;
        mask |= VerbsConstants.QP_AV;
        return this;
    }

    public AhAttributes path() {
        return path;
    }

    @Override
    public String toString() {
        return "QpAttributes[" + state + " mask=0x" + Integer.toHexString(mask) + "]";
    }
}
