package org.margay.rdma;

import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.AddressHandle;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.VerbsException;

/**
 * Where UD datagrams for one {@code ip:port} go: the address handle, queue pair number and Q_Key that the
 * destination's connection manager gave in its service-ID resolution reply. Resolved once, on the first datagram,
 * and cached by the library OS; a destination nobody answers for is remembered as failed for
 * {@link #FAILURE_LIFETIME_NANOS}, and datagrams to it fail with {@link Errno#ECONNREFUSED} or
 * {@link Errno#EHOSTUNREACH} (RDMA needs the peer's queue pair number, so an unanswered datagram cannot be sent
 * blindly as UDP would).
 */
final class Destination extends Endpoint {
    /** How long a failed resolution is remembered before the next datagram tries again. */
    static final long FAILURE_LIFETIME_NANOS = 1_000_000_000L;
    private static final int TIMEOUT_MS = 2000;

    enum State { RESOLVING, READY, FAILED }

    final int ip;
    final int port;
    State state = State.RESOLVING;
    int errno;
    long failedAt;
    AddressHandle ah;
    int qpn;
    int qkey;
    private CmId resolver;

    Destination(RdmaLibOS libos, int ip, int port) {
        super(libos);
        this.ip = ip;
        this.port = port;
    }

    static long key(int ip, int port) {
        return (ip & 0xFFFF_FFFFL) << 16 | (port & 0xFFFF);
    }

    /** Starts resolving (address, route, service-ID resolution). */
    void start() {
        try {
            resolver = libos.cm().createId(PortSpace.UDP);
            resolver.context(this);
            libos.cm().resolveAddress(resolver, ip, port, TIMEOUT_MS);
        } catch (VerbsException e) {
            failed(Errno.EHOSTUNREACH);
        }
    }

    @Override
    void onCmEvent(CmEvent e) {
        try {
            switch (e.type()) {
                case ADDR_RESOLVED -> libos.cm().resolveRoute(resolver, TIMEOUT_MS);
                case ROUTE_RESOLVED -> libos.cm().connect(resolver, null, 0);
                case ESTABLISHED -> {
                    if (e.udPath() == null) {
                        failed(Errno.EPROTOTYPE);
                        return;
                    }
                    ah = libos.verbs().createAh(libos.pd(), e.udPath());
                    qpn = e.udQpNum();
                    qkey = e.udQkey();
                    state = State.READY;
                    dropResolver();
                    libos.wakeDatagramEndpoints();
                }
                case REJECTED, UNREACHABLE -> failed(e.status() == -Errno.EHOSTUNREACH ? Errno.EHOSTUNREACH : Errno.ECONNREFUSED);
                case ADDR_ERROR, ROUTE_ERROR -> failed(Errno.EHOSTUNREACH);
                default -> {
                }
            }
        } catch (VerbsException x) {
            failed(Errno.EHOSTUNREACH);
        }
    }

    private void failed(int code) {
        state = State.FAILED;
        errno = code;
        failedAt = libos.nanoTime();
        dropResolver();
        libos.wakeDatagramEndpoints();
    }

    private void dropResolver() {
        if (resolver != null) {
            libos.cm().destroyId(resolver);
            resolver = null;
        }
    }

    @Override
    int pump(long nowNanos) {
        return 0;
    }

    @Override
    boolean finished() {
        return false;
    }

    @Override
    void destroy() {
        dropResolver();
        if (ah != null) {
            try {
                libos.verbs().destroyAh(ah);
            } catch (VerbsException ignored) {
                // the device is closing
            }
            ah = null;
        }
    }
}
