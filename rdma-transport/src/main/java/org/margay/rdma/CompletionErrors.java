package org.margay.rdma;

import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.WcStatus;

/**
 * Maps work completion errors onto PDPIX errors: what an application sees when a push or pop fails over RDMA.
 * <ul>
 *   <li>RNR retries exhausted (the peer kept no receive posted): {@link Errno#ENOBUFS};</li>
 *   <li>remote access error (a bad key, missing rights or out-of-bounds range in an RDMA WRITE or READ):
 *       {@link Errno#EACCES};</li>
 *   <li>local protection, length or access errors (memory the device may not touch): {@link Errno#EFAULT};</li>
 *   <li>transport retries exhausted (the peer stopped answering), as TCP reports retransmissions giving up:
 *       {@link Errno#ETIMEDOUT};</li>
 *   <li>flushed because the queue pair went to ERR (the connection broke or was torn down):
 *       {@link Errno#ECONNRESET};</li>
 *   <li>anything else (the peer refused the request, a fatal device error): {@link Errno#EIO}.</li>
 * </ul>
 */
final class CompletionErrors {
    private CompletionErrors() {
    }

    static int errno(int status) {
        return switch (status) {
            case WcStatus.SUCCESS -> Errno.OK;
            case WcStatus.RNR_RETRY_EXC_ERR -> Errno.ENOBUFS;
            case WcStatus.REM_ACCESS_ERR -> Errno.EACCES;
            case WcStatus.LOC_PROT_ERR, WcStatus.LOC_LEN_ERR, WcStatus.LOC_ACCESS_ERR -> Errno.EFAULT;
            case WcStatus.RETRY_EXC_ERR -> Errno.ETIMEDOUT;
            case WcStatus.WR_FLUSH_ERR -> Errno.ECONNRESET;
            default -> Errno.EIO;
        };
    }
}
