package org.margay.pdpix.kernel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * The kernel library OS: PDPIX over the Linux kernel's TCP and UDP, through JDK NIO non-blocking channels and
 * one {@link Selector} (Demikernel's catnap). The kernel runs the protocols; this class maps queues, qtokens and
 * elements onto sockets, so that an application written for PDPIX runs here unchanged ({@code libos=kernel}).
 *
 * <h2>Duty cycle</h2>
 * {@link #pollIo} expires connects past {@code kernel.connect-timeout}, then runs one non-blocking
 * {@code selectNow}; each ready socket's queue is serviced in the same cycle (it reads, writes, accepts or
 * finishes connecting for its parked operations). Pushes and pops are first tried at once, so a push to a
 * socket with room and a pop of bytes already staged complete without any select. A wait with nothing ready
 * idles as {@code kernel.idle} says ({@link IdleMode}): by default it sleeps in {@code epoll_wait} through
 * {@link Selector#select(Consumer, long)}.
 *
 * <h2>Memory</h2>
 * Elements' segments come from an {@link ArenaBufferPool} ({@code kernel.buffers} buffers of
 * {@code kernel.buffer-size} bytes, 512 × 64 KiB by default, so {@link #maxElement()} is 1 MiB), the same
 * memory manager as every library OS, or from a pool the caller passes in. Sockets read into and write from
 * that memory through cached {@link ByteBuffer} views ({@link SegmentViews}): in steady state the data path
 * allocates nothing (see the module README for what was measured).
 *
 * <h2>What the kernel cannot do through NIO</h2>
 * RAW queues ({@link Domain#PACKET}: NIO has no {@code AF_PACKET}; use the {@code link} library OS).
 * {@code TCP_MAXSEG} has no NIO option either; it is set on the socket's descriptor through FFM
 * ({@code TcpMaxSegment}).
 *
 * <p>Single-threaded, like every library OS: one thread at a time calls it.
 */
public final class KernelLibOS extends AbstractLibOS {
    /** The library OS's name in configurations ({@code libos=kernel}). */
    public static final String NAME = "kernel";

    private static final long RETRY_PARK_NANOS = 50_000L;
    private static final long ONE_MS = 1_000_000L;
    private static final int DATAGRAM_STAGE = 64 * 1024;
    private static final int STAGES_RETAINED = 64;

    private final KernelConfig settings;
    private final BufferPool buffers;
    private final boolean ownsBuffers;
    private final Selector selector;
    private final Consumer<SelectionKey> dispatcher;
    private final SegmentViews views;
    private final StagePool stages;
    private final DestinationCache destinations = new DestinationCache();
    private ByteBuffer datagramStage;
    private MemorySegment datagramStageMemory;
    private StreamQueue[] connecting = new StreamQueue[8];
    private int connectingCount;
    private boolean retry;
    private long datagramsDropped;
    private long selectorErrors;
    private Map<java.net.SocketOption<?>, Object> streamDefaults;

    private KernelLibOS(LibOSConfig config, KernelConfig settings, BufferPool buffers, boolean ownsBuffers, Selector selector) {
        super(NAME, config, buffers);
        this.settings = settings;
        this.buffers = buffers;
        this.ownsBuffers = ownsBuffers;
        this.selector = selector;
        this.dispatcher = this::dispatch;
        this.views = new SegmentViews(buffers.capacity());
        this.stages = new StagePool(settings.streamStage(), STAGES_RETAINED);
    }

    /** A kernel library OS with every default (see {@link KernelConfig}). */
    public static KernelLibOS open() {
        return open(LibOSConfig.of(NAME));
    }

    /**
     * A kernel library OS set up from {@code config} ({@code kernel.*} keys, see {@link KernelConfig}, and the
     * generic {@code pdpix.*} ones), with its own buffer pool, closed with it.
     *
     * @throws PdpixException {@link Errno#EINVAL} for a bad setting, {@link Errno#ENOMEM} when the pool cannot
     *         be allocated, or the errno of a failing {@code epoll_create}
     */
    public static KernelLibOS open(LibOSConfig config) {
        KernelConfig settings = KernelConfig.from(config);
        Selector selector = openSelector();
        ArenaBufferPool pool;
        try {
            pool = new ArenaBufferPool(NAME, settings.buffers(), settings.bufferSize(), settings.headroom(), settings.trackLeaks());
        } catch (RuntimeException | OutOfMemoryError e) {
            closeQuietly(selector);
            throw new PdpixException(Errno.ENOMEM, "cannot allocate " + settings.buffers() + " buffers of " + settings.bufferSize()
                    + " bytes (" + KernelConfig.BUFFERS + ", " + KernelConfig.BUFFER_SIZE + "): " + e.getMessage(), e);
        }
        try {
            return new KernelLibOS(config, settings, pool, true, selector);
        } catch (RuntimeException e) {
            pool.close();
            closeQuietly(selector);
            throw e;
        }
    }

    /**
     * A kernel library OS whose elements come from {@code buffers}, which the caller owns (it is not closed
     * with the library OS); the {@code kernel.buffer*} and {@code kernel.headroom} keys are then ignored.
     */
    public static KernelLibOS open(LibOSConfig config, BufferPool buffers) {
        Objects.requireNonNull(buffers, "buffers");
        KernelConfig settings = KernelConfig.from(config);
        Selector selector = openSelector();
        try {
            return new KernelLibOS(config, settings, buffers, false, selector);
        } catch (RuntimeException e) {
            closeQuietly(selector);
            throw e;
        }
    }

    private static Selector openSelector() {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new PdpixException(NioErrno.of(e), "cannot open a selector (epoll): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ AbstractLibOS

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        if (domain == Domain.PACKET) {
            throw new PdpixException(Errno.EPROTONOSUPPORT, "the kernel library OS has no RAW (PACKET) queues: JDK NIO"
                    + " cannot open AF_PACKET sockets. Use the \"link\" library OS for layer-2 queues");
        }
        return switch (type) {
            case STREAM -> new StreamQueue(this);
            case DGRAM -> new DatagramQueue(this);
            case RAW -> throw new PdpixException(Errno.EPROTONOSUPPORT, "RAW queues are in the PACKET domain");
        };
    }

    @Override
    protected int pollIo() {
        retry = false;
        int work = 0;
        if (connectingCount > 0) {
            work += expireConnects(System.nanoTime());
        }
        try {
            work += selector.selectNow(dispatcher);
        } catch (IOException e) {
            selectorErrors++;
        }
        return work;
    }

    @Override
    protected long nanoTime() {
        return System.nanoTime();
    }

    @Override
    protected void idle(long deadlineNanos) {
        switch (settings.idle()) {
            case SPIN -> Thread.onSpinWait();
            case BACKOFF -> super.idle(deadlineNanos);
            case BLOCK -> block(deadlineNanos);
        }
    }

    /** Sleeps in the kernel until a socket is ready or the nearest deadline. */
    private void block(long deadlineNanos) {
        if (retry) {
            LockSupport.parkNanos(RETRY_PARK_NANOS);    // a queue waits for pool memory: poll again soon
            return;
        }
        long now = System.nanoTime();
        long until = Math.min(deadlineNanos, now + settings.maxBlockNanos());
        for (int i = 0; i < connectingCount; i++) {
            until = Math.min(until, connecting[i].connectDeadline());
        }
        long nanos = until - now;
        if (nanos < ONE_MS) {
            Thread.onSpinWait();    // epoll_wait counts in milliseconds: spin out the last one
            return;
        }
        try {
            selector.select(dispatcher, nanos / ONE_MS);
        } catch (IOException e) {
            selectorErrors++;
        }
    }

    @Override
    protected void closeResources() {
        closeQuietly(selector);
        stages.clear();
        if (ownsBuffers) {
            buffers.close();
        }
    }

    // ------------------------------------------------------------------ for applications and tests

    /** The settings in use. */
    public KernelConfig settings() {
        return settings;
    }

    /** The pool elements' segments come from (for leak checks: {@link BufferPool#assertNoLeaks()}). */
    public BufferPool buffers() {
        return buffers;
    }

    /** Times a socket was given a one-off {@link ByteBuffer} view because the view cache had no room (allocations). */
    public long uncachedViews() {
        return views.uncachedViews();
    }

    /** {@code pushTo} destinations that had to be converted anew (one allocation each). */
    public long destinationMisses() {
        return destinations.misses();
    }

    /** TCP staging buffers ever allocated (connection set-up cost). */
    public long stagesCreated() {
        return stages.created();
    }

    /** Datagrams received but dropped because the pool had no memory for them (small-buffer pools only). */
    public long datagramsDropped() {
        return datagramsDropped;
    }

    /** Times the selector itself failed. */
    public long selectorErrors() {
        return selectorErrors;
    }

    // ------------------------------------------------------------------ for queues

    SegmentViews views() {
        return views;
    }

    StagePool stages() {
        return stages;
    }

    long now() {
        return System.nanoTime();
    }

    /** Asks the idle step not to sleep long: a queue waits for pool memory and retries in the next cycle. */
    void retrySoon() {
        retry = true;
    }

    void datagramDropped() {
        datagramsDropped++;
    }

    /** The JDK address of a {@code pushTo} destination, cached. */
    InetSocketAddress destination(int ip, int port) {
        return destinations.get(ip, port);
    }

    /** The shared datagram stage, cleared (capacity 64 KiB). */
    ByteBuffer datagramStage() {
        if (datagramStage == null) {
            datagramStage = ByteBuffer.allocateDirect(DATAGRAM_STAGE);
            datagramStageMemory = MemorySegment.ofBuffer(datagramStage);
        }
        datagramStage.clear();
        return datagramStage;
    }

    MemorySegment datagramStageMemory() {
        return datagramStageMemory;
    }

    /** Copies {@code element}'s segments into the datagram stage and returns it ready to be sent. */
    ByteBuffer gather(Sga element) {
        ByteBuffer stage = datagramStage();
        long at = 0;
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            MemorySegment.copy(b.segment(), b.start(), datagramStageMemory, at, b.length());
            at += b.length();
        }
        stage.limit((int) at);
        return stage;
    }

    /** Registers {@code channel} with the selector for {@code queue}, with no interest yet. */
    SelectionKey registerChannel(SelectableChannel channel, KernelQueue queue) {
        try {
            return channel.register(selector, 0, queue);
        } catch (IOException | RuntimeException e) {
            throw new PdpixException(NioErrno.of(e), "cannot register a socket with the selector: " + e.getMessage(), e);
        }
    }

    /**
     * Closes {@code channel} now. A channel still registered with a selector is only half-closed by NIO until
     * the key is flushed (and NIO then drops a positive SO_LINGER); so the key is cancelled and flushed with a
     * {@code selectNow} first, and the close that follows is a plain {@code close(2)}, which honours SO_LINGER.
     * Readiness the flush reports for other sockets is dropped from the selected-key set; the selector is
     * level-triggered, so the next select reports it again.
     */
    void closeChannel(SelectableChannel channel, SelectionKey key) {
        if (key != null) {
            key.cancel();
            try {
                selector.selectNow();
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                selectorErrors++;
            }
        }
        closeQuietly(channel);
    }

    /** Makes a queue for a connection a listener accepted and gives it a descriptor. */
    StreamQueue adoptAccepted(SocketChannel accepted, StreamOptions listenerOptions) {
        StreamQueue q;
        try {
            q = new StreamQueue(this, accepted, listenerOptions.copy());
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted);
            throw new PdpixException(NioErrno.of(e), "cannot set up an accepted connection: " + e.getMessage(), e);
        }
        try {
            register(q);
        } catch (PdpixException e) {
            q.closeNow();
            throw e;
        }
        return q;
    }

    /** Tracks a connect with a deadline. */
    void watchConnect(StreamQueue q) {
        if (connectingCount == connecting.length) {
            connecting = java.util.Arrays.copyOf(connecting, connecting.length * 2);
        }
        connecting[connectingCount++] = q;
    }

    /** Stops tracking {@code q}'s connect (no-op when it is not tracked). */
    void unwatchConnect(StreamQueue q) {
        for (int i = 0; i < connectingCount; i++) {
            if (connecting[i] == q) {
                connecting[i] = connecting[--connectingCount];
                connecting[connectingCount] = null;
                return;
            }
        }
    }

    private int expireConnects(long now) {
        int n = 0;
        for (int i = connectingCount - 1; i >= 0; i--) {
            StreamQueue q = connecting[i];
            if (q.connectDeadline() - now <= 0) {
                q.connectTimedOut();        // removes it from the list
                n++;
            }
        }
        return n;
    }

    /**
     * What a fresh TCP socket says for {@code option}: the answer of a listener's getsockopt for options that
     * NIO's ServerSocketChannel does not have and that were never set (read once, cold path).
     */
    Object streamDefault(java.net.SocketOption<?> option) {
        if (streamDefaults == null) {
            Map<java.net.SocketOption<?>, Object> d = new HashMap<>();
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.INET)) {
                d.put(StandardSocketOptions.TCP_NODELAY, probe.getOption(StandardSocketOptions.TCP_NODELAY));
                d.put(StandardSocketOptions.SO_KEEPALIVE, probe.getOption(StandardSocketOptions.SO_KEEPALIVE));
                d.put(StandardSocketOptions.SO_LINGER, probe.getOption(StandardSocketOptions.SO_LINGER));
                d.put(StandardSocketOptions.SO_RCVBUF, probe.getOption(StandardSocketOptions.SO_RCVBUF));
                d.put(StandardSocketOptions.SO_SNDBUF, probe.getOption(StandardSocketOptions.SO_SNDBUF));
                d.put(StandardSocketOptions.SO_REUSEADDR, probe.getOption(StandardSocketOptions.SO_REUSEADDR));
            } catch (IOException e) {
                throw new PdpixException(NioErrno.of(e), "cannot read the default socket options: " + e.getMessage(), e);
            }
            streamDefaults = d;
        }
        return streamDefaults.get(option);
    }

    private void dispatch(SelectionKey key) {
        ((KernelQueue) key.attachment()).ready(key.readyOps());
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
