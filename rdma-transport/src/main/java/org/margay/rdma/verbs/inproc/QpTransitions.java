package org.margay.rdma.verbs.inproc;

import static org.margay.rdma.verbs.VerbsConstants.QP_ACCESS_FLAGS;
import static org.margay.rdma.verbs.VerbsConstants.QP_AV;
import static org.margay.rdma.verbs.VerbsConstants.QP_DEST_QPN;
import static org.margay.rdma.verbs.VerbsConstants.QP_MAX_DEST_RD_ATOMIC;
import static org.margay.rdma.verbs.VerbsConstants.QP_MAX_QP_RD_ATOMIC;
import static org.margay.rdma.verbs.VerbsConstants.QP_MIN_RNR_TIMER;
import static org.margay.rdma.verbs.VerbsConstants.QP_PATH_MTU;
import static org.margay.rdma.verbs.VerbsConstants.QP_PKEY_INDEX;
import static org.margay.rdma.verbs.VerbsConstants.QP_PORT;
import static org.margay.rdma.verbs.VerbsConstants.QP_QKEY;
import static org.margay.rdma.verbs.VerbsConstants.QP_RETRY_CNT;
import static org.margay.rdma.verbs.VerbsConstants.QP_RNR_RETRY;
import static org.margay.rdma.verbs.VerbsConstants.QP_RQ_PSN;
import static org.margay.rdma.verbs.VerbsConstants.QP_SQ_PSN;
import static org.margay.rdma.verbs.VerbsConstants.QP_STATE;
import static org.margay.rdma.verbs.VerbsConstants.QP_TIMEOUT;

import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.Gid;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.VerbsException;

/**
 * The queue pair state machine of the in-process device: which transitions are legal and which attributes each
 * needs, after the table in {@code ibv_modify_qp(3)} (IBA vol. 1 §11.2.5.3, table 94):
 * <pre>
 *   RESET → INIT   RC: PKEY_INDEX, PORT, ACCESS_FLAGS          UD: PKEY_INDEX, PORT, QKEY
 *   INIT  → RTR    RC: AV, PATH_MTU, DEST_QPN, RQ_PSN,
 *                      MAX_DEST_RD_ATOMIC, MIN_RNR_TIMER       UD: none
 *   RTR   → RTS    RC: SQ_PSN, TIMEOUT, RETRY_CNT, RNR_RETRY,
 *                      MAX_QP_RD_ATOMIC                        UD: SQ_PSN
 *   INIT → INIT, RTS → RTS      optional attributes only
 *   any → ERR, any → RESET
 * </pre>
 * Anything else is {@code EINVAL}, with a message naming the transition and the missing attributes.
 */
final class QpTransitions {
    private static final int RC_INIT = QP_PKEY_INDEX | QP_PORT | QP_ACCESS_FLAGS;
    private static final int UD_INIT = QP_PKEY_INDEX | QP_PORT | QP_QKEY;
    private static final int RC_RTR = QP_AV | QP_PATH_MTU | QP_DEST_QPN | QP_RQ_PSN | QP_MAX_DEST_RD_ATOMIC | QP_MIN_RNR_TIMER;
    private static final int RC_RTS = QP_SQ_PSN | QP_TIMEOUT | QP_RETRY_CNT | QP_RNR_RETRY | QP_MAX_QP_RD_ATOMIC;
    private static final int UD_RTS = QP_SQ_PSN;

    private QpTransitions() {
    }

    static void apply(SimQueuePair qp, QpAttributes a) {
        int mask = a.mask();
        if ((mask & QP_STATE) == 0) {
            throw new VerbsException(Errno.EINVAL, "ibv_modify_qp: the in-process device needs IBV_QP_STATE in every modify");
        }
        QpState from = qp.state;
        QpState to = a.state();
        boolean rc = qp.type == QpType.RC;
        switch (to) {
            case RESET -> {
                qp.reset();
                return;
            }
            case ERR -> {
                qp.enterError();
                return;
            }
            case INIT -> {
                if (from == QpState.RESET) {
                    require(qp, from, to, mask, rc ? RC_INIT : UD_INIT);
                } else if (from != QpState.INIT) {
                    throw illegal(qp, from, to);
                }
            }
            case RTR -> {
                if (from != QpState.INIT) {
                    throw illegal(qp, from, to);
                }
                if (rc) {
                    require(qp, from, to, mask, RC_RTR);
                }
            }
            case RTS -> {
                if (from == QpState.RTR) {
                    require(qp, from, to, mask, rc ? RC_RTS : UD_RTS);
                } else if (from != QpState.RTS) {
                    throw illegal(qp, from, to);
                }
            }
            default -> throw new VerbsException(Errno.EINVAL, "ibv_modify_qp: the in-process device has no " + to + " state");
        }
        if ((mask & QP_PORT) != 0 && a.portNum() != 1) {
            throw new VerbsException(Errno.EINVAL, "ibv_modify_qp: port " + a.portNum() + " does not exist (one port, 1)");
        }
        if ((mask & QP_AV) != 0 && !Gid.isIpv4(a.path().dgid())) {
            throw new VerbsException(Errno.EINVAL, "ibv_modify_qp: the in-process fabric routes IPv4-mapped GIDs only");
        }
        if ((mask & QP_RNR_RETRY) != 0 && (a.rnrRetry() < 0 || a.rnrRetry() > 7)) {
            throw new VerbsException(Errno.EINVAL, "ibv_modify_qp: rnr_retry is 0..7, got " + a.rnrRetry());
        }
        if ((mask & QP_PORT) != 0) {
            qp.portNum = a.portNum();
        }
        if ((mask & QP_QKEY) != 0) {
            qp.qkey = a.qkey();
        }
        if ((mask & QP_ACCESS_FLAGS) != 0) {
            qp.accessFlags = a.accessFlags();
        }
        if ((mask & QP_PATH_MTU) != 0) {
            qp.pathMtu = a.pathMtu();
        }
        if ((mask & QP_DEST_QPN) != 0) {
            qp.destQpn = a.destQpNum();
        }
        if ((mask & QP_AV) != 0) {
            qp.destIp = Gid.ipv4(a.path().dgid());
        }
        if ((mask & QP_RNR_RETRY) != 0) {
            qp.rnrRetry = a.rnrRetry();
        }
        if ((mask & QP_RETRY_CNT) != 0) {
            qp.retryCount = a.retryCount();
        }
        qp.state = to;
    }

    private static void require(SimQueuePair qp, QpState from, QpState to, int mask, int needed) {
        int missing = needed & ~mask;
        if (missing != 0) {
            throw new VerbsException(Errno.EINVAL, "ibv_modify_qp " + qp + " " + from + "→" + to + ": missing attributes "
                    + names(missing));
        }
    }

    private static VerbsException illegal(SimQueuePair qp, QpState from, QpState to) {
        return new VerbsException(Errno.EINVAL, "ibv_modify_qp " + qp + ": no transition " + from + "→" + to
                + " (RESET→INIT→RTR→RTS, any→ERR, any→RESET)");
    }

    static List<String> names(int mask) {
        List<String> out = new ArrayList<>();
        String[] all = {"STATE", "CUR_STATE", "EN_SQD_ASYNC_NOTIFY", "ACCESS_FLAGS", "PKEY_INDEX", "PORT", "QKEY", "AV",
            "PATH_MTU", "TIMEOUT", "RETRY_CNT", "RNR_RETRY", "RQ_PSN", "MAX_QP_RD_ATOMIC", "ALT_PATH", "MIN_RNR_TIMER",
            "SQ_PSN", "MAX_DEST_RD_ATOMIC", "PATH_MIG_STATE", "CAP", "DEST_QPN"};
        for (int bit = 0; bit < all.length; bit++) {
            if ((mask & (1 << bit)) != 0) {
                out.add("IBV_QP_" + all[bit]);
            }
        }
        return out;
    }
}
