package org.margay.packetdrill.run;

import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;

/**
 * One file descriptor of the runner's socket layer: a TCP socket before it listens or connects (collecting the
 * options that will configure the stack), a listener, or a connection. Mutable, runner-thread only.
 */
final class Sock {
    final int fd;
    boolean nonBlocking;
    boolean bound;
    TcpListener listener;
    TcpConnection connection;
    /** The connection came from accept (else from connect). */
    boolean accepted;
    /** SO_ERROR: an errno name waiting to be reported, or null. */
    String pendingError;
    /** connect() reported EINPROGRESS and its outcome has not been reported yet. */
    boolean connectInProgress;
    boolean shutRead;
    boolean shutWrite;
    // Options set before the stack exists (they configure it).
    Boolean noDelay;
    Integer maxSegment;
    Integer receiveBuffer;
    Integer sendBuffer;
    Boolean keepAlive;
    /** FreeBSD's TCP_NOOPT, or null. */
    Boolean noOptions;
    /** TCP_USER_TIMEOUT in milliseconds, or null. */
    Long userTimeoutMillis;
    boolean lingerOn;
    int lingerSeconds;

    Sock(int fd) {
        this.fd = fd;
    }

    /** Whether options would change a stack configuration (anything set). */
    boolean hasStackOptions() {
        return noDelay != null || maxSegment != null || receiveBuffer != null || sendBuffer != null
                || keepAlive != null || userTimeoutMillis != null || noOptions != null;
    }
}
