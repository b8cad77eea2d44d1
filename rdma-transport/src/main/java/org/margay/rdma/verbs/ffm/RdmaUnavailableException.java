package org.margay.rdma.verbs.ffm;

import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.VerbsException;

/**
 * rdma-core cannot be used here: a library or the shim is missing, or the kernel offers no RDMA device. The message
 * names what is missing and what to do about it; the errno is {@code ENODEV}.
 */
public final class RdmaUnavailableException extends VerbsException {
    private static final long serialVersionUID = 1L;

    /** An unavailability described by {@code message}. */
    public RdmaUnavailableException(String message) {
        super(Errno.ENODEV, message);
    }
}
