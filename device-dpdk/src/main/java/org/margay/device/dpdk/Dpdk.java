package org.margay.device.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The downcalls into the DPDK shim, as {@code static final} method handles (a handle held in a variable
 * costs several ns more per call). The per-burst calls are marked {@link Linker.Option#critical critical}:
 * they are short, never block and never call back. EAL start-up, probing and port set-up are not.
 *
 * <p>Every method here assumes {@link DpdkShim#available()}; public entry points check it first.
 * uint16_t values travel as Java {@code short}s: mask with {@code 0xFFFF}.
 */
final class Dpdk {
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    static final MethodHandle SHIM_ABI = DpdkShim.handle("margay_dpdk_shim_abi", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle VERSION = DpdkShim.handle("margay_dpdk_version", FunctionDescriptor.of(ADDRESS));
    static final MethodHandle ERRNO = DpdkShim.handle("margay_dpdk_errno", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle STRERROR = DpdkShim.handle("margay_dpdk_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    static final MethodHandle EAL_INIT = DpdkShim.handle("margay_dpdk_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle EAL_CLEANUP = DpdkShim.handle("margay_dpdk_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle THREAD_REGISTER = DpdkShim.handle("margay_dpdk_thread_register", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle MBUF_LAYOUT = DpdkShim.handle("margay_dpdk_mbuf_layout", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle POOL_CREATE = DpdkShim.handle("margay_dpdk_pool_create",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, ADDRESS));
    static final MethodHandle POOL_FREE = DpdkShim.handle("margay_dpdk_pool_free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle POOL_AVAIL = DpdkShim.handle("margay_dpdk_pool_avail", FunctionDescriptor.of(JAVA_INT, ADDRESS), CRITICAL);
    static final MethodHandle ALLOC_BULK = DpdkShim.handle("margay_dpdk_alloc_bulk",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), CRITICAL);
    static final MethodHandle FREE_BULK = DpdkShim.handle("margay_dpdk_free_bulk",
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT), CRITICAL);
    static final MethodHandle REFCNT_UPDATE = DpdkShim.handle("margay_dpdk_refcnt_update",
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_SHORT), CRITICAL);
    static final MethodHandle DEV_PROBE = DpdkShim.handle("margay_dpdk_dev_probe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle DEV_REMOVE = DpdkShim.handle("margay_dpdk_dev_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PORT_BY_NAME = DpdkShim.handle("margay_dpdk_port_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle RING_PAIR = DpdkShim.handle("margay_dpdk_ring_pair", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle PORT_START = DpdkShim.handle("margay_dpdk_port_start",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_LONG, JAVA_LONG));
    static final MethodHandle PORT_STOP = DpdkShim.handle("margay_dpdk_port_stop", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    static final MethodHandle PORT_MAC = DpdkShim.handle("margay_dpdk_port_mac", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    static final MethodHandle PORT_MTU = DpdkShim.handle("margay_dpdk_port_mtu", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    static final MethodHandle PORT_STATS = DpdkShim.handle("margay_dpdk_port_stats", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    static final MethodHandle LINK_UP = DpdkShim.handle("margay_dpdk_link_up", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    static final MethodHandle RX_BURST = DpdkShim.handle("margay_dpdk_rx_burst",
            FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT), CRITICAL);
    static final MethodHandle TX_BURST = DpdkShim.handle("margay_dpdk_tx_burst",
            FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT), CRITICAL);
    static final MethodHandle NOP = DpdkShim.handle("margay_dpdk_nop", FunctionDescriptor.ofVoid(), CRITICAL);

    /** The ABI version this Java code speaks; a shim with another is refused. */
    static final int EXPECTED_ABI = 1;

    private Dpdk() {
    }

    /** Runs a downcall that cannot fail in Java terms, rethrowing what the handle machinery throws. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** DPDK's description of error {@code code} (positive or negative). */
    static String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(Math.abs(code));
            return s.reinterpret(256).getString(0) + " (" + code + ")";
        } catch (Throwable t) {
            return "error " + code;
        }
    }

    /** The DPDK version string. */
    static String version() {
        try {
            MemorySegment s = (MemorySegment) VERSION.invokeExact();
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
