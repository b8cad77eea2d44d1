package org.margay.pdpix.contract;

import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.SocketOption;

/**
 * What the contract suite needs from one library OS: a server side and a client side that can reach each other,
 * the addresses they reach each other at, and how long waits may take. A library OS's test runner implements it
 * and hands a fresh one to every test ({@link ContractTestBase#openLibOS()}).
 *
 * <h2>Two shapes</h2>
 * <ul>
 *   <li>Two instances in one thread (Margay's stack: two stacks on an in-memory link sharing a virtual clock):
 *       {@link #server()} and {@link #client()} differ, and a wait on either drives both.</li>
 *   <li>One instance that talks to itself (kernel sockets over 127.0.0.1): {@link #server()} and
 *       {@link #client()} are the same object.</li>
 * </ul>
 * The suite only ever waits on the instance that made a token, so both shapes work unchanged.
 *
 * <h2>Invariants</h2>
 * Every instance handed out is closed by {@link #close()}, including those of {@link #openIndependent()}.
 * Single-threaded, as every library OS is.
 */
public interface LibOSUnderTest extends AutoCloseable {
    /** The library OS's name, for messages ({@code "inet"}, {@code "kernel"}). */
    String name();

    /** The instance whose queues listen, accept and answer. */
    LibOS server();

    /** The instance whose queues connect and send first; may be {@link #server()} itself. */
    LibOS client();

    /** The IPv4 address (big-endian int) the client reaches the server at. */
    int serverAddress();

    /** The IPv4 address the server sees the client's connections come from. */
    int clientAddress();

    /** The server's endpoint for {@code port}. */
    default InetEndpoint serverEndpoint(int port) {
        return new InetEndpoint(serverAddress(), port);
    }

    /**
     * A further instance, unrelated to {@link #server()} and {@link #client()}, for checks that need a foreign
     * qtoken or element or a library OS that the test may close; {@code null} when the library OS cannot make
     * one (those checks then skip).
     */
    LibOS openIndependent();

    /**
     * How long a wait for something that must happen may take before the test fails. On a virtual clock this
     * costs no real time, so it can be generous; on a real clock it bounds a hung test.
     */
    long patienceNanos();

    /** A short wait, for checks that a wait runs out of time (ETIMEDOUT). */
    long shortWaitNanos();

    /**
     * Whether this library OS may refuse {@code option} with {@link org.margay.pdpix.Errno#ENOPROTOOPT} or
     * {@link org.margay.pdpix.Errno#EOPNOTSUPP}; the cases that need it then skip with the library OS's reason.
     * PDPIX names the options every TCP-like library OS honours (TCP_NODELAY, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF,
     * SO_SNDBUF, TCP_MAXSEG, SO_REUSEADDR): a runner that answers {@code false} turns such a refusal into a
     * failure. The default allows every refusal (a transport with no Nagle or keep-alive, such as RDMA).
     */
    default boolean mayRefuse(SocketOption<?> option) {
        return true;
    }

    /** Closes every instance this object handed out. */
    @Override
    void close();
}
