package org.margay.rdma;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.fastpath.buffer.MemoryManager;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.CompletionQueue;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.Verbs;
import org.margay.rdma.verbs.VerbsException;
import org.margay.rdma.verbs.ffm.RdmaCore;
import org.margay.rdma.verbs.inproc.InProcessFabric;

/**
 * The RDMA library OS ({@code libos=rdma}): PDPIX over one RDMA device, STREAM queues on reliable-connected queue
 * pairs ({@link RdmaStreamQueue}, {@link RcConnection}) and DGRAM queues on unreliable-datagram ones
 * ({@link RdmaDatagramQueue}, {@link UdEndpoint}), with connection management over IP addresses and ports.
 *
 * <h2>One duty cycle</h2>
 * Poll the completion queue (every queue pair shares one) and route each completion by its {@code wr_id}
 * ({@link WorkIds}); take connection-manager events and route them by id; pump every endpoint that asked for it
 * (post sends as credits allow, return credits, re-post receives, finish closes); then, in a
 * {@linkplain ProgressGroup group}, the other members' cycles.
 *
 * <h2>Memory</h2>
 * Elements and receive buffers come from {@link RegisteredMemory}: registered once, at start, so applications
 * never register memory. An element pushed with buffers from elsewhere is copied into registered memory first.
 *
 * <h2>Limits</h2>
 * {@link #maxElement()} is {@code 16 × rdma.element-size} (1 MiB by default); a STREAM element larger than the
 * largest message ({@code rdma.message-size}, or {@code TCP_MAXSEG}) travels in several messages and is
 * reassembled; a DGRAM element is at most the path MTU ({@link #maxDatagram()}). No RAW queues.
 *
 * <p>Configuration: {@link RdmaSettings}. Single-threaded, like every library OS.
 */
public final class RdmaLibOS extends AbstractLibOS {
    /** The name configurations use. */
    public static final String NAME = "rdma";
    private static final int BATCH = 64;

    private final RdmaSettings settings;
    private final Verbs verbs;
    private final ConnectionManager cm;
    private final ProtectionDomain pd;
    private final CompletionQueue cq;
    private final RegisteredMemory memory;
    private final ProgressGroup group;
    private final CompletionBatch batch = new CompletionBatch(BATCH);
    private final CmEvent event = new CmEvent();
    private final SendRequest sendRequest = new SendRequest();
    private Endpoint[] endpoints = new Endpoint[64];
    private int[] generations = new int[64];
    private int[] freeIndexes = new int[64];
    private int freeCount;
    private int endpointCount;
    private Endpoint[] attention = new Endpoint[64];
    private int attentionCount;
    private Endpoint[] pumping = new Endpoint[64];
    private final List<UdEndpoint> datagramEndpoints = new ArrayList<>();
    private final List<Endpoint> timed = new ArrayList<>();
    private final LongMap<Destination> destinations = new LongMap<>();
    private long staleCompletions;
    private long unregisteredCopies;
    private long deferredReceives;
    private int cqError;
    private boolean asyncStarted;

    private RdmaLibOS(LibOSConfig config, Resources r) {
        super(NAME, config, r.memory.elementPool());
        this.settings = r.settings;
        this.verbs = r.verbs;
        this.cm = verbs.connectionManager();
        this.pd = r.pd;
        this.cq = r.cq;
        this.memory = r.memory;
        this.group = r.group;
        for (int i = 0; i < freeIndexes.length; i++) {
            freeIndexes[i] = freeIndexes.length - 1 - i;
        }
        freeCount = freeIndexes.length;
        group.join(this);
    }

    /** What the constructor needs made before {@code super}. */
    private record Resources(RdmaSettings settings, Verbs verbs, ProtectionDomain pd, CompletionQueue cq, RegisteredMemory memory,
                             ProgressGroup group) {
    }

    /**
     * Opens the library OS described by {@code config} ({@link RdmaSettings}).
     *
     * @throws PdpixException {@link Errno#EINVAL} for bad configuration; {@link Errno#ENODEV} naming what is missing
     *         when rdma-core, its shim or any device is unavailable; the device's errno when it refuses a resource
     */
    public static RdmaLibOS open(LibOSConfig config) {
        Objects.requireNonNull(config, "config");
        RdmaSettings s = RdmaSettings.from(config);
        if (s.sendDepth() * 8L > s.messageSize()) {
            throw new PdpixException(Errno.EINVAL, "configuration rdma.send-depth=" + s.sendDepth() + " needs rdma.message-size >= "
                    + s.sendDepth() * 8 + " (each in-flight send keeps an 8-byte header slot in one receive buffer)");
        }
        ProgressGroup group = s.group() == null ? ProgressGroup.solo(s.virtualClock()) : ProgressGroup.named(s.group(), s.virtualClock());
        Verbs verbs = openDevice(s);
        ProtectionDomain pd = null;
        CompletionQueue cq = null;
        RegisteredMemory memory = null;
        try {
            pd = verbs.allocPd();
            cq = verbs.createCq(s.cqSize());
            memory = new RegisteredMemory(NAME, verbs, pd, s);
            return new RdmaLibOS(config, new Resources(s, verbs, pd, cq, memory, group));
        } catch (VerbsException e) {
            cleanUp(verbs, pd, cq, memory);
            throw new PdpixException(e.errno(), "rdma library OS on " + verbs.device().name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(verbs, pd, cq, memory);
            throw e;
        }
    }

    private static void cleanUp(Verbs verbs, ProtectionDomain pd, CompletionQueue cq, RegisteredMemory memory) {
        try {
            if (memory != null) {
                memory.close();
            }
            if (cq != null) {
                verbs.destroyCq(cq);
            }
            if (pd != null) {
                verbs.deallocPd(pd);
            }
        } finally {
            verbs.close();
        }
    }

    private static Verbs openDevice(RdmaSettings s) {
        try {
            if (s.inProcess()) {
                return InProcessFabric.named(s.fabricName()).attach(s.address());
            }
            return RdmaCore.open(s.device().equals("auto") ? null : s.device());
        } catch (VerbsException e) {
            throw new PdpixException(e.errno() == 0 ? Errno.ENODEV : e.errno(), e.detail(), e);
        }
    }

    // ------------------------------------------------------------------ AbstractLibOS

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        if (domain != Domain.INET) {
            throw new PdpixException(Errno.EAFNOSUPPORT, "the rdma library OS has no " + domain + " queues");
        }
        return switch (type) {
            case STREAM -> new RdmaStreamQueue(this);
            case DGRAM -> new RdmaDatagramQueue(this);
            default -> throw new PdpixException(Errno.EPROTONOSUPPORT, "the rdma library OS has no " + type + " queues");
        };
    }

    @Override
    protected int pollIo() {
        int work = pollCompletions();
        work += pollEvents();
        work += pumpEndpoints();
        if (asyncStarted) {
            // Something started in this cycle will answer with an event in the next one: not idle yet.
            asyncStarted = false;
            work++;
        }
        work += group.pollOthers(this);
        return work;
    }

    private int pollCompletions() {
        int total = 0;
        while (true) {
            int n = verbs.pollCq(cq, batch);
            if (n < 0) {
                cqError = -n;
                return total;
            }
            for (int i = 0; i < n; i++) {
                dispatch(i);
            }
            total += n;
            if (n < batch.capacity()) {
                return total;
            }
        }
    }

    private void dispatch(int i) {
        long wrId = batch.wrId(i);
        int index = WorkIds.endpoint(wrId);
        Endpoint e = index < endpoints.length ? endpoints[index] : null;
        if (e == null || (generations[index] & WorkIds.GENERATION_MASK) != WorkIds.generation(wrId)) {
            staleCompletions++;
            return;
        }
        if (WorkIds.kind(wrId) == WorkIds.RECV) {
            e.onRecvCompletion(WorkIds.entry(wrId), batch.status(i), batch.byteLen(i), batch.imm(i), batch.flags(i));
        } else {
            e.onSendCompletion(WorkIds.entry(wrId), batch.status(i));
        }
    }

    private int pollEvents() {
        int work = 0;
        while (cm.nextEvent(event)) {
            work++;
            Object owner = event.type() == CmEventType.CONNECT_REQUEST && event.listenId() != null
                    ? event.listenId().context() : event.id().context();
            if (owner instanceof Endpoint e) {
                e.onCmEvent(event);
            } else if (event.type() == CmEventType.CONNECT_REQUEST) {
                cm.destroyId(event.id());       // a request for a listener closed meanwhile
            }
        }
        return work;
    }

    private int pumpEndpoints() {
        long now = nanoTime();
        for (int i = 0; i < timed.size(); i++) {
            Endpoint e = timed.get(i);
            if (e.finished()) {
                timed.remove(i--);
            } else if (e.deadline() <= now) {
                attention(e);
            }
        }
        int work = 0;
        int n = attentionCount;
        if (n == 0) {
            return 0;
        }
        Endpoint[] current = attention;
        attention = pumping.length >= current.length ? pumping : new Endpoint[current.length];
        pumping = current;
        attentionCount = 0;
        for (int i = 0; i < n; i++) {
            Endpoint e = current[i];
            current[i] = null;
            e.attention = false;
            if (!e.finished()) {
                work += e.pump(now);
            }
        }
        return work;
    }

    @Override
    protected long nanoTime() {
        return group.clock().nanoTime();
    }

    @Override
    protected void idle(long deadlineNanos) {
        if (group.isVirtual()) {
            long next = Math.min(deadlineNanos, group.nextDeadline());
            if (next != Long.MAX_VALUE) {
                group.advanceTo(next);
            } else {
                Thread.onSpinWait();
            }
            return;
        }
        super.idle(deadlineNanos);
    }

    /** The earliest close timeout of this instance, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (int i = 0; i < timed.size(); i++) {
            d = Math.min(d, timed.get(i).deadline());
        }
        return d;
    }

    @Override
    protected void closeResources() {
        for (int i = 0; i < endpoints.length; i++) {
            Endpoint e = endpoints[i];
            if (e != null) {
                e.destroy();
            }
        }
        destinations.forEachValue(Destination::destroy);
        group.leave(this);
        try {
            memory.close();
            verbs.destroyCq(cq);
            verbs.deallocPd(pd);
        } catch (VerbsException ignored) {
            // the device is going away with everything on it
        } finally {
            verbs.close();
        }
    }

    // ------------------------------------------------------------------ for endpoints and queues

    /** The clock, for queues outside the duty cycle. */
    long nanoTimeNow() {
        return nanoTime();
    }

    RdmaSettings settings() {
        return settings;
    }

    Verbs verbs() {
        return verbs;
    }

    ConnectionManager cm() {
        return cm;
    }

    ProtectionDomain pd() {
        return pd;
    }

    CompletionQueue cq() {
        return cq;
    }

    RegisteredMemory memory() {
        return memory;
    }

    /** The send request holder every endpoint fills (one thread, one post at a time). */
    SendRequest sendRequest() {
        return sendRequest;
    }

    int registerQueue(IoQueue q) {
        return register(q);
    }

    void addEndpoint(Endpoint e) {
        if (freeCount == 0) {
            int old = endpoints.length;
            if (old >= WorkIds.MAX_ENDPOINTS) {
                throw new PdpixException(Errno.ENFILE, "the rdma library OS has " + old + " endpoints open");
            }
            endpoints = java.util.Arrays.copyOf(endpoints, old * 2);
            generations = java.util.Arrays.copyOf(generations, old * 2);
            freeIndexes = java.util.Arrays.copyOf(freeIndexes, old * 2);
            for (int i = old * 2 - 1; i >= old; i--) {
                freeIndexes[freeCount++] = i;
            }
        }
        int index = freeIndexes[--freeCount];
        endpoints[index] = e;
        generations[index]++;
        e.index = index;
        e.generation = generations[index];
        endpointCount++;
        if (e instanceof UdEndpoint u) {
            datagramEndpoints.add(u);
        }
        if (e instanceof RcConnection) {
            timed.add(e);
        }
    }

    /** Takes a released endpoint out of the table (its later completions are stale). */
    void removeEndpoint(Endpoint e) {
        int index = e.index;
        if (index >= 0 && index < endpoints.length && endpoints[index] == e) {
            endpoints[index] = null;
            generations[index]++;
            freeIndexes[freeCount++] = index;
            endpointCount--;
        }
        e.index = -1;
        if (e instanceof UdEndpoint u) {
            datagramEndpoints.remove(u);
        }
    }

    /** Pumps {@code e} in the next duty cycle. */
    void attention(Endpoint e) {
        if (e.attention) {
            return;
        }
        if (attentionCount == attention.length) {
            attention = java.util.Arrays.copyOf(attention, attention.length * 2);
        }
        e.attention = true;
        attention[attentionCount++] = e;
    }

    void wakeDatagramEndpoints() {
        for (int i = 0; i < datagramEndpoints.size(); i++) {
            attention(datagramEndpoints.get(i));
        }
    }

    /** The destination {@code ip:port} of UD sends, resolving it on first use. */
    Destination destination(int ip, int port) {
        long key = Destination.key(ip, port);
        Destination d = destinations.get(key);
        if (d == null || d.state == Destination.State.FAILED && nanoTime() - d.failedAt > Destination.FAILURE_LIFETIME_NANOS) {
            d = new Destination(this, ip, port);
            destinations.put(key, d);
            d.start();
            asyncStarted = true;
        }
        return d;
    }

    /**
     * {@code element} if every segment lies in registered memory; otherwise a registered copy (the original is
     * freed). Null when no registered element was left (the original is freed too).
     */
    Sga registered(Sga element) {
        for (int s = 0; s < element.segmentCount(); s++) {
            PacketBuffer b = element.buffer(s);
            if (memory.lkeyOf(b, b.start(), b.length()) == RegisteredMemory.UNREGISTERED) {
                return linearized(element);
            }
        }
        return element;
    }

    /** A registered copy of {@code element} in as few segments as the element pool allows; the original is freed. */
    Sga linearized(Sga element) {
        unregisteredCopies++;
        long total = element.totalLength();
        Sga copy = total <= maxElement() ? sgaPool().allocate((int) total) : null;
        if (copy != null) {
            int src = 0;
            int srcOffset = 0;
            for (int t = 0; t < copy.segmentCount(); t++) {
                PacketBuffer to = copy.buffer(t);
                int filled = 0;
                while (filled < to.length()) {
                    PacketBuffer from = element.buffer(src);
                    int n = Math.min(from.length() - srcOffset, to.length() - filled);
                    java.lang.foreign.MemorySegment.copy(from.segment(), from.start() + srcOffset, to.segment(), to.start() + filled, n);
                    filled += n;
                    srcOffset += n;
                    if (srcOffset == from.length()) {
                        src++;
                        srcOffset = 0;
                    }
                }
            }
        }
        sgaPool().free(element);
        return copy;
    }

    // ------------------------------------------------------------------ public views

    /** The largest DGRAM element: the device's path MTU. */
    public int maxDatagram() {
        return verbs.device().mtuBytes();
    }

    /** The verbs device this instance runs on (its name says whether it is rdma-core or in-process). */
    public String deviceName() {
        return verbs.device().name();
    }

    /** The registered pools, as fastpath's memory manager. */
    public MemoryManager memoryManager() {
        return memory.manager();
    }

    /** Endpoints (connections, datagram queue pairs) not yet released. */
    public int endpoints() {
        return endpointCount;
    }

    /** Completions that arrived for an endpoint already released. */
    public long staleCompletions() {
        return staleCompletions;
    }

    /** Pushed elements that had to be copied into registered memory. */
    public long unregisteredCopies() {
        return unregisteredCopies;
    }

    /**
     * Receives that could not be re-posted at once because the receive pool was empty (the application holds popped
     * zero-copy elements); each is posted later, when a buffer comes back, and only then is its credit returned.
     */
    public long deferredReceives() {
        return deferredReceives;
    }

    void countDeferredReceive() {
        deferredReceives++;
    }

    /** The errno of a broken completion queue (overflow), or 0. */
    public int completionQueueError() {
        return cqError;
    }

    @Override
    public String toString() {
        return "RdmaLibOS[" + verbs.device().name() + ", " + endpointCount + " endpoints]";
    }
}
