package org.margay.pdpix.inet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;

/**
 * The "link" library OS: raw layer-2 queues over one or more {@link NetworkDevice}s, and nothing else — no
 * addresses, no protocols. It is what appliances (forwarders, filters, probes) are built on, with the queue
 * operators joining its queues.
 *
 * <ul>
 *   <li>Only RAW queues in Domain.PACKET ({@link RawQueue}); {@code bind(qd, new InetEndpoint(0, i))} picks link
 *       {@code i}, the position of its device in the list given.</li>
 *   <li>pop is zero copy: the device's received {@link PacketBuffer} becomes the element's one segment, and
 *       {@code sgaFree} gives it back to the device's pool. Frames no queue wants are released at once and
 *       counted ({@link #unclaimedFrames(int)}); chained (multi-buffer) frames are dropped and counted.</li>
 *   <li>push is zero copy for a one-segment element (the device gets its own reference and releases it once
 *       sent: free-protection); an element of several segments is gathered into one device buffer. Pushed
 *       frames are batched in a transmit burst per link, flushed at the start of every duty cycle; the push
 *       completes when its frame is in the burst, and parks while the burst is full and the device refuses.</li>
 * </ul>
 * Single-threaded; nothing allocates per frame.
 */
public final class LinkLibOS extends SharedLoopLibOS {
    /** Default element buffers (for {@code sgaAlloc}): count. */
    public static final int DEFAULT_ELEMENT_BUFFERS = 4096;
    /** Default element buffers: bytes each (a full 1500-byte frame with headroom). */
    public static final int DEFAULT_ELEMENT_BUFFER_SIZE = 2048;
    /** Default frames a RAW queue holds before dropping. */
    public static final int DEFAULT_RING = 1024;

    private final Link[] links;
    private final BufferPool elementBuffers;
    private final boolean ownsDevices;
    private final List<Runnable> onClose;
    private final int ringCapacity;
    private final RawLinks ports = new Ports();
    private RawQueue anyQueue;

    /** One device and its bursts. */
    private static final class Link {
        final NetworkDevice device;
        final PacketBurst rx;
        final PacketBurst tx;
        RawQueue queue;
        long unclaimed;
        long chained;

        Link(NetworkDevice device, int burst) {
            this.device = device;
            this.rx = new PacketBurst(burst);
            this.tx = new PacketBurst(burst);
        }
    }

    private LinkLibOS(Builder b, BufferPool elementBuffers, LibOSGroup group) {
        super(b.name, b.config, elementBuffers, group);
        this.elementBuffers = elementBuffers;
        this.ownsDevices = b.ownsDevices;
        this.onClose = List.copyOf(b.onClose);
        this.ringCapacity = b.ringCapacity;
        this.links = new Link[b.devices.size()];
        for (int i = 0; i < links.length; i++) {
            links[i] = new Link(b.devices.get(i), b.burstSize);
        }
        joinGroup();
    }

    /** A builder: give it at least one device. */
    public static Builder builder() {
        return new Builder();
    }

    /** The device of link {@code index}. */
    public NetworkDevice device(int index) {
        return links[index].device;
    }

    /** Frames received on link {@code index} that no queue wanted (or that were chained), released at once. */
    public long unclaimedFrames(int index) {
        return links[index].unclaimed + links[index].chained;
    }

    /** The pool {@code sgaAlloc} elements come from. */
    public BufferPool elementBuffers() {
        return elementBuffers;
    }

    // ------------------------------------------------------------------ the library OS

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        if (type != SocketType.RAW) {
            throw new PdpixException(Errno.EPROTONOSUPPORT, "the link library OS has only RAW queues (Domain.PACKET), not " + type);
        }
        return new RawQueue(this, ports, ringCapacity);
    }

    @Override
    protected int pollDevices() {
        int work = 0;
        for (int i = 0; i < links.length; i++) {
            Link l = links[i];
            if (!l.tx.isEmpty()) {
                work += l.device.transmit(l.tx);
            }
            int n = l.device.receive(l.rx);
            for (int j = 0; j < n; j++) {
                deliver(i, l, l.rx.get(j));
            }
            l.rx.clear();
            work += n;
        }
        return work;
    }

    private void deliver(int index, Link l, PacketBuffer frame) {
        RawQueue q = l.queue != null ? l.queue : anyQueue;
        if (frame.next() != null) {
            l.chained++;
            frame.release();
            return;
        }
        Sga element = q == null ? null : sgaPool().allocateEmpty();
        if (element == null) {
            l.unclaimed++;
            frame.release();
            return;
        }
        element.append(frame); // zero copy: the frame's reference passes to the element
        q.offer(element, index);
    }

    @Override
    public long nextDeadline() {
        for (Link l : links) {
            if (!l.tx.isEmpty()) {
                return clock().nanoTime();
            }
        }
        return Long.MAX_VALUE;
    }

    @Override
    protected void closeOwnResources() {
        for (Link l : links) {
            l.tx.releaseAll();
            l.rx.releaseAll();
            if (ownsDevices) {
                l.device.close();
            }
        }
        elementBuffers.close();
        for (Runnable r : onClose) {
            r.run();
        }
    }

    /** The number of links. */
    public int linkCount() {
        return links.length;
    }

    /** The links as RAW queues see them. */
    private final class Ports implements RawLinks {
        @Override
        public int linkCount() {
            return links.length;
        }

        @Override
        public int mtu(int link) {
            return links[link].device.mtu();
        }

        @Override
        public boolean attach(RawQueue queue, int link) {
            if (link < 0) {
                if (anyQueue != null) {
                    return false;
                }
                anyQueue = queue;
                return true;
            }
            if (links[link].queue != null) {
                return false;
            }
            links[link].queue = queue;
            return true;
        }

        @Override
        public void detach(RawQueue queue) {
            if (anyQueue == queue) {
                anyQueue = null;
            }
            for (Link l : links) {
                if (l.queue == queue) {
                    l.queue = null;
                }
            }
        }

        @Override
        public int transmit(int link, Sga element) {
            Link l = links[link];
            if (l.tx.isFull()) {
                l.device.transmit(l.tx);
                if (l.tx.isFull()) {
                    return AGAIN;
                }
            }
            PacketBuffer frame = Frames.toFrame(element, l.device.pool());
            if (frame == null) {
                return Errno.ENOBUFS;
            }
            l.tx.add(frame);
            return Errno.OK;
        }
    }

    /** Builds a {@link LinkLibOS}. Required: at least one {@link #device}. */
    public static final class Builder {
        private final List<NetworkDevice> devices = new ArrayList<>();
        private LibOSGroup group;
        private Clock clock = SystemClock.INSTANCE;
        private LibOSConfig config = LibOSConfig.of(Map.of());
        private int elementBufferCount = DEFAULT_ELEMENT_BUFFERS;
        private int elementBufferSize = DEFAULT_ELEMENT_BUFFER_SIZE;
        private int ringCapacity = DEFAULT_RING;
        private int burstSize = 32;
        private boolean trackLeaks = Boolean.getBoolean(ArenaBufferPool.TRACK_LEAKS_PROPERTY);
        private boolean ownsDevices;
        private final List<Runnable> onClose = new ArrayList<>();
        private String name = "link";

        private Builder() {
        }

        /** Adds a link; its index is the number of links added before it. */
        public Builder device(NetworkDevice value) {
            devices.add(Objects.requireNonNull(value, "device"));
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

        /** PDPIX table sizes and idling ({@code pdpix.*} keys). */
        public Builder config(LibOSConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The pool {@code sgaAlloc} takes elements from: {@code count} buffers of {@code size} bytes. */
        public Builder elementBuffers(int count, int size) {
            if (count <= 0 || size < 64) {
                throw new IllegalArgumentException("element buffers: need count > 0 and size >= 64, got " + count + " x " + size);
            }
            elementBufferCount = count;
            elementBufferSize = size;
            return this;
        }

        /** Frames a RAW queue holds before it drops (default 1024). */
        public Builder ringCapacity(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("ring capacity must be positive: " + value);
            }
            ringCapacity = value;
            return this;
        }

        /** Frames per device call (default 32). */
        public Builder burstSize(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("burst size must be positive: " + value);
            }
            burstSize = value;
            return this;
        }

        /** Records where every element buffer was allocated, for leak reports (tests). */
        public Builder trackLeaks(boolean value) {
            trackLeaks = value;
            return this;
        }

        /** Whether closing the library OS closes its devices (default false: the opener owns them). */
        public Builder ownsDevices(boolean value) {
            ownsDevices = value;
            return this;
        }

        /** Runs {@code action} after the library OS closed. */
        public Builder onClose(Runnable action) {
            onClose.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The name {@code name()} reports (default {@code link}). */
        public Builder name(String value) {
            name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Opens the library OS. */
        public LinkLibOS open() {
            if (devices.isEmpty()) {
                throw new PdpixException(Errno.EINVAL, "a link library OS needs at least one device");
            }
            LibOSGroup g = group != null ? group : new LibOSGroup(clock, LibOSGroup.idleStrategy(config));
            // Headroom, so that an appliance can prepend a header (a VLAN tag, an encapsulation) without copying.
            BufferPool pool = new ArenaBufferPool(name + "-elements", elementBufferCount, elementBufferSize, 128, trackLeaks);
            try {
                return new LinkLibOS(this, pool, g);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }
}
