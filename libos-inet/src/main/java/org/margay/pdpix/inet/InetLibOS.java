package org.margay.pdpix.inet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;
import org.margay.stack.FrameObserver;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * Margay's own TCP/IP stack as a PDPIX library OS (the role Demikernel's catnip plays): one {@link InetStack}
 * over one {@link NetworkDevice} given by whoever opens it — the library OS knows no device type.
 *
 * <ul>
 *   <li>STREAM queues are TCP listeners and connections ({@link StreamQueue}), DGRAM queues UDP sockets
 *       ({@link DatagramQueue}), and RAW queues (Domain.PACKET) a tap on the link: every frame the device
 *       receives, copied, and frames pushed straight to the device ({@link TapPort}).</li>
 *   <li>One duty cycle ({@code pollIo}) is one {@link InetStack#poll()}; readiness comes from the TCP engine's
 *       callbacks and the stack's UDP readiness callbacks, so queues are serviced only when something happened to
 *       them.</li>
 *   <li>Time is the group's clock. On a virtual clock a wait with nothing to do jumps the clock to the next
 *       deadline of the whole {@link LibOSGroup} (deterministic tests, no sleeping).</li>
 *   <li>Elements come from this library OS's own pool ({@link #elementBuffers()}); by default 1024 buffers of
 *       16 KiB, so {@code maxElement()} is 256 KiB.</li>
 * </ul>
 * Open it with {@link #builder()}, from configuration through {@link org.margay.pdpix.LibOSes} ({@code libos=inet},
 * see {@link InetProvider}), or as a connected pair for tests ({@link InetLibOSPair}).
 *
 * <p>Single-threaded. No allocation per push, pop or wait on the TCP path in steady state (tested).
 */
public final class InetLibOS extends SharedLoopLibOS {
    /** Default element buffers: count. */
    public static final int DEFAULT_ELEMENT_BUFFERS = 1024;
    /** Default element buffers: bytes each. */
    public static final int DEFAULT_ELEMENT_BUFFER_SIZE = 16 * 1024;
    private static final int SCRATCH_BYTES = 64 * 1024;
    /** Frames a RAW (tap) queue holds before dropping. */
    private static final int TAP_RING = 256;

    private final InetStack stack;
    private final NetworkDevice device;
    private final BufferPool elementBuffers;
    private final boolean ownsDevice;
    private final List<Runnable> onClose;
    private final TcpPortTable tcpPorts = new TcpPortTable();
    private final List<StreamQueue> lingering = new ArrayList<>();
    private final TapPort tap;
    private final MemorySegment datagramScratch;
    private final MemorySegment discard;
    private FrameObserver appObserver;
    private final FrameObserver fanOut = this::showFrame;

    private InetLibOS(Builder b, BufferPool elementBuffers, LibOSGroup group) {
        super(b.name, b.config, elementBuffers, group);
        this.device = b.device;
        this.elementBuffers = elementBuffers;
        this.ownsDevice = b.ownsDevice;
        this.onClose = List.copyOf(b.onClose);
        this.stack = new InetStack(b.stack, b.device, group.clock());
        this.tap = new TapPort(this, b.device);
        tap.stack(stack);
        Arena arena = Arena.ofAuto();
        this.datagramScratch = arena.allocate(SCRATCH_BYTES, 8);
        this.discard = arena.allocate(SCRATCH_BYTES, 8);
        joinGroup();
    }

    /** A builder: give it at least a device and a stack configuration. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ public views

    /** The stack behind this library OS (for statistics, routes and the neighbour cache). */
    public InetStack stack() {
        return stack;
    }

    /** The device the stack runs on. */
    public NetworkDevice device() {
        return device;
    }

    /** The primary IPv4 address. */
    public int address() {
        return stack.address();
    }

    /**
     * Shows every frame the stack receives and sends to {@code observer} (null for none): for traces and captures
     * (cold path; the observer may allocate). Works beside RAW (tap) queues.
     */
    public void frameObserver(FrameObserver observer) {
        appObserver = observer;
        observersChanged();
    }

    /** Installs what must see the stack's frames: the tap, the application's observer, both or none. */
    void observersChanged() {
        stack.frameObserver(tap.active() || appObserver != null ? fanOut : null);
    }

    private void showFrame(boolean outbound, long nowNanos, MemorySegment segment, long offset, int length) {
        if (tap.active()) {
            tap.onFrame(outbound, nowNanos, segment, offset, length);
        }
        FrameObserver o = appObserver;
        if (o != null) {
            o.onFrame(outbound, nowNanos, segment, offset, length);
        }
    }

    /** The pool elements come from; it reports no outstanding buffers once every element was freed. */
    public BufferPool elementBuffers() {
        return elementBuffers;
    }

    @Override
    public long nextDeadline() {
        long next = stack.nextDeadline();
        for (int i = 0; i < lingering.size(); i++) {
            next = Math.min(next, lingering.get(i).lingerDeadline());
        }
        return next;
    }

    // ------------------------------------------------------------------ the library OS

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        return switch (type) {
            case STREAM -> new StreamQueue(this);
            case DGRAM -> new DatagramQueue(this);
            case RAW -> new RawQueue(this, tap, TAP_RING);
        };
    }

    @Override
    protected int pollDevices() {
        return stack.poll(); // readiness reaches the queues through the stack's TCP and UDP callbacks
    }

    @Override
    protected void closeOwnResources() {
        stack.close();
        tap.close();
        if (ownsDevice) {
            device.close();
        }
        elementBuffers.close();
        for (Runnable r : onClose) {
            r.run();
        }
    }

    // ------------------------------------------------------------------ for queues

    /** Registers an accepted connection's queue and returns its descriptor. */
    int adopt(IoQueue queue) {
        return register(queue);
    }

    TcpPortTable tcpPorts() {
        return tcpPorts;
    }

    /** 64 KiB of scratch for gathering a multi-segment datagram. */
    MemorySegment datagramScratch() {
        return datagramScratch;
    }

    /** 64 KiB where a closing connection's unread bytes are thrown away. */
    MemorySegment discardBuffer() {
        return discard;
    }

    void watchLinger(StreamQueue q) {
        lingering.add(q);
    }

    void unwatchLinger(StreamQueue q) {
        lingering.remove(q);
    }

    /**
     * Builds an {@link InetLibOS}. Required: {@link #device} and {@link #stack}. The clock defaults to the
     * system clock in a private group; give a {@link #group} to share a loop (and its clock) with others.
     */
    public static final class Builder {
        private NetworkDevice device;
        private StackConfig stack;
        private LibOSGroup group;
        private Clock clock = SystemClock.INSTANCE;
        private LibOSConfig config = LibOSConfig.of(Map.of());
        private int elementBufferCount = DEFAULT_ELEMENT_BUFFERS;
        private int elementBufferSize = DEFAULT_ELEMENT_BUFFER_SIZE;
        private boolean trackLeaks = Boolean.getBoolean(ArenaBufferPool.TRACK_LEAKS_PROPERTY);
        private boolean ownsDevice;
        private final List<Runnable> onClose = new ArrayList<>();
        private String name = "inet";

        private Builder() {
        }

        /** The link the stack runs on. */
        public Builder device(NetworkDevice value) {
            device = Objects.requireNonNull(value, "device");
            return this;
        }

        /** The stack's addresses, routes and protocol settings. */
        public Builder stack(StackConfig value) {
            stack = Objects.requireNonNull(value, "stack");
            return this;
        }

        /** The clock of the private group made when no {@link #group} is given (default: the system clock). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The group whose loop and clock this library OS shares. */
        public Builder group(LibOSGroup value) {
            group = Objects.requireNonNull(value, "group");
            return this;
        }

        /** PDPIX table sizes ({@code pdpix.max-operations}, {@code pdpix.max-queues}, {@code pdpix.max-sgas}, {@code pdpix.idle}). */
        public Builder config(LibOSConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The element pool: {@code count} buffers of {@code size} bytes ({@code maxElement()} = 16 × size). */
        public Builder elementBuffers(int count, int size) {
            if (count <= 0 || size < 64) {
                throw new IllegalArgumentException("element buffers: need count > 0 and size >= 64, got " + count + " x " + size);
            }
            elementBufferCount = count;
            elementBufferSize = size;
            return this;
        }

        /** Records where every element buffer was allocated, for leak reports (tests; allocates per buffer). */
        public Builder trackLeaks(boolean value) {
            trackLeaks = value;
            return this;
        }

        /** Whether closing the library OS closes the device too (default false: the opener owns it). */
        public Builder ownsDevice(boolean value) {
            ownsDevice = value;
            return this;
        }

        /** Runs {@code action} after the library OS closed (registries releasing a named device, say). */
        public Builder onClose(Runnable action) {
            onClose.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The name {@code name()} reports (default {@code inet}). */
        public Builder name(String value) {
            name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Opens the library OS; its stack sends nothing before the first poll or wait. */
        public InetLibOS open() {
            if (device == null || stack == null) {
                throw new PdpixException(Errno.EINVAL, "an inet library OS needs a device and a stack configuration");
            }
            LibOSGroup g = group != null ? group : new LibOSGroup(clock, LibOSGroup.idleStrategy(config));
            BufferPool pool = new ArenaBufferPool(name + "-elements", elementBufferCount, elementBufferSize, 0, trackLeaks);
            try {
                return new InetLibOS(this, pool, g);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }
}
