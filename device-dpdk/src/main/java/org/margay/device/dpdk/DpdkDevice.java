package org.margay.device.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;

/**
 * One DPDK ethdev port (queue 0) as a Margay {@link NetworkDevice}: {@code rte_eth_rx_burst} and
 * {@code rte_eth_tx_burst} through the shim, zero copy, with the port's own {@link MbufPool}.
 *
 * <p>Open one with {@link DpdkDevices}: a virtual device from its DPDK device arguments ({@code net_tap0,iface=mtap0},
 * {@code net_memif0,role=server,socket=/tmp/m.sock}, {@code net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap}), a
 * {@code net_ring} pair inside this JVM, or a port DPDK already knows.
 *
 * <p>Frames from another pool (a frame an appliance forwards from a non-DPDK device) are copied into an mbuf
 * on transmit; frames of any registered {@link MbufPool} go out as they are. The thread that polls is
 * registered with DPDK the first time it does. Single-threaded.
 */
public final class DpdkDevice implements NetworkDevice {
    private static final int BURST = 64;

    private final String name;
    private final int port;
    private final MbufPool pool;
    private final boolean ownsPool;
    private final MbufLayout layout;
    private final long mac;
    private final int mtu;
    private final String removeOnClose;
    private final LinkStatistics statistics = new LinkStatistics();
    private final MemorySegment rx;
    private final MemorySegment tx;
    private final PacketBuffer[] txFrames = new PacketBuffer[BURST];
    private final PacketBuffer[] txCopies = new PacketBuffer[BURST];
    private final boolean[] txShared = new boolean[BURST];
    private final MbufPool[] txOwners = new MbufPool[BURST];
    private Thread pollingThread;
    private long copiedOnTransmit;
    private long foreignReceived;
    private boolean closed;

    DpdkDevice(String name, int port, MbufPool pool, boolean ownsPool, String removeOnClose, boolean ownMac) {
        this.name = Objects.requireNonNull(name, "name");
        this.port = port;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.removeOnClose = removeOnClose;
        this.layout = Eal.layout();
        this.rx = Arena.global().allocate(ValueLayout.JAVA_LONG, BURST);
        this.tx = Arena.global().allocate(ValueLayout.JAVA_LONG, BURST);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(8);
            int rc = (int) Dpdk.PORT_MAC.invokeExact((short) port, m);
            long value = 0;
            if (rc == 0) {
                for (int i = 0; i < 6; i++) {
                    value = (value << 8) | (m.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
                }
            }
            if (value == 0 || ownMac) {
                // Some PMDs (net_ring) start without an address, and net_tap gives the port the kernel interface's
                // own address (Margay would then ignore Linux's ARP as its own echo): give the port a locally
                // administered one, 02:6d:67 ("mg") followed by the process id's low bits and the port number.
                value = 0x02_6d_67_00_00_00L | ((ProcessHandle.current().pid() & 0xFF) << 8) | (port & 0xFF);
                for (int i = 0; i < 6; i++) {
                    m.set(ValueLayout.JAVA_BYTE, i, (byte) (value >>> (40 - 8 * i)));
                }
                // The port itself is not told (net_tap would give the kernel interface the same address again);
                // it runs promiscuous, so the stack simply answers to this address.
            }
            this.mac = value;
            int mtuRc = (int) Dpdk.PORT_MTU.invokeExact((short) port);
            this.mtu = mtuRc > 0 ? mtuRc : 1500;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** The DPDK port id. */
    public int port() {
        return port;
    }

    @Override
    public int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        registerThread();
        int want = Math.min(into.freeSpace(), BURST);
        if (want == 0) {
            return 0;
        }
        int n;
        try {
            n = Short.toUnsignedInt((short) Dpdk.RX_BURST.invokeExact((short) port, (short) 0, rx.address(), (short) want));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        for (int i = 0; i < n; i++) {
            long m = rx.getAtIndex(ValueLayout.JAVA_LONG, i);
            MbufPool owner = MbufPool.ownerOf(m, layout);
            if (owner == null) {
                // An mbuf of a pool Margay does not know (closed, or made by DPDK itself): drop it, counted.
                freeForeign(rx.address() + (long) i * Long.BYTES);
                foreignReceived++;
                statistics.recordRxError();
                continue;
            }
            PacketBuffer frame = owner.claimReceived(m);
            statistics.recordRx(frame.frameLength());
            into.add(frame);
        }
        return n;
    }

    @Override
    public int transmit(PacketBurst from) {
        if (closed) {
            return 0;
        }
        registerThread();
        int n = Math.min(from.count(), BURST);
        if (n == 0) {
            return 0;
        }
        int ready = 0;
        for (int i = 0; i < n; i++) {
            PacketBuffer frame = from.get(i);
            PacketBuffer wire = frame;
            MbufPool owner = MbufPool.ownerOf(frame);
            if (owner == null || frame.next() != null && !allOwned(frame)) {
                wire = copyIntoMbuf(frame);
                if (wire == null) {
                    break;   // pool exhausted: the rest stays with the caller
                }
                owner = pool;
            }
            txFrames[i] = frame;
            txCopies[i] = wire == frame ? null : wire;
            txOwners[i] = owner;
            boolean shared = wire.refCount() > 1;
            txShared[i] = shared;
            prepare(wire, owner, shared);
            tx.setAtIndex(ValueLayout.JAVA_LONG, i, owner.mbufOf(wire));
            ready++;
        }
        int sent;
        try {
            sent = Short.toUnsignedInt((short) Dpdk.TX_BURST.invokeExact((short) port, (short) 0, tx.address(), (short) ready));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        for (int i = 0; i < ready; i++) {
            PacketBuffer frame = txFrames[i];
            PacketBuffer copy = txCopies[i];
            PacketBuffer wire = copy != null ? copy : frame;
            if (i < sent) {
                statistics.recordTx(wire.frameLength());
                if (copy != null) {
                    copy.release();
                }
                frame.release();   // the caller's reference: the device owns the frame now, and it is on its way
            } else {
                unprepare(wire, txOwners[i], txShared[i]);
                if (copy != null) {
                    copy.release();
                }
            }
            txFrames[i] = null;
            txCopies[i] = null;
            txOwners[i] = null;
        }
        from.removeFirst(sent);
        if (sent < ready) {
            statistics.recordTxDrop();
        }
        return sent;
    }

    @Override
    public BufferPool pool() {
        return pool;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    @Override
    public LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public String name() {
        return name;
    }

    /** Frames transmitted through a copy because they came from a pool the port cannot send from. */
    public long copiedOnTransmit() {
        return copiedOnTransmit;
    }

    /** Received mbufs dropped because no Margay pool owned them. */
    public long foreignReceived() {
        return foreignReceived;
    }

    /** DPDK's own counters for the port: ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors, rx_nombuf. */
    public long[] portStatistics() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 8);
            int rc = (int) Dpdk.PORT_STATS.invokeExact((short) port, out);
            if (rc != 0) {
                throw new IllegalStateException("rte_eth_stats_get(" + port + "): " + Dpdk.strerror(rc));
            }
            return out.toArray(ValueLayout.JAVA_LONG);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** Whether the port reports its link up. */
    public boolean linkUp() {
        try {
            return (int) Dpdk.LINK_UP.invokeExact((short) port) == 1;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int rc = (int) Dpdk.PORT_STOP.invokeExact((short) port);
            if (removeOnClose != null) {
                try (Arena arena = Arena.ofConfined()) {
                    int rc2 = (int) Dpdk.DEV_REMOVE.invokeExact(arena.allocateFrom(removeOnClose));
                    if (rc2 != 0 && rc == 0) {
                        rc = rc2;
                    }
                }
            }
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        } finally {
            if (ownsPool) {
                pool.close();
            }
        }
    }

    @Override
    public String toString() {
        return "DpdkDevice[" + name + ", port " + port + ", mtu " + mtu + "]";
    }

    // ------------------------------------------------------------------ internals

    private void registerThread() {
        Thread current = Thread.currentThread();
        if (current != pollingThread) {
            Eal.registerCurrentThread();
            pollingThread = current;
        }
    }

    private static boolean allOwned(PacketBuffer frame) {
        for (PacketBuffer s = frame; s != null; s = s.next()) {
            if (MbufPool.ownerOf(s) == null) {
                return false;
            }
        }
        return true;
    }

    /** Writes every segment's window into its mbuf; the head's owner is known, further segments are looked up. */
    private static void prepare(PacketBuffer head, MbufPool headOwner, boolean headShared) {
        int segments = head.next() == null ? 1 : head.segmentCount();
        int total = head.next() == null ? head.length() : head.frameLength();
        for (PacketBuffer s = head; s != null; s = s.next()) {
            MbufPool owner = s == head ? headOwner : MbufPool.ownerOf(s);
            PacketBuffer after = s.next();
            long nextMbuf = after == null ? 0 : MbufPool.ownerOf(after).mbufOf(after);
            boolean shared = headShared || s.refCount() > 1;
            owner.prepareSegment(s, owner.mbufOf(s), nextMbuf, s == head ? segments : 1, s == head ? total : s.length(), shared);
        }
    }

    private static void unprepare(PacketBuffer head, MbufPool headOwner, boolean headShared) {
        for (PacketBuffer s = head; s != null; s = s.next()) {
            MbufPool owner = s == head ? headOwner : MbufPool.ownerOf(s);
            owner.unprepareSegment(s, owner.mbufOf(s), headShared || s.refCount() > 1);
        }
    }

    private PacketBuffer copyIntoMbuf(PacketBuffer frame) {
        int length = frame.frameLength();
        PacketBuffer copy = pool.allocate();
        if (copy == null) {
            return null;
        }
        if (length > copy.tailroom()) {
            copy.release();
            statistics.recordTxError();
            return null;
        }
        copy.append(length);
        frame.copyTo(copy.segment(), copy.start());
        copiedOnTransmit++;
        return copy;
    }

    /** Frees the one mbuf whose pointer sits at {@code slot} (an entry of the rx burst array). */
    private static void freeForeign(long slot) {
        try {
            Dpdk.FREE_BULK.invokeExact(slot, 1);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }
}
