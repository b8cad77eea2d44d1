package org.margay.testsuite.adversarial;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.net.tcp.engine.TcpLayerStats;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.stack.StackStats;

/**
 * One reading of the counters that bound a Margay stack's memory and show what an attack did to it: the connection
 * table, the device's and the element pool's buffers, the IPv4 reassembler, the JVM's off-heap total (FFM arenas
 * and direct buffers), and the drop and SYN-cookie counters. Read on the stack's thread ({@link MargayOnTap#gauges()}).
 *
 * @param connections        TCP connections in the table (half-open ones included)
 * @param deviceOutstanding  device pool buffers held
 * @param deviceCapacity     device pool size
 * @param deviceFailures     device pool allocation failures so far
 * @param elementOutstanding element pool buffers held
 * @param elementCapacity    element pool size
 * @param reassemblyBytes    bytes the reassembler holds
 * @param reassemblyActive   datagrams being reassembled
 * @param reassemblyLimit    the reassembler's global byte cap
 * @param reassemblySlots    the reassembler's datagram cap
 * @param offHeapBytes       the JVM's direct/native memory in use (BufferPoolMXBean "direct")
 * @param counters           the drop, fragment and SYN-cookie counters, copied
 */
public record Gauges(int connections, int deviceOutstanding, int deviceCapacity, long deviceFailures, int elementOutstanding,
                     int elementCapacity, int reassemblyBytes, int reassemblyActive, int reassemblyLimit, int reassemblySlots,
                     long offHeapBytes, Snapshot counters) {

    /**
     * Copied counters.
     *
     * @param synsReceived       SYNs the TCP layer saw
     * @param synCookiesSent     SYN-ACKs carrying a cookie
     * @param synCookiesAccepted connections made from a returned cookie
     * @param synsDroppedBacklog SYNs dropped because the backlog was full (and cookies off)
     * @param rstsSent           RSTs sent for segments of no connection
     * @param tcpMalformed       TCP segments too short for a header (stack)
     * @param tcpSegmentsIn      TCP segments handed to the engine
     * @param ipFragments        IPv4 fragments received
     * @param ipReassembled      datagrams reassembled
     * @param ipFragmentDrops    fragments dropped by reassembly
     * @param totalDrops         every stack drop
     * @param challengeAcksLimited challenge ACKs not sent because of the RFC 5961 §7 limit
     */
    public record Snapshot(long synsReceived, long synCookiesSent, long synCookiesAccepted, long synsDroppedBacklog,
                           long rstsSent, long tcpMalformed, long tcpSegmentsIn, long ipFragments, long ipReassembled,
                           long ipFragmentDrops, long totalDrops, long challengeAcksLimited) {
    }

    static Gauges read(InetLibOS los) {
        BufferPool device = los.device().pool();
        BufferPool elements = los.elementBuffers();
        StackStats s = los.stack().stats();
        TcpLayerStats t = los.stack().tcpLayer().stats();
        Snapshot c = new Snapshot(t.synsReceived(), t.synCookiesSent(), t.synCookiesAccepted(), t.synsDroppedBacklog(),
                t.rstsSent(), s.tcpMalformed(), s.tcpSegmentsReceived(), s.ipFragmentsReceived(), s.ipReassembled(),
                s.ipFragmentDrops(), s.totalDrops(), t.challengeAcksRateLimited());
        var r = los.stack().reassembler();
        return new Gauges(los.stack().tcpLayer().connectionCount(), device.outstanding(), device.capacity(),
                device.allocationFailures(), elements.outstanding(), elements.capacity(), r.bytesHeld(), r.active(),
                r.config().globalBytes(), r.config().maxDatagrams(), offHeap(), c);
    }

    /** The JVM's direct memory in use: FFM native segments and direct byte buffers. */
    public static long offHeap() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return -1;
    }

    /** Whether every buffer pool and the reassembler are within their configured sizes. */
    public boolean withinBounds() {
        return deviceOutstanding <= deviceCapacity && elementOutstanding <= elementCapacity
                && reassemblyBytes <= reassemblyLimit && reassemblyActive <= reassemblySlots;
    }
}
