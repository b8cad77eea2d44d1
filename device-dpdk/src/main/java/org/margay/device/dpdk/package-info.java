/**
 * DPDK devices: {@link org.margay.device.dpdk.Eal} starts DPDK once per JVM, {@link org.margay.device.dpdk.DpdkDevices}
 * opens ports (virtual devices such as net_tap, net_memif, net_pcap, a net_ring pair, or a real NIC), and each
 * {@link org.margay.device.dpdk.DpdkDevice} is a {@link org.margay.fastpath.device.NetworkDevice} whose buffers are
 * mbufs of its {@link org.margay.device.dpdk.MbufPool}.
 */
package org.margay.device.dpdk;
