package org.margay.pdpix.spi;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * The part of every library OS that does not depend on its device: the queue-descriptor table, the qtoken
 * slots, the element pool, argument checks, and the wait calls, which drive the library OS's poll loop on the
 * caller's thread until the awaited tokens complete ("invoker" mode).
 *
 * <p>A library OS supplies {@link #newQueue} (its sockets), {@link #pollIo} (one pass over its device or kernel),
 * {@link #nanoTime} (its clock) and may refine {@link #idle} (how a wait spends a cycle with no work: a virtual
 * clock jumps to the next deadline instead of sleeping).
 *
 * <p>Nothing here allocates per operation: tokens, elements and queues' parked lists are preallocated.
 * Single-threaded.
 */
public abstract class AbstractLibOS implements LibOS {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int DEFAULT_OPERATIONS = 4096;
    private static final int DEFAULT_QUEUES = 1024;
    private static final int DEFAULT_SGAS = 4096;

    private final String name;
    private final OperationTable ops;
    private final SgaPool sgas;
    private final IoQueue[] queues;
    private int openQueues;
    private final IoQueue[] serviceRing;
    private int serviceHead;
    private int serviceSize;
    private IoQueue[] everyCycle = new IoQueue[4];
    private int everyCycleCount;
    private final QResult scratch = new QResult();
    private int idleRounds;
    private boolean closed;
    private final LibOSStatistics statistics = new LibOSStatistics();

    /**
     * Sets up the tables from {@code config} ({@link LibOSConfig#MAX_OPERATIONS}, {@link LibOSConfig#MAX_QUEUES},
     * {@link LibOSConfig#MAX_SGAS}); elements' segments come from {@code buffers}.
     */
    protected AbstractLibOS(String name, LibOSConfig config, BufferPool buffers) {
        this.name = Objects.requireNonNull(name, "name");
        int instance = INSTANCES.incrementAndGet() % QTokens.MAX_INSTANCES;
        this.ops = new OperationTable(instance == 0 ? 1 : instance, config.getInt(LibOSConfig.MAX_OPERATIONS, DEFAULT_OPERATIONS));
        int maxQueues = config.getInt(LibOSConfig.MAX_QUEUES, DEFAULT_QUEUES);
        if (maxQueues <= 0) {
            throw new PdpixException(Errno.EINVAL, LibOSConfig.MAX_QUEUES + " must be positive: " + maxQueues);
        }
        this.queues = new IoQueue[maxQueues];
        this.serviceRing = new IoQueue[maxQueues];
        this.sgas = new SgaPool(name, buffers, config.getInt(LibOSConfig.MAX_SGAS, DEFAULT_SGAS));
    }

    // ------------------------------------------------------------------ what a library OS supplies

    /** A new, unregistered queue of {@code type}; throws {@link PdpixException} when unsupported. */
    protected abstract IoQueue newQueue(Domain domain, SocketType type);

    /** One pass over the device or kernel: receive, run protocol timers, transmit. Returns the work done. */
    protected abstract int pollIo();

    /** The library OS's clock in nanoseconds (virtual in simulation). */
    protected abstract long nanoTime();

    /**
     * Spends one idle cycle of a wait whose deadline is {@code deadlineNanos} ({@link Long#MAX_VALUE} = none).
     * The default spins briefly, then yields, then parks for up to 50 µs (never past the deadline). A library
     * OS on a virtual clock overrides it to advance the clock to its next timer instead.
     */
    protected void idle(long deadlineNanos) {
        int round = idleRounds++;
        if (round < 100) {
            Thread.onSpinWait();
        } else if (round < 200) {
            Thread.yield();
        } else {
            long remaining = deadlineNanos - nanoTime();
            LockSupport.parkNanos(Math.max(1_000L, Math.min(50_000L, remaining)));
        }
    }

    /** Releases the library OS's own resources after every queue is closed. */
    protected abstract void closeResources();

    // ------------------------------------------------------------------ for queues

    /** The operation slots. */
    public final OperationTable operations() {
        return ops;
    }

    /** The element pool. */
    public final SgaPool sgaPool() {
        return sgas;
    }

    /** Counters of this instance. */
    public final LibOSStatistics statistics() {
        return statistics;
    }

    /** Registers a new queue and returns its descriptor (the lowest free one). */
    protected final int register(IoQueue queue) {
        for (int i = 0; i < queues.length; i++) {
            if (queues[i] == null) {
                queues[i] = queue;
                queue.qd(i);
                openQueues++;
                return i;
            }
        }
        throw new PdpixException(Errno.ENFILE, "all " + queues.length + " queue descriptors are in use (raise " + LibOSConfig.MAX_QUEUES + ")");
    }

    /** The open queue behind {@code qd}, or null. */
    protected final IoQueue queue(int qd) {
        if (qd < 0 || qd >= queues.length) {
            return null;
        }
        IoQueue q = queues[qd];
        return q == null || q.closed ? null : q;
    }

    /** Queues {@code queue} for one {@link IoQueue#service} call in the next duty cycle. */
    final void scheduleService(IoQueue queue) {
        if (queue.queuedForService || queue.closed) {
            return;
        }
        queue.queuedForService = true;
        serviceRing[(serviceHead + serviceSize) % serviceRing.length] = queue;
        serviceSize++;
    }

    /** Services {@code queue} in every duty cycle until it is closed (queue operators watching other queues). */
    public final void serviceEveryCycle(IoQueue queue) {
        if (everyCycleCount == everyCycle.length) {
            everyCycle = java.util.Arrays.copyOf(everyCycle, everyCycle.length * 2);
        }
        everyCycle[everyCycleCount++] = queue;
    }

    /**
     * Starts an operation a queue operator makes for itself on another queue: it completes like any other but
     * is never reported by {@link #waitNext}. Consume it with {@link #takeInternal}.
     */
    public final long internalPop(int qd) {
        return startPop(qd, true);
    }

    /** See {@link #internalPop}; the element's references are taken as for an application's push. */
    public final long internalPush(int qd, Sga sga, int ip, int port) {
        return startPush(qd, sga, ip, port, true);
    }

    /** Whether an internal operation has completed. */
    public final boolean isDone(long qt) {
        return ops.validate(qt) == Errno.OK && ops.isDone(qt);
    }

    /** Consumes a completed internal operation into {@code out}. */
    public final void takeInternal(long qt, QResult out) {
        ops.consume(QTokens.slot(qt), out);
    }

    /** Cancels an internal operation that has not completed (its queue drops it) or frees a completed one. */
    public final void dropInternal(long qt) {
        if (ops.validate(qt) != Errno.OK) {
            return;
        }
        int slot = QTokens.slot(qt);
        if (ops.isPending(slot)) {
            IoQueue q = queue(ops.qd(slot));
            if (q != null) {
                q.pendingPops.remove(slot);
                q.pendingPushes.remove(slot);
            }
            Sga element = ops.sga(slot);
            ops.release(slot);
            if (element != null && element.isLive()) {
                sgas.free(element);
            }
        } else {
            ops.consume(slot, scratch);
            if (scratch.sga() != null && scratch.sga().isLive()) {
                sgas.free(scratch.sga());
            }
        }
    }

    // ------------------------------------------------------------------ control path

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int socket(Domain domain, SocketType type) {
        checkOpen();
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        if (domain == Domain.PACKET && type != SocketType.RAW) {
            throw new PdpixException(Errno.EPROTONOSUPPORT, "the PACKET domain only has RAW queues");
        }
        if (type == SocketType.RAW && domain != Domain.PACKET) {
            throw new PdpixException(Errno.EPROTONOSUPPORT, "RAW queues are in the PACKET domain");
        }
        return register(newQueue(domain, type));
    }

    @Override
    public final void bind(int qd, InetEndpoint local) {
        Objects.requireNonNull(local, "local");
        require(qd, "bind").bind(local);
    }

    @Override
    public final void listen(int qd, int backlog) {
        if (backlog < 1) {
            throw new PdpixException(Errno.EINVAL, "backlog must be at least 1: " + backlog);
        }
        require(qd, "listen").listen(backlog);
    }

    @Override
    public final InetEndpoint getsockname(int qd) {
        return require(qd, "getsockname").localEndpoint();
    }

    @Override
    public final InetEndpoint getpeername(int qd) {
        return require(qd, "getpeername").remoteEndpoint();
    }

    @Override
    public final <T> void setsockopt(int qd, SocketOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        require(qd, "setsockopt").setOption(option, option.cast(value));
    }

    @Override
    public final <T> T getsockopt(int qd, SocketOption<T> option) {
        Objects.requireNonNull(option, "option");
        return require(qd, "getsockopt").getOption(option);
    }

    @Override
    public final void close(int qd) {
        IoQueue q = require(qd, "close");
        closeQueue(q);
        statistics.queuesClosed++;
    }

    @Override
    public final long asyncClose(int qd) {
        IoQueue q = queue(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        long qt = ops.begin(Opcode.CLOSE, qd, false);
        if (qt < 0) {
            return qt;
        }
        q.failAllPending(Errno.ECANCELED);
        q.closed = true;
        q.closeSlot = QTokens.slot(qt);
        int err = q.startClose(QTokens.slot(qt));
        if (err != Errno.OK) {
            ops.fail(QTokens.slot(qt), err);
        }
        if (!ops.isPending(QTokens.slot(qt))) {
            forget(q);
        } else {
            serviceEveryCycle(q);
        }
        return qt;
    }

    // ------------------------------------------------------------------ data path

    @Override
    public final long accept(int qd) {
        IoQueue q = queue(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        long qt = ops.begin(Opcode.ACCEPT, qd, false);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        int err = q.startAccept(slot);
        if (err != Errno.OK) {
            ops.fail(slot, err);
        }
        statistics.operationsStarted++;
        return qt;
    }

    @Override
    public final long connect(int qd, InetEndpoint remote) {
        IoQueue q = queue(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        if (remote == null) {
            return -Errno.EINVAL;
        }
        long qt = ops.begin(Opcode.CONNECT, qd, false);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        int err = q.startConnect(slot, remote.address(), remote.port());
        if (err != Errno.OK) {
            ops.fail(slot, err);
        }
        statistics.operationsStarted++;
        return qt;
    }

    @Override
    public final long push(int qd, Sga sga) {
        return startPush(qd, sga, 0, 0, false);
    }

    @Override
    public final long pushTo(int qd, Sga sga, InetEndpoint remote) {
        if (remote == null) {
            return -Errno.EINVAL;
        }
        return startPush(qd, sga, remote.address(), remote.port(), false);
    }

    @Override
    public final long pop(int qd) {
        return startPop(qd, false);
    }

    private long startPop(int qd, boolean internal) {
        IoQueue q = queue(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        long qt = ops.begin(Opcode.POP, qd, internal);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        int err = q.startPop(slot);
        if (err != Errno.OK) {
            ops.fail(slot, err);
        }
        statistics.operationsStarted++;
        return qt;
    }

    private long startPush(int qd, Sga sga, int ip, int port, boolean internal) {
        IoQueue q = queue(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        if (sga == null || !sga.isLive() || sga.segmentCount() == 0 || sga.totalLength() == 0) {
            return -Errno.EINVAL;
        }
        if (sga.totalLength() > Integer.MAX_VALUE) {
            return -Errno.EMSGSIZE;
        }
        long qt = ops.begin(Opcode.PUSH, qd, internal);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        // Free-protection: the library OS keeps its own references, so the application may sgaFree at once.
        Sga copy = sgas.allocateEmpty();
        if (copy == null) {
            ops.release(slot);
            return -Errno.ENOMEM;
        }
        for (int i = 0; i < sga.segmentCount(); i++) {
            PacketBuffer b = sga.buffer(i);
            copy.append(b.retain());
        }
        copy.address(ip, port);
        ops.attach(slot, copy);
        ops.peer(slot, ip, port);
        int err = q.startPush(slot, copy, ip, port);
        if (err != Errno.OK) {
            if (ops.isPending(slot)) {
                q.failPush(slot, err);
            }
        }
        statistics.operationsStarted++;
        return qt;
    }

    // ------------------------------------------------------------------ waiting

    @Override
    public final int poll() {
        if (closed) {
            return 0;
        }
        statistics.dutyCycles++;
        int work = pollIo();
        long now = nanoTime();
        for (int i = 0; i < everyCycleCount; i++) {
            IoQueue q = everyCycle[i];
            work += q.service(now);
        }
        int n = serviceSize;
        for (int i = 0; i < n; i++) {
            IoQueue q = serviceRing[serviceHead];
            serviceRing[serviceHead] = null;
            serviceHead = (serviceHead + 1) % serviceRing.length;
            serviceSize--;
            q.queuedForService = false;
            if (!q.closed) {
                work += q.service(now);
            }
        }
        pruneEveryCycle();
        if (work > 0) {
            idleRounds = 0;
        }
        return work;
    }

    @Override
    public final int wait(long qt, QResult result, long timeoutNanos) {
        int err = ops.validate(qt);
        if (err != Errno.OK) {
            return err;
        }
        if (!ops.isDone(qt)) {
            long deadline = deadline(timeoutNanos);
            while (true) {
                poll();
                if (ops.isDone(qt)) {
                    break;
                }
                if (nanoTime() >= deadline) {
                    statistics.waitTimeouts++;
                    return Errno.ETIMEDOUT;
                }
                idle(deadline);
            }
        }
        ops.consume(QTokens.slot(qt), result);
        statistics.operationsCompleted++;
        return Errno.OK;
    }

    @Override
    public final int waitAny(long[] qts, int count, QResult result, long timeoutNanos) {
        if (qts == null || count < 0 || count > qts.length) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < count; i++) {
            int err = ops.validate(qts[i]);
            if (err != Errno.OK) {
                return -err;
            }
        }
        long deadline = deadline(timeoutNanos);
        while (true) {
            for (int i = 0; i < count; i++) {
                if (ops.isDone(qts[i])) {
                    ops.consume(QTokens.slot(qts[i]), result);
                    statistics.operationsCompleted++;
                    return i;
                }
            }
            if (nanoTime() >= deadline) {
                statistics.waitTimeouts++;
                return -Errno.ETIMEDOUT;
            }
            if (poll() == 0) {
                boolean any = false;
                for (int i = 0; i < count && !any; i++) {
                    any = ops.isDone(qts[i]);
                }
                if (!any) {
                    idle(deadline);
                }
            }
        }
    }

    @Override
    public final int waitAll(long[] qts, int count, QResult[] results, long timeoutNanos) {
        if (qts == null || results == null || count < 0 || count > qts.length || count > results.length) {
            return Errno.EINVAL;
        }
        for (int i = 0; i < count; i++) {
            int err = ops.validate(qts[i]);
            if (err != Errno.OK) {
                return err;
            }
        }
        long deadline = deadline(timeoutNanos);
        while (true) {
            boolean all = true;
            for (int i = 0; i < count && all; i++) {
                all = ops.isDone(qts[i]);
            }
            if (all) {
                for (int i = 0; i < count; i++) {
                    ops.consume(QTokens.slot(qts[i]), results[i]);
                    statistics.operationsCompleted++;
                }
                return Errno.OK;
            }
            if (nanoTime() >= deadline) {
                statistics.waitTimeouts++;
                return Errno.ETIMEDOUT;
            }
            if (poll() == 0) {
                idle(deadline);
            }
        }
    }

    @Override
    public final int waitNext(QResult[] results, long timeoutNanos) {
        if (results == null || results.length == 0) {
            return 0;
        }
        long deadline = deadline(timeoutNanos);
        while (true) {
            int n = 0;
            long qt;
            while (n < results.length && (qt = ops.nextCompleted()) != 0) {
                ops.consume(QTokens.slot(qt), results[n++]);
                statistics.operationsCompleted++;
            }
            if (n > 0) {
                return n;
            }
            if (nanoTime() >= deadline) {
                statistics.waitTimeouts++;
                return 0;
            }
            if (poll() == 0) {
                idle(deadline);
            }
        }
    }

    @Override
    public final int blockingPush(int qd, Sga sga, long timeoutNanos) {
        long qt = push(qd, sga);
        if (qt < 0) {
            return QTokens.errno(qt);
        }
        int err = wait(qt, scratch, timeoutNanos);
        if (err == Errno.ETIMEDOUT) {
            dropInternal(qt);
            return err;
        }
        return err != Errno.OK ? err : scratch.ret();
    }

    @Override
    public final int blockingPop(int qd, QResult result, long timeoutNanos) {
        long qt = pop(qd);
        if (qt < 0) {
            return QTokens.errno(qt);
        }
        int err = wait(qt, result, timeoutNanos);
        if (err == Errno.ETIMEDOUT) {
            dropInternal(qt);
            return err;
        }
        return err != Errno.OK ? err : result.ret();
    }

    // ------------------------------------------------------------------ buffers

    @Override
    public final Sga sgaAlloc(int size) {
        if (size < 0 || size > sgas.maxElement()) {
            return null;
        }
        return sgas.allocate(size);
    }

    @Override
    public final int sgaFree(Sga sga) {
        return sgas.free(sga);
    }

    @Override
    public final long maxElement() {
        return sgas.maxElement();
    }

    // ------------------------------------------------------------------ life cycle

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        for (IoQueue q : queues) {
            if (q != null && !q.closed) {
                closeQueue(q);
            }
        }
        for (int i = 0; i < queues.length; i++) {
            queues[i] = null;
        }
        closed = true;
        closeResources();
    }

    /** Whether {@link #close()} was called. */
    public final boolean isClosed() {
        return closed;
    }

    /** Queue descriptors open. */
    public final int openQueues() {
        return openQueues;
    }

    // ------------------------------------------------------------------ internals

    private IoQueue require(int qd, String call) {
        checkOpen();
        IoQueue q = queue(qd);
        if (q == null) {
            throw new PdpixException(Errno.EBADF, call + "(" + qd + "): not an open queue descriptor");
        }
        return q;
    }

    private void closeQueue(IoQueue q) {
        q.failAllPending(Errno.ECANCELED);
        q.closed = true;
        q.closeNow();
        forget(q);
    }

    private void forget(IoQueue q) {
        int qd = q.qd();
        if (qd >= 0 && queues[qd] == q) {
            queues[qd] = null;
            openQueues--;
        }
    }

    private void pruneEveryCycle() {
        int w = 0;
        for (int i = 0; i < everyCycleCount; i++) {
            IoQueue q = everyCycle[i];
            boolean finishedClosing = q.closed && queues[q.qd()] != q;
            boolean closingDone = q.closed && queues[q.qd()] == q && !q.hasPendingClose();
            if (closingDone) {
                forget(q);
            }
            if (!finishedClosing && !closingDone) {
                everyCycle[w++] = q;
            }
        }
        for (int i = w; i < everyCycleCount; i++) {
            everyCycle[i] = null;
        }
        everyCycleCount = w;
    }

    private long deadline(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return Long.MAX_VALUE;
        }
        long now = nanoTime();
        long d = now + timeoutNanos;
        return d < now ? Long.MAX_VALUE : d;
    }

    private void checkOpen() {
        if (closed) {
            throw new PdpixException(Errno.EBADF, "library OS " + name + " is closed");
        }
    }
}
