package org.margay.pdpix;

/**
 * PDPIX: the portable datapath API (HotOS '19 Figure 3, Demikernel's {@code demi_*} calls) that one library OS
 * implements per kind of device. An application written against this interface runs unchanged over Margay's
 * own stack, the Linux kernel's sockets, and the device library OSes; {@link LibOSes#open} picks one from
 * configuration.
 *
 * <h2>Queues and qtokens</h2>
 * {@link #socket} makes a queue and returns its descriptor ({@code qd}, a small non-negative int). Data-path
 * operations ({@link #push}, {@link #pushTo}, {@link #pop}, {@link #accept}, {@link #connect},
 * {@link #asyncClose}) start asynchronously and return a <em>qtoken</em> ({@link QTokens}): a positive long
 * naming the operation. A wait call completes it into a {@link QResult} and consumes it; waiting on a consumed
 * token answers {@link Errno#ESTALE}, on another instance's token {@link Errno#EXDEV}. A negative return where
 * a qtoken was expected is {@code -errno}: the operation could not start.
 *
 * <h2>Errors</h2>
 * The data path (push, pop, the waits, sgaAlloc/sgaFree) never throws: it returns {@link Errno} codes, or
 * completes the token as {@link Opcode#FAILED}. The control path (socket, bind, listen, close, options,
 * names) throws {@link PdpixException} with a code and a message on misuse.
 *
 * <h2>Elements</h2>
 * A pushed {@link Sga} pops as exactly one element at a PDPIX peer: one datagram on {@link SocketType#DGRAM},
 * one length-prefixed frame on {@link SocketType#STREAM} ({@link Framing}), one frame on
 * {@link SocketType#RAW}. A pop at the end of a stream completes with an empty element. Pushing an empty
 * element is {@link Errno#EINVAL}.
 *
 * <h2>When a push completes</h2>
 * In Margay a push completes when the library OS has taken the whole element: copied into the connection's
 * send buffer (STREAM), or handed to the device (DGRAM, RAW). This is {@code send(2)}'s meaning, earlier than
 * Demikernel's (which completes when the peer acknowledged). The data is still delivered reliably after
 * completion unless the connection is reset. Either way {@link #sgaFree} right after {@code push} is safe:
 * the library OS holds its own references (free-protection) for as long as it needs the memory.
 *
 * <h2>Queue operators</h2>
 * {@link #queue}, {@link #merge}, {@link #filter}, {@link #sort}, {@link #map} and {@link #qconnect} build
 * queues out of queues (HotOS '19 §4.3). An operator's descriptor is an ordinary queue descriptor, so operators
 * compose, and they run in the library OS's poll loop. Closing an operator queue does not close its inputs;
 * closing an input makes the operator's pops on it fail with {@link Errno#ECANCELED} (once) and its pushes to it
 * fail with {@link Errno#EBADF}.
 *
 * <h2>Time and threads</h2>
 * Timeouts are in nanoseconds; {@link #FOREVER} (any negative value) waits without limit — there is no
 * hidden cap. The waits drive the library OS's poll loop on the calling thread ("invoker" mode), so an
 * application needs no thread of its own. A library OS is owned by one thread at a time and is not
 * thread-safe.
 */
public interface LibOS extends AutoCloseable {
    /** Wait without a time limit. */
    long FOREVER = -1L;

    /** The library OS's name as configured ({@code "inet"}, {@code "kernel"}, ...). */
    String name();

    /**
     * The library OS that owns the queues this one shows: itself, unless this is a decorator over another library OS
     * (one that passes calls on and shares its queue descriptors and qtokens), which answers its delegate's
     * {@code unwrap()}. Two objects with the same {@code unwrap()} are views of one queue table, so completions
     * collected through either belong to both; a runner that harvests completions keys its owners by it.
     */
    default LibOS unwrap() {
        return this;
    }

    // ------------------------------------------------------------------ control path

    /**
     * A new queue of {@code type} in {@code domain}.
     *
     * @throws PdpixException {@link Errno#EAFNOSUPPORT}/{@link Errno#EPROTONOSUPPORT} when this library OS
     *         cannot make such a queue, {@link Errno#ENFILE} when out of descriptors
     */
    int socket(Domain domain, SocketType type);

    /** Binds {@code qd} to a local endpoint (address 0 = every address; port 0 = ephemeral). */
    void bind(int qd, InetEndpoint local);

    /** Makes a bound STREAM queue a listener with an accept queue of {@code backlog} (≥ 1). */
    void listen(int qd, int backlog);

    /** Starts accepting one connection on a listening queue; completes with {@link Opcode#ACCEPT}. */
    long accept(int qd);

    /**
     * Starts connecting {@code qd} to {@code remote}; completes with {@link Opcode#CONNECT}, or FAILED with
     * {@link Errno#ECONNREFUSED}, {@link Errno#ETIMEDOUT}, {@link Errno#EHOSTUNREACH}. On a DGRAM queue it sets
     * the default destination and completes at once.
     */
    long connect(int qd, InetEndpoint remote);

    /**
     * Closes {@code qd} at once: a STREAM connection is closed gracefully (FIN after pending data) unless
     * {@link SocketOption#SO_LINGER} is 0; pending operations on it complete FAILED with
     * {@link Errno#ECANCELED}.
     *
     * @throws PdpixException {@link Errno#EBADF} for a descriptor that is not open (including a double close)
     */
    void close(int qd);

    /** Like {@link #close} but completes a qtoken ({@link Opcode#CLOSE}) when the queue is gone. */
    long asyncClose(int qd);

    /** The local endpoint of {@code qd}. */
    InetEndpoint getsockname(int qd);

    /** The peer of a connected {@code qd}; {@link Errno#ENOTCONN} otherwise. */
    InetEndpoint getpeername(int qd);

    /** Sets an option; {@link Errno#ENOPROTOOPT} if this queue type or library OS has no such option. */
    <T> void setsockopt(int qd, SocketOption<T> option, T value);

    /** Reads an option. */
    <T> T getsockopt(int qd, SocketOption<T> option);

    // ------------------------------------------------------------------ data path

    /** Starts pushing {@code sga} as one element on {@code qd}; completes with {@link Opcode#PUSH}. */
    long push(int qd, Sga sga);

    /** Starts pushing {@code sga} to {@code remote} on an unconnected DGRAM (or RAW) queue. */
    long pushTo(int qd, Sga sga, InetEndpoint remote);

    /** Starts popping one element from {@code qd}; completes with {@link Opcode#POP}. */
    long pop(int qd);

    // ------------------------------------------------------------------ waiting

    /**
     * Waits until {@code qt} completes or {@code timeoutNanos} pass. Returns {@link Errno#OK} with
     * {@code result} filled and the token consumed; {@link Errno#ETIMEDOUT} with the token still valid;
     * {@link Errno#ESTALE}/{@link Errno#EXDEV}/{@link Errno#EINVAL} for a bad token.
     */
    int wait(long qt, QResult result, long timeoutNanos);

    /** {@link #wait(long, QResult, long)} with {@link #FOREVER}. */
    default int wait(long qt, QResult result) {
        return wait(qt, result, FOREVER);
    }

    /**
     * Waits until any of {@code qts[0..count)} completes; returns its index with {@code result} filled and that
     * token consumed, or a negated {@link Errno} ({@code -ETIMEDOUT}, or {@code -ESTALE}/{@code -EXDEV} when one
     * of the tokens is bad). When several are complete, the lowest index wins.
     */
    int waitAny(long[] qts, int count, QResult result, long timeoutNanos);

    /**
     * Waits until every one of {@code qts[0..count)} completes, filling {@code results[i]} for {@code qts[i]}.
     * Returns OK with every token consumed, or {@link Errno#ETIMEDOUT} with none consumed, or the code of a bad
     * token.
     */
    int waitAll(long[] qts, int count, QResult[] results, long timeoutNanos);

    /**
     * Waits for the next completions among every outstanding qtoken of this library OS, up to
     * {@code results.length} of them: returns how many were filled (≥ 1), or 0 when {@code timeoutNanos}
     * passed first. Completions are reported in the order they happened.
     */
    int waitNext(QResult[] results, long timeoutNanos);

    /** Pushes and waits: returns OK or the push's error. */
    int blockingPush(int qd, Sga sga, long timeoutNanos);

    /** Pops and waits: returns OK with {@code result} holding the element, or an error code. */
    int blockingPop(int qd, QResult result, long timeoutNanos);

    // ------------------------------------------------------------------ queue operators (HotOS '19 §4.3)

    /**
     * A new in-memory queue: push enqueues the element (by reference, no copy) and completes at once, pop
     * dequeues the oldest element, waiting while there is none. It has no end of stream and no address; an
     * element pushed with {@link #pushTo} pops with that address as its peer.
     *
     * @throws PdpixException {@link Errno#ENFILE} when out of descriptors, {@link Errno#EOPNOTSUPP} when this
     *         library OS has no operators
     */
    default int queue() {
        throw new PdpixException(Errno.EOPNOTSUPP, "library OS " + name() + " has no queue operators");
    }

    /**
     * A queue merging {@code qd1} and {@code qd2}: a pop pops from either (whichever has an element first,
     * alternating when both have), a push pushes the same element to both (its buffers are shared by reference,
     * each target holding its own references) and completes when both pushes did, FAILED with the first error if
     * either failed. Pops end (an empty element) only when both inputs have ended or failed; an input's failure is
     * reported once to a pop, after which the merge goes on with the other input.
     *
     * @throws PdpixException {@link Errno#EBADF} when an input is not an open descriptor
     */
    default int merge(int qd1, int qd2) {
        throw new PdpixException(Errno.EOPNOTSUPP, "library OS " + name() + " has no queue operators");
    }

    /**
     * A queue passing only the elements for which {@code predicate} holds, applied on pop and on push. An element
     * that fails it is filtered out and counted ({@code elementsFilteredOut} in the library OS's statistics): on
     * pop it is freed and the pop waits for the next element; on push it is not forwarded and the push completes
     * successfully (the paper's filter: the element was accepted and removed, not refused).
     */
    default int filter(int qd, ElementPredicate predicate) {
        throw new PdpixException(Errno.EOPNOTSUPP, "library OS " + name() + " has no queue operators");
    }

    /**
     * A queue popping by priority: it keeps taking elements from {@code qd} (up to a window, configuration key
     * {@code pdpix.sort-window}, 256 by default) and each pop gets the lowest by {@code comparator} among those
     * taken. A push goes to {@code qd} unchanged.
     */
    default int sort(int qd, ElementComparator comparator) {
        throw new PdpixException(Errno.EOPNOTSUPP, "library OS " + name() + " has no queue operators");
    }

    /** A queue applying {@code mapper} to every element, on pop (after popping {@code qd}) and on push (before pushing to it). */
    default int map(int qd, ElementMapper mapper) {
        throw new PdpixException(Errno.EOPNOTSUPP, "library OS " + name() + " has no queue operators");
    }

    /**
     * Forwards every element popped from {@code in} to {@code out}, in order, continuously in the poll loop, as
     * plain pushes (a popped element's source address is not taken as a destination, so {@code out} must need
     * none: a connected queue, a RAW queue bound to its link, an in-memory queue),
     * until {@code in} reaches end of stream (the token completes as {@link Opcode#PUSH} once every forwarded
     * element was pushed) or a pop or push fails, or either queue is closed (FAILED with that error, or
     * {@link Errno#ECANCELED}). Returns the token, or {@code -EBADF} for a descriptor that is not open,
     * {@code -EINVAL} when {@code in == out}.
     */
    default long qconnect(int in, int out) {
        return -Errno.EOPNOTSUPP;
    }

    // ------------------------------------------------------------------ buffers

    /**
     * An element of {@code size} bytes from this library OS's memory manager, ready to be written; {@code null}
     * when memory is exhausted (the data path does not throw). Sizes above {@link #maxElement()} are refused
     * with {@code null} too.
     */
    Sga sgaAlloc(int size);

    /** Gives an element back; returns OK, or {@link Errno#EINVAL} for an element already freed or foreign. */
    int sgaFree(Sga sga);

    /** The largest element {@link #sgaAlloc} can give. */
    long maxElement();

    // ------------------------------------------------------------------ life cycle

    /** Runs one duty cycle of the poll loop without waiting (for applications with their own loop). */
    int poll();

    /** Closes every queue and releases the library OS's resources. */
    @Override
    void close();
}
