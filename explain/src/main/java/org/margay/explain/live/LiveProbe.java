package org.margay.explain.live;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.sim.OrderCounter;
import org.margay.explain.sim.StackProbe;
import org.margay.fastpath.time.Clock;
import org.margay.net.tcp.engine.TcpLayer;

/**
 * The event log of a running stack (live mode: {@code --pcap FILE} of {@code serve}, {@code connect}, {@code demo}):
 * the same {@link StackProbe} the lab uses (state transitions with their RFC rule from the layer's transition
 * observer, retransmissions with their cause, cwnd / ssthresh / SRTT / RTO / in-flight changes), attached to one
 * or more stacks of the process, fed by the capture device with every frame it records, and streamed to
 * {@code FILE.events} by an {@link EventLogWriter}.
 *
 * <p>For each recorded frame ({@link #onFrame}): the TCP header is read in place (Ethernet, 802.1Q tags, IPv4
 * without options or with, unfragmented); if a watched stack sent it, its probe decides whether it resends data and
 * why; then the connection's gauges are sampled at both ends that are watched. Nothing is allocated per frame
 * unless an event or a changed sample is written (a line in a reused buffer). Closed connections are forgotten.
 * Single-threaded: the thread that polls the stacks.
 */
public final class LiveProbe implements AutoCloseable {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int TCP = 6;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;

    private record Host(String name, int address, StackProbe probe, Clock clock) {
    }

    private final EventLogWriter log;
    private final OrderCounter order = new OrderCounter();
    private final List<Host> hosts = new ArrayList<>();
    private Host[] byIndex = new Host[0];
    private long frames;
    private long flushedAt = Long.MIN_VALUE;

    /**
     * Opens the event log {@code file} for the capture called {@code captureName}, with times shifted by
     * {@code epochOffsetNanos} as the capture's are.
     */
    public LiveProbe(Path file, String captureName, long epochOffsetNanos) throws IOException {
        this.log = new EventLogWriter(file, captureName, epochOffsetNanos);
    }

    /**
     * Watches the stack called {@code name} with address {@code address}, whose TCP layer is {@code layer}, on
     * {@code clock} (replaces the layer's transition observer).
     */
    public void attach(String name, int address, TcpLayer layer, Clock clock) {
        StackProbe probe = new StackProbe(name, clock, order).sink(log).forgetClosed(true);
        probe.attach(layer);
        Host h = new Host(name, address, probe, clock);
        hosts.add(h);
        byIndex = hosts.toArray(new Host[0]);
        log.host(name, address);
    }

    /**
     * A frame was recorded as number {@code frame} of the capture at {@code nanos} on the stack's clock; see the
     * class comment. Frames that are not TCP over IPv4 only move the frame count.
     */
    public void onFrame(long frame, boolean outbound, long nanos, MemorySegment data, long offset, int length) {
        frames = frame;
        log.afterFrame(frame);
        if (nanos - flushedAt >= 1_000_000_000L || flushedAt == Long.MIN_VALUE) {
            flushedAt = nanos;
            log.flush(); // at most once a second, like the capture: a reader tailing the log lags by that much
        }
        long end = offset + length;
        if (length < 14) {
            return;
        }
        long p = offset + 12;
        int type = u16(data, p);
        p += 2;
        while ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) && p + 4 <= end) {
            type = u16(data, p + 2);
            p += 4;
        }
        if (type != ETHERTYPE_IPV4 || p + 20 > end) {
            return;
        }
        int versionIhl = data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
        int ihl = (versionIhl & 0x0F) * 4;
        int total = u16(data, p + 2);
        int fragment = u16(data, p + 6);
        int protocol = data.get(ValueLayout.JAVA_BYTE, p + 9) & 0xFF;
        if (versionIhl >> 4 != 4 || ihl < 20 || protocol != TCP || (fragment & 0x3FFF) != 0 || p + total > end
                || total < ihl + 20) {
            return; // not an unfragmented, whole IPv4 TCP segment: nothing a probe looks at
        }
        int source = data.get(U32, p + 12);
        int destination = data.get(U32, p + 16);
        long t = p + ihl;
        int sourcePort = u16(data, t);
        int destinationPort = u16(data, t + 2);
        int sequence = data.get(U32, t + 4);
        int dataOffset = ((data.get(ValueLayout.JAVA_BYTE, t + 12) & 0xFF) >> 4) * 4;
        int flags = data.get(ValueLayout.JAVA_BYTE, t + 13) & 0xFF;
        int payload = total - ihl - dataOffset;
        if (dataOffset < 20 || payload < 0) {
            return;
        }
        int sequenceLength = payload + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        Host sender = host(source);
        if (sender != null) {
            RetransmitCause cause = sender.probe.onSegmentSent(source, sourcePort, destination, destinationPort,
                    sequence, sequenceLength, payload, flags, (int) Math.min(frame, Integer.MAX_VALUE), nanos);
            if (cause != null) {
                log.cause(nanos, frame, sender.name, cause);
            }
            sender.probe.sample(source, sourcePort, destination, destinationPort, nanos);
        }
        Host receiver = host(destination);
        if (receiver != null && receiver != sender) {
            receiver.probe.sample(destination, destinationPort, source, sourcePort, nanos);
        }
    }

    private Host host(int address) {
        for (Host h : byIndex) {
            if (h.address == address) {
                return h;
            }
        }
        return null;
    }

    private static int u16(MemorySegment data, long at) {
        return data.get(U16, at) & 0xFFFF;
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }

    /** Events written so far. */
    public long events() {
        return log.events();
    }

    /** Samples written so far. */
    public long samples() {
        return log.samples();
    }

    /** The event log file. */
    public Path file() {
        return log.file();
    }

    /** Why the log stopped early, or null. */
    public String error() {
        return log.error();
    }

    /** Pushes buffered lines to the file. */
    public void flush() {
        log.flush();
    }

    /** Writes what is pending (growth runs), then closes the log. Idempotent. */
    @Override
    public void close() {
        for (Host h : hosts) {
            h.probe.finish(h.clock.nanoTime());
        }
        log.close();
    }
}
