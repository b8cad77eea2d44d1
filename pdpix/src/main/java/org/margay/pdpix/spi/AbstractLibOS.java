package org.margay.pdpix.spi;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.runtime.IdleStrategies;
import org.margay.fastpath.runtime.IdleStrategy;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.ElementComparator;
import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.ElementPredicate;
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
import org.margay.pdpix.ops.FilterQueue;
import org.margay.pdpix.ops.Forwarder;
import org.margay.pdpix.ops.MapQueue;
import org.margay.pdpix.ops.MemoryQueue;
import org.margay.pdpix.ops.MergeQueue;
import org.margay.pdpix.ops.SortQueue;

/**
 * The part of every library OS that does not depend on its device: the queue-descriptor table, the qtoken
 * slots, the element pool, argument checks, and the wait calls, which drive the library OS's poll loop on the
 * caller's thread until the awaited tokens complete ("invoker" mode).
 *
 * <p>A library OS supplies {@link #newQueue} (its sockets), {@link #pollIo} (one pass over its device or kernel),
 * {@link #nanoTime} (its clock) and may refine {@link #idle} (how a wait spends a cycle with no work: a virtual
 * clock jumps to the next deadline instead of sleeping).
 *
 * <p>It also implements the queue operators ({@link #queue}, {@link #merge}, {@link #filter}, {@link #sort},
 * {@link #map}, {@link #qconnect}) for every library OS, over whatever queues that library OS has: operators are
 * {@link IoQueue}s that reach their inputs only through {@link #internalPop}/{@link #internalPush}.
 *
 * <h2>Waits</h2>
 * Every wait polls at least once, even with a zero timeout (a non-blocking probe), then polls until its tokens
 * complete or the deadline passes, calling {@link #idle} only after a duty cycle that did no work. A wait on a
 * token that can no longer complete because the library OS was closed returns {@link Errno#EBADF}.
 *
 * <p>Nothing here allocates per operation: tokens, elements and queues' parked lists are preallocated.
 * Single-threaded.
 */
public abstract class AbstractLibOS implements LibOS {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int DEFAULT_OPERATIONS = 4096;
    private static final int DEFAULT_QUEUES = 1024;
    private static final int DEFAULT_SGAS = 4096;
    private static final int DEFAULT_SORT_WINDOW = 256;
    /** The default of {@link LibOSConfig#IDLE}: spin, yield, then park 1 to 50 µs (a wait's wake-up stays short). */
    public static final String DEFAULT_IDLE = "backoff:100,100,1us,50us";
    /** Within this of a wait's deadline the default {@link #idle} spins rather than parks, not to overshoot it. */
    private static final long NEAR_DEADLINE_NANOS = 50_000;
    /** Configuration key: how many elements a {@link #sort} queue takes from its input ahead of the pops. */
    public static final String SORT_WINDOW = "pdpix.sort-window";

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
    private DutyCycleTask[] tasks = new DutyCycleTask[2];
    private int taskCount;
    private final int sortWindow;
    private final QResult scratch = new QResult();
    private final IdleStrategy idleStrategy;
    private boolean closed;
    private final LibOSStatistics statistics = new LibOSStatistics();

    /**
     * Sets up the tables from {@code config} ({@link LibOSConfig#MAX_OPERATIONS}, {@link LibOSConfig#MAX_QUEUES},
     * {@link LibOSConfig#MAX_SGAS}, {@link #SORT_WINDOW}, {@link LibOSConfig#IDLE}); elements' segments come from
     * {@code buffers}.
     *
     * @throws PdpixException {@link Errno#EINVAL} naming the key for a value out of range or malformed
     */
    protected AbstractLibOS(String name, LibOSConfig config, BufferPool buffers) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(buffers, "buffers");
        int instance = INSTANCES.incrementAndGet() % QTokens.MAX_INSTANCES;
        int maxOperations = positive(config, LibOSConfig.MAX_OPERATIONS, DEFAULT_OPERATIONS, QTokens.MAX_SLOTS);
        int maxQueues = positive(config, LibOSConfig.MAX_QUEUES, DEFAULT_QUEUES, 1 << 20);
        int maxSgas = positive(config, LibOSConfig.MAX_SGAS, DEFAULT_SGAS, 1 << 24);
        this.sortWindow = positive(config, SORT_WINDOW, DEFAULT_SORT_WINDOW, 1 << 20);
        String idle = config.get(LibOSConfig.IDLE, DEFAULT_IDLE);
        try {
            this.idleStrategy = IdleStrategies.parse(idle);
        } catch (IllegalArgumentException e) {
            throw new PdpixException(Errno.EINVAL, "configuration " + LibOSConfig.IDLE + "=" + idle + ": " + e.getMessage(), e);
        }
        this.ops = new OperationTable(instance == 0 ? 1 : instance, maxOperations);
        this.queues = new IoQueue[maxQueues];
        this.serviceRing = new IoQueue[maxQueues];
        this.sgas = new SgaPool(name, buffers, maxSgas);
    }

    private static int positive(LibOSConfig config, String key, int fallback, int max) {
        int value = config.getInt(key, fallback);
        if (value <= 0 || value > max) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + value + " must be 1.." + max);
        }
        return value;
    }

    // ------------------------------------------------------------------ what a library OS supplies

    /** A new, unregistered queue of {@code type}; throws {@link PdpixException} when unsupported. */
    protected abstract IoQueue newQueue(Domain domain, SocketType type);

    /** One pass over the device or kernel: receive, run protocol timers, transmit. Returns the work done. */
    protected abstract int pollIo();

    /** The library OS's clock in nanoseconds (virtual in simulation). */
    protected abstract long nanoTime();

    /**
     * Spends one idle cycle of a wait whose deadline is {@code deadlineNanos} ({@link Long#MAX_VALUE} = none),
     * after a duty cycle that did no work. The default follows {@link #idleStrategy()} ({@link LibOSConfig#IDLE}),
     * but only spins within 50 µs of the deadline so as not to park past it. A library OS on a virtual clock
     * overrides it to advance the clock to its next timer (or the deadline) instead; one with a kernel to sleep in
     * may block there.
     */
    protected void idle(long deadlineNanos) {
        if (deadlineNanos != Long.MAX_VALUE && deadlineNanos - nanoTime() < NEAR_DEADLINE_NANOS) {
            Thread.onSpinWait();
            return;
        }
        idleStrategy.idle();
    }

    /** The idle strategy configured with {@link LibOSConfig#IDLE}; reset after every duty cycle that did work. */
    protected final IdleStrategy idleStrategy() {
        return idleStrategy;
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

    /**
     * Services {@code queue} in every duty cycle until it is closed (queue operators watching other queues, a
     * closing connection). Idempotent.
     */
    public final void serviceEveryCycle(IoQueue queue) {
        if (queue.inEveryCycle) {
            return;
        }
        if (everyCycleCount == everyCycle.length) {
            everyCycle = java.util.Arrays.copyOf(everyCycle, everyCycle.length * 2);
        }
        queue.inEveryCycle = true;
        everyCycle[everyCycleCount++] = queue;
    }

    /** Runs {@code task} in every duty cycle until it {@linkplain DutyCycleTask#isFinished is finished}. */
    public final void runEveryCycle(DutyCycleTask task) {
        Objects.requireNonNull(task, "task");
        if (taskCount == tasks.length) {
            tasks = java.util.Arrays.copyOf(tasks, tasks.length * 2);
        }
        tasks[taskCount++] = task;
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

    /**
     * Gives up on an operation nobody will wait for: a completed one is consumed and a popped element freed; a
     * pending one is withdrawn from its queue ({@link IoQueue#cancel}) and its slot and element freed, or, when the
     * queue has already started on it, abandoned (it completes in the background and is then discarded). The token
     * is stale afterwards. A token that is not valid is ignored.
     */
    public final void dropInternal(long qt) {
        if (ops.validate(qt) != Errno.OK) {
            return;
        }
        int slot = QTokens.slot(qt);
        if (!ops.isPending(slot)) {
            ops.consume(slot, scratch);
            Sga popped = scratch.sga();
            scratch.clear();
            if (popped != null && popped.isLive()) {
                popped.pool().free(popped);
            }
            return;
        }
        IoQueue q = queue(ops.qd(slot));
        if (q != null && q.cancel(slot)) {
            Sga element = ops.sga(slot);
            ops.release(slot);
            if (element != null && element.isLive()) {
                element.pool().free(element);
            }
        } else {
            ops.abandon(slot);
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
        if (domain == Domain.STORAGE) {
            throw new PdpixException(Errno.EAFNOSUPPORT,
                    "storage queues are opened by a storage library OS's open(target, mode), not by socket()");
        }
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
        statistics.queuesClosed++;
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
        if (sga == null || !sga.isLive()) {
            return -Errno.EINVAL;
        }
        long length = sga.totalLength();
        if (length == 0) {
            return -Errno.EINVAL;
        }
        if (length > Integer.MAX_VALUE) {
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
        for (int i = 0; i < n && serviceSize > 0; i++) {
            IoQueue q = serviceRing[serviceHead];
            serviceRing[serviceHead] = null;
            serviceHead = (serviceHead + 1) % serviceRing.length;
            serviceSize--;
            q.queuedForService = false;
            if (!q.closed) {
                work += q.service(now);
            }
        }
        for (int i = 0; i < taskCount; i++) {
            work += tasks[i].run(now);
        }
        pruneEveryCycle();
        pruneTasks();
        if (work > 0) {
            idleStrategy.reset();
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
                if (closed) {
                    return Errno.EBADF;
                }
                int work = poll();
                if (ops.isDone(qt)) {
                    break;
                }
                if (nanoTime() >= deadline) {
                    statistics.waitTimeouts++;
                    return Errno.ETIMEDOUT;
                }
                if (work == 0) {
                    idle(deadline);
                }
            }
        }
        ops.consume(QTokens.slot(qt), result);
        statistics.operationsCompleted++;
        return Errno.OK;
    }

    @Override
    public final int waitAny(long[] qts, int count, QResult result, long timeoutNanos) {
        if (qts == null || result == null || count <= 0 || count > qts.length) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < count; i++) {
            int err = ops.validate(qts[i]);
            if (err != Errno.OK) {
                return -err;
            }
        }
        int done = firstDone(qts, count);
        if (done < 0) {
            long deadline = deadline(timeoutNanos);
            while (true) {
                if (closed) {
                    return -Errno.EBADF;
                }
                int work = poll();
                done = firstDone(qts, count);
                if (done >= 0) {
                    break;
                }
                if (nanoTime() >= deadline) {
                    statistics.waitTimeouts++;
                    return -Errno.ETIMEDOUT;
                }
                if (work == 0) {
                    idle(deadline);
                }
            }
        }
        ops.consume(QTokens.slot(qts[done]), result);
        statistics.operationsCompleted++;
        return done;
    }

    private int firstDone(long[] qts, int count) {
        for (int i = 0; i < count; i++) {
            if (ops.isDone(qts[i])) {
                return i;
            }
        }
        return -1;
    }

    private boolean allDone(long[] qts, int count) {
        for (int i = 0; i < count; i++) {
            if (!ops.isDone(qts[i])) {
                return false;
            }
        }
        return true;
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
            if (results[i] == null) {
                return Errno.EINVAL;
            }
        }
        if (ops.hasDuplicate(qts, count)) {
            return Errno.EINVAL;
        }
        if (!allDone(qts, count)) {
            long deadline = deadline(timeoutNanos);
            while (true) {
                if (closed) {
                    return Errno.EBADF;
                }
                int work = poll();
                if (allDone(qts, count)) {
                    break;
                }
                if (nanoTime() >= deadline) {
                    statistics.waitTimeouts++;
                    return Errno.ETIMEDOUT;
                }
                if (work == 0) {
                    idle(deadline);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            ops.consume(QTokens.slot(qts[i]), results[i]);
            statistics.operationsCompleted++;
        }
        return Errno.OK;
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the application has no operation outstanding at all (nothing begun and not yet consumed), nothing
     * can complete: it returns 0 at once rather than wait for the timeout.
     */
    @Override
    public final int waitNext(QResult[] results, long timeoutNanos) {
        if (results == null || results.length == 0) {
            return 0;
        }
        int n = takeCompleted(results);
        if (n > 0 || ops.applicationOperations() == 0) {
            return n;
        }
        long deadline = deadline(timeoutNanos);
        while (true) {
            if (closed) {
                return 0;
            }
            int work = poll();
            n = takeCompleted(results);
            if (n > 0 || ops.applicationOperations() == 0) {
                return n;
            }
            if (nanoTime() >= deadline) {
                statistics.waitTimeouts++;
                return 0;
            }
            if (work == 0) {
                idle(deadline);
            }
        }
    }

    private int takeCompleted(QResult[] results) {
        int n = 0;
        long qt;
        while (n < results.length && (qt = ops.nextCompleted()) != 0) {
            ops.consume(QTokens.slot(qt), results[n++]);
            statistics.operationsCompleted++;
        }
        return n;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On {@link Errno#ETIMEDOUT} the push is withdrawn if its queue has not started on it; otherwise it finishes
     * in the background and its result is discarded.
     */
    @Override
    public final int blockingPush(int qd, Sga sga, long timeoutNanos) {
        long qt = push(qd, sga);
        if (qt < 0) {
            return QTokens.errno(qt);
        }
        int err = wait(qt, scratch, timeoutNanos);
        if (err != Errno.OK) {
            dropInternal(qt);
            return err;
        }
        int ret = scratch.ret();
        scratch.clear();
        return ret;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On {@link Errno#ETIMEDOUT} the pop is withdrawn: no element is lost.
     */
    @Override
    public final int blockingPop(int qd, QResult result, long timeoutNanos) {
        long qt = pop(qd);
        if (qt < 0) {
            return QTokens.errno(qt);
        }
        int err = wait(qt, result, timeoutNanos);
        if (err != Errno.OK) {
            dropInternal(qt);
            return err;
        }
        return result.ret();
    }

    // ------------------------------------------------------------------ queue operators

    @Override
    public final int queue() {
        checkOpen();
        return register(new MemoryQueue(this));
    }

    @Override
    public final int merge(int qd1, int qd2) {
        IoQueue a = require(qd1, "merge");
        IoQueue b = require(qd2, "merge");
        return registerOperator(new MergeQueue(this, a, b));
    }

    @Override
    public final int filter(int qd, ElementPredicate predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return registerOperator(new FilterQueue(this, require(qd, "filter"), predicate));
    }

    @Override
    public final int sort(int qd, ElementComparator comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return registerOperator(new SortQueue(this, require(qd, "sort"), comparator, sortWindow));
    }

    @Override
    public final int map(int qd, ElementMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return registerOperator(new MapQueue(this, require(qd, "map"), mapper));
    }

    @Override
    public final long qconnect(int in, int out) {
        IoQueue from = queue(in);
        IoQueue to = queue(out);
        if (from == null || to == null) {
            return -Errno.EBADF;
        }
        if (from == to) {
            return -Errno.EINVAL;
        }
        long qt = ops.begin(Opcode.PUSH, in, false);
        if (qt < 0) {
            return qt;
        }
        statistics.operationsStarted++;
        runEveryCycle(new Forwarder(this, from, to, QTokens.slot(qt)));
        return qt;
    }

    private int registerOperator(IoQueue operator) {
        int qd = register(operator);
        serviceEveryCycle(operator);
        return qd;
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

    /**
     * {@inheritDoc}
     *
     * <p>Every open queue is closed as by {@link #close(int)} (pending operations complete FAILED with
     * {@link Errno#ECANCELED}); a queue still finishing an {@code asyncClose} is closed at once and its CLOSE
     * completes; running {@code qconnect}s complete FAILED with {@link Errno#ECANCELED}. Results already completed
     * can still be consumed with the waits afterwards. Idempotent.
     */
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
        for (IoQueue q : queues) {
            if (q != null && q.hasPendingClose()) {
                q.closeNow();
                ops.complete(q.closeSlot);
            }
        }
        for (int i = 0; i < taskCount; i++) {
            if (!tasks[i].isFinished()) {
                tasks[i].cancel(Errno.ECANCELED);
            }
            tasks[i] = null;
        }
        taskCount = 0;
        for (int i = 0; i < queues.length; i++) {
            queues[i] = null;
        }
        for (int i = 0; i < everyCycleCount; i++) {
            everyCycle[i] = null;
        }
        everyCycleCount = 0;
        openQueues = 0;
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
        if (q.queuedForService) {
            unscheduleService(q);
        }
    }

    /** Takes a forgotten queue off the service ring, so the ring never holds more than the open queues. */
    private void unscheduleService(IoQueue q) {
        int kept = 0;
        for (int i = 0; i < serviceSize; i++) {
            IoQueue e = serviceRing[(serviceHead + i) % serviceRing.length];
            if (e != q) {
                serviceRing[(serviceHead + kept) % serviceRing.length] = e;
                kept++;
            }
        }
        for (int i = kept; i < serviceSize; i++) {
            serviceRing[(serviceHead + i) % serviceRing.length] = null;
        }
        serviceSize = kept;
        q.queuedForService = false;
    }

    private void pruneEveryCycle() {
        int w = 0;
        for (int i = 0; i < everyCycleCount; i++) {
            IoQueue q = everyCycle[i];
            boolean registered = q.qd() >= 0 && queues[q.qd()] == q;
            boolean keep = true;
            if (q.closed) {
                if (registered && !q.hasPendingClose()) {
                    forget(q);
                    registered = false;
                }
                keep = registered;
            }
            if (keep) {
                everyCycle[w++] = q;
            } else {
                q.inEveryCycle = false;
            }
        }
        for (int i = w; i < everyCycleCount; i++) {
            everyCycle[i] = null;
        }
        everyCycleCount = w;
    }

    private void pruneTasks() {
        int w = 0;
        for (int i = 0; i < taskCount; i++) {
            DutyCycleTask t = tasks[i];
            if (!t.isFinished()) {
                tasks[w++] = t;
            }
        }
        for (int i = w; i < taskCount; i++) {
            tasks[i] = null;
        }
        taskCount = w;
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
