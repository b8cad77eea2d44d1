/**
 * DPDK ports as Margay network devices (the Demikernel catnip role's device layer): a C shim for DPDK's
 * inline calls, bound with the FFM API, and rte_mempool mbufs as Margay's zero-copy packet buffers.
 */
module org.margay.device.dpdk {
    requires transitive org.margay.fastpath;

    exports org.margay.device.dpdk;

    provides org.margay.fastpath.device.DeviceProvider with org.margay.device.dpdk.DpdkDeviceProvider;
}
