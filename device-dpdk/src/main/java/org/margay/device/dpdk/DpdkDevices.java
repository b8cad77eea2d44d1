package org.margay.device.dpdk;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens DPDK ports as {@link DpdkDevice}s, starting the EAL first if needed ({@link Eal#init()}).
 *
 * <ul>
 *   <li>{@link #probe(String)}: a virtual device from DPDK device arguments, for example
 *       {@code net_tap0,iface=mtap0} (a kernel TAP interface), {@code net_memif0,role=server,socket=/tmp/m.sock}
 *       (shared memory with another process), {@code net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap} (replay and
 *       record); it is detached again when the device closes.</li>
 *   <li>{@link #ringPair(String)}: two ports inside this JVM joined back to back by {@code rte_ring}s
 *       ({@code rte_eth_from_rings}), for tests.</li>
 *   <li>{@link #attach(int)}: a port DPDK already has (a real NIC found by PCI probing).</li>
 * </ul>
 * Each device gets its own {@link MbufPool} of {@value #DEFAULT_MBUFS} mbufs of {@value #DEFAULT_DATA_ROOM} bytes.
 */
public final class DpdkDevices {
    /** Mbufs per device pool. */
    public static final int DEFAULT_MBUFS = 4096;
    /** Data room per mbuf: 2048 bytes plus DPDK's 128-byte headroom (RTE_MBUF_DEFAULT_BUF_SIZE). */
    public static final int DEFAULT_DATA_ROOM = 2048 + 128;
    private static final int RX_DESCRIPTORS = 512;
    private static final int TX_DESCRIPTORS = 512;
    private static final int CACHE = 128;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private DpdkDevices() {
    }

    /** Whether DPDK can be tried in this process, and if not, why: null means available. */
    public static String unavailableReason() {
        return Eal.unavailableReason();
    }

    /**
     * Probes a virtual device from {@code devargs} and starts its port.
     *
     * @throws DpdkUnavailableException when DPDK is unavailable or refuses the arguments (with DPDK's reason)
     */
    public static DpdkDevice probe(String devargs) {
        Eal.init();
        String name = devargs.contains(",") ? devargs.substring(0, devargs.indexOf(',')) : devargs;
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Dpdk.DEV_PROBE.invokeExact(arena.allocateFrom(devargs));
            if (rc < 0) {
                throw new DpdkUnavailableException("rte_dev_probe(" + devargs + ") failed: " + Dpdk.strerror(rc));
            }
        } catch (DpdkUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        int port = portByName(name);
        return start(name, port, name, name.startsWith("net_tap"));
    }

    /** Two ports joined back to back in this JVM, named {@code <name>_a} and {@code <name>_b}. */
    public static DpdkDevice[] ringPair(String name) {
        Eal.init();
        int pair;
        try (Arena arena = Arena.ofConfined()) {
            pair = (int) Dpdk.RING_PAIR.invokeExact(arena.allocateFrom(name), 1024);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (pair < 0) {
            throw new DpdkUnavailableException("rte_eth_from_rings(" + name + ") failed: " + Dpdk.strerror(pair));
        }
        int a = pair & 0xFFFF;
        int b = pair >>> 16;
        return new DpdkDevice[] {start(name + "_a", a, null, false), start(name + "_b", b, null, false)};
    }

    /** A port DPDK already has, by id. */
    public static DpdkDevice attach(int port) {
        Eal.init();
        return start("port" + port, port, null, false);
    }

    private static int portByName(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int port = (int) Dpdk.PORT_BY_NAME.invokeExact(arena.allocateFrom(name));
            if (port < 0) {
                throw new DpdkUnavailableException("no DPDK port named " + name + ": " + Dpdk.strerror(port));
            }
            return port;
        } catch (DpdkUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static DpdkDevice start(String name, int port, String removeOnClose, boolean ownMac) {
        MbufPool pool = MbufPool.create("mg" + POOLS.incrementAndGet() + "_" + shortName(name), DEFAULT_MBUFS, CACHE,
                DEFAULT_DATA_ROOM, Boolean.getBoolean("margay.buffers.trackLeaks"));
        int rc;
        try {
            rc = (int) Dpdk.PORT_START.invokeExact((short) port, (short) RX_DESCRIPTORS, (short) TX_DESCRIPTORS,
                    poolSegment(pool), 0L, 0L);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (rc != 0) {
            pool.close();
            throw new DpdkUnavailableException("starting DPDK port " + port + " (" + name + ") failed: " + Dpdk.strerror(rc));
        }
        return new DpdkDevice(name, port, pool, true, removeOnClose, ownMac);
    }

    private static java.lang.foreign.MemorySegment poolSegment(MbufPool pool) {
        return pool.mempoolSegment();
    }

    private static String shortName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "");
        return s.length() > 12 ? s.substring(0, 12) : s;
    }
}
