package org.margay.netsim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.impair.Impairment;
import org.margay.net.common.Bytes;
import org.margay.net.common.MacAddress;

/**
 * A simulated learning Ethernet switch (IEEE 802.1D transparent bridging, without ageing or spanning tree):
 * it learns each unicast source address on the port it arrived on, forwards a frame to the port its
 * destination was learned on, floods broadcast, multicast and unknown destinations to every other port, and
 * filters a frame whose destination sits on the port it came from.
 *
 * <p>Store-and-forward: the switch acts when a frame has fully arrived, and copies it into a buffer of each
 * egress host's pool (a copy per port, so nobody shares a buffer across hosts). If that pool is empty the
 * host counts a receive drop. Frames shorter than an Ethernet header are counted as runts and dropped.
 */
public final class SimSwitch {
    private static final int ETHERNET_HEADER = 14;

    private final SimNetwork network;
    private final String name;
    private final MacTable table = new MacTable(4096);
    private final List<SimPort> hosts = new ArrayList<>();
    private SwitchPort[] ports = new SwitchPort[0];
    /** Room to flatten the first bytes of a chained frame whose head segment is shorter than a header. */
    private final MemorySegment headerScratch = Arena.ofAuto().allocate(ETHERNET_HEADER);

    private long forwarded;
    private long flooded;
    private long filtered;
    private long runts;

    SimSwitch(SimNetwork network, String name) {
        this.network = network;
        this.name = name;
    }

    /** Attaches a host with default {@link PortOptions}; see {@link #attach(String, long, LinkProfile, PortOptions)}. */
    public SimPort attach(String hostName, long macAddress, LinkProfile link) {
        return attach(hostName, macAddress, link, PortOptions.defaults());
    }

    /**
     * Attaches a new host port with MAC address {@code macAddress} to this switch over a link of profile
     * {@code link}, and returns it: the {@link org.margay.fastpath.device.NetworkDevice} the host's stack
     * drives.
     */
    public SimPort attach(String hostName, long macAddress, LinkProfile link, PortOptions options) {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(options, "options");
        int ordinal = network.nextLinkOrdinal();
        SwitchPort switchPort = new SwitchPort(ports.length);
        SimPort host = new SimPort(hostName, macAddress, options, network);
        LinkDirection uplink = new LinkDirection(hostName + "->" + name, network.events(), link,
                SimNetwork.seeded(link.toSwitch(), ordinal, 0), switchPort, host.statistics());
        LinkDirection downlink = new LinkDirection(name + "->" + hostName, network.events(), link,
                SimNetwork.seeded(link.fromSwitch(), ordinal, 1), host.sink(), null);
        host.connect(uplink, downlink);
        switchPort.host = host;
        switchPort.downlink = downlink;
        ports = Arrays.copyOf(ports, ports.length + 1);
        ports[switchPort.index] = switchPort;
        hosts.add(host);
        network.register(host);
        return host;
    }

    /** The hosts attached, in attachment order (the order of the switch's port numbers). */
    public List<SimPort> hosts() {
        return List.copyOf(hosts);
    }

    /** The switch's name. */
    public String name() {
        return name;
    }

    /** The port number (attachment order) {@code mac} was learned on, or -1 if unknown. */
    public int learnedPort(long mac) {
        return table.lookup(mac);
    }

    /** Frames sent out of exactly one port because their destination was known. */
    public long forwardedFrames() {
        return forwarded;
    }

    /** Frames sent out of every other port (broadcast, multicast, unknown destination). */
    public long floodedFrames() {
        return flooded;
    }

    /** Frames dropped because their destination sits behind the port they came in on. */
    public long filteredFrames() {
        return filtered;
    }

    /** Frames dropped because they were shorter than an Ethernet header. */
    public long runtFrames() {
        return runts;
    }

    private void forward(int ingress, PacketBuffer frame, long corruptBit, long now) {
        if (frame.frameLength() < ETHERNET_HEADER) {
            runts++;
            frame.release();
            return;
        }
        MemorySegment header;
        long offset;
        if (frame.length() >= ETHERNET_HEADER) {
            header = frame.segment();
            offset = frame.start();
        } else {
            int copied = 0;
            for (PacketBuffer segment = frame; copied < ETHERNET_HEADER; segment = segment.next()) {
                int n = Math.min(segment.length(), ETHERNET_HEADER - copied);
                MemorySegment.copy(segment.segment(), segment.start(), headerScratch, copied, n);
                copied += n;
            }
            header = headerScratch;
            offset = 0;
        }
        // A bit flipped on the wire into the addresses misdirects the frame, as it would on a real link.
        long destination = Bytes.u48(header, offset) ^ addressDamage(corruptBit, 0);
        long source = Bytes.u48(header, offset + 6) ^ addressDamage(corruptBit, 6);
        if (!MacAddress.isGroup(source)) {
            table.learn(source, ingress);
        }
        int egress = MacAddress.isGroup(destination) ? -1 : table.lookup(destination);
        if (egress == ingress) {
            filtered++;
        } else if (egress >= 0) {
            forwarded++;
            copyOut(ports[egress], frame, corruptBit, now);
        } else {
            flooded++;
            for (SwitchPort port : ports) {
                if (port.index != ingress) {
                    copyOut(port, frame, corruptBit, now);
                }
            }
        }
        frame.release();
    }

    /** The XOR mask a flipped bit applies to the 48-bit address at {@code addressOffset}, or 0. */
    private static long addressDamage(long corruptBit, int addressOffset) {
        long first = addressOffset * 8L;
        if (corruptBit < first || corruptBit >= first + 48) {
            return 0;
        }
        return 1L << (47 - (corruptBit - first));
    }

    private static void copyOut(SwitchPort port, PacketBuffer frame, long corruptBit, long now) {
        PacketBuffer copy = port.host.pool().allocate();
        if (copy == null) {
            port.host.statistics().recordRxDrop();
            return;
        }
        if (frame.frameLength() > copy.tailroom()) {
            copy.release();
            port.host.statistics().recordRxError();
            return;
        }
        frame.copyTo(copy);
        Impairment.flipBit(copy, corruptBit);
        port.downlink.send(copy, now);
    }

    @Override
    public String toString() {
        return "SimSwitch[" + name + ": " + ports.length + " ports, " + table.size() + " learned, forwarded "
                + forwarded + ", flooded " + flooded + ", filtered " + filtered + ", runts " + runts + "]";
    }

    /** A switch port: where an uplink delivers. */
    private final class SwitchPort implements FrameSink {
        private final int index;
        private SimPort host;
        private LinkDirection downlink;

        SwitchPort(int index) {
            this.index = index;
        }

        @Override
        public void arrive(PacketBuffer frame, long corruptBit, long now) {
            forward(index, frame, corruptBit, now);
        }
    }
}
