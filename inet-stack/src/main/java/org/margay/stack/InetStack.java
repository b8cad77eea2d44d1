package org.margay.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;
import org.margay.net.arp.ArpOperation;
import org.margay.net.arp.ArpPacket;
import org.margay.net.arp.cache.ArpActions;
import org.margay.net.arp.cache.ArpCache;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.icmp.IcmpType;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.ipv4.frag.Fragmenter;
import org.margay.net.ipv4.frag.Reassembler;
import org.margay.net.ipv4.route.RoutingTable;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;
import org.margay.net.tcp.engine.OutgoingOptions;
import org.margay.net.tcp.engine.SegmentSink;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpLayer;
import org.margay.net.udp.UdpDatagram;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;
import org.margay.net.udp.socket.UdpSocketTable;

/**
 * One IPv4 host on one link: a single-threaded engine bound to a {@link NetworkDevice} and driven by a
 * {@link Clock} it is given (virtual in simulation, real otherwise). Each {@link #poll()} is one duty cycle:
 * read the clock once, receive a burst, dispatch every frame (Ethernet → ARP / IPv4 → ICMP / UDP / TCP), run
 * due timers (ARP retries, reassembly timeouts, TCP), let TCP emit, and transmit the burst.
 *
 * <p>What must stay true:
 * <ul>
 *   <li><b>No allocation per packet in steady state.</b> Views, bursts, scratch memory and tables are
 *       allocated at construction. What allocates: creating a TCP connection (its buffers, in the engine),
 *       binding a UDP socket (its queue), and cold-path configuration. ARP cache insertions reuse
 *       preallocated slots.</li>
 *   <li><b>Every frame has one owner.</b> Received frames are released after dispatch (payloads are copied
 *       into socket and TCP rings); built frames go to the transmit burst, to the ARP queue (which hands each
 *       back exactly once) or are released.</li>
 *   <li><b>Every drop is counted</b> in {@link #stats()}.</li>
 *   <li>Bad input never throws: wire views answer {@link WireStatus}es and the stack counts them.</li>
 * </ul>
 * Not thread-safe: one thread calls {@link #poll()} and the socket APIs.
 */
public final class InetStack implements AutoCloseable {
    private static final int ETH = EthernetFrame.HEADER_LENGTH;
    private static final int IP = Ipv4Packet.MIN_HEADER_LENGTH;
    private static final int MIN_FRAME = EthernetFrame.MIN_FRAME_LENGTH;
    /** Largest ICMP error (IP header included), RFC 1812 §4.3.2.3: "not exceed 576 bytes". */
    private static final int ICMP_ERROR_MAX = 576;

    private final StackConfig config;
    private final NetworkDevice device;
    private final Clock clock;
    private final long mac;
    private final int mtu;
    private final int[] addresses;
    private final int[] masks;
    private final boolean rxIpChecksumOffload;
    private final boolean rxL4ChecksumOffload;
    private final boolean txIpChecksumOffload;
    private final boolean txL4ChecksumOffload;

    private final StackStats stats = new StackStats();
    private final RoutingTable routes = new RoutingTable();
    private final ArpCache<PacketBuffer> arp;
    private final Reassembler reassembler;
    private final Fragmenter fragmenter = new Fragmenter();
    private final TokenBucket icmpLimiter;
    private final TcpLayer tcp;
    private final UdpSocketTable udpSockets;
    private final UdpReadinessTable udpReadiness = new UdpReadinessTable();
    private final TcpApi tcpApi;
    private final UdpApi udpApi;

    private final PacketBurst rxBurst;
    private final PacketBurst txBurst;
    private final EthernetFrame ethIn = new EthernetFrame();
    private final EthernetFrame ethOut = new EthernetFrame();
    private final ArpPacket arpIn = new ArpPacket();
    private final ArpPacket arpOut = new ArpPacket();
    private final Ipv4Packet ipIn = new Ipv4Packet();
    private final Ipv4Packet ipOut = new Ipv4Packet();
    private final Ipv4Packet ipQuoted = new Ipv4Packet();
    private final Ipv4Packet ipUnresolved = new Ipv4Packet();
    private final IcmpMessage icmpIn = new IcmpMessage();
    private final IcmpMessage icmpOut = new IcmpMessage();
    private final UdpDatagram udpIn = new UdpDatagram();
    private final UdpDatagram udpOut = new UdpDatagram();
    private final TcpSegment tcpIn = new TcpSegment();
    private final TcpSegment tcpOut = new TcpSegment();
    private final TcpOptionsWriter optionsWriter = new TcpOptionsWriter();
    private final ArpHandler arpHandler = new ArpHandler();
    private final TcpSink tcpSink = new TcpSink();
    /** Scratch for a UDP datagram (header + payload) before fragmentation, and for an IPv4 header template. */
    private final MemorySegment scratch;
    private final MemorySegment headerScratch;

    private long now;
    private int nextIdentification;
    private EchoListener echoListener;
    private FrameObserver frameObserver;
    private boolean started;
    private boolean closed;

    /**
     * A stack on {@code device}, reading time from {@code clock}. Nothing is sent until the first
     * {@link #poll()}, which announces the addresses (gratuitous ARP) when configured.
     */
    public InetStack(StackConfig config, NetworkDevice device, Clock clock) {
        this.config = config;
        this.device = device;
        this.clock = clock;
        this.mac = config.mac() == StackConfig.DEVICE_MAC ? device.macAddress() : config.mac();
        this.mtu = config.mtu() == 0 ? device.mtu() : Math.min(config.mtu(), device.mtu());
        int n = config.addresses().size();
        this.addresses = new int[n];
        this.masks = new int[n];
        for (int i = 0; i < n; i++) {
            StackConfig.InterfaceAddress a = config.addresses().get(i);
            addresses[i] = a.address();
            masks[i] = Ipv4Address.netmask(a.prefixLength());
            routes.addConnected(a.address(), a.prefixLength());
        }
        for (StackConfig.Route r : config.routes()) {
            routes.add(r.prefix(), r.prefixLength(), r.gateway(), 1);
        }
        if (config.defaultGateway() != 0) {
            routes.setDefaultGateway(config.defaultGateway());
        }
        DeviceCapabilities caps = device.capabilities();
        rxIpChecksumOffload = caps.rxIpv4Checksum();
        rxL4ChecksumOffload = caps.rxTcpChecksum() && caps.rxUdpChecksum();
        txIpChecksumOffload = caps.txIpv4Checksum();
        txL4ChecksumOffload = caps.txTcpChecksum() && caps.txUdpChecksum();
        arp = new ArpCache<>(config.arp());
        for (StackConfig.StaticNeighbour s : config.staticArp()) {
            arp.addStatic(s.address(), s.mac(), arpHandler);
        }
        reassembler = new Reassembler(config.reassembly());
        icmpLimiter = new TokenBucket(config.icmpRatePerSecond(), config.icmpBurst());
        TcpConfig tcpConfig = config.tcp();
        if (tcpConfig.mss() > TcpConfig.mssForMtu(mtu)) {
            tcpConfig = tcpConfig.toBuilder().mtu(mtu).build();
        }
        tcp = new TcpLayer(tcpConfig, config.tcpSeed());
        udpSockets = new UdpSocketTable(config.udpQueueDatagrams(), config.udpQueueBytes());
        rxBurst = new PacketBurst(config.burstSize());
        txBurst = new PacketBurst(config.burstSize());
        Arena arena = Arena.ofAuto();
        scratch = arena.allocate(Ipv4Packet.MAX_TOTAL_LENGTH, 8);
        headerScratch = arena.allocate(Ipv4Packet.MAX_HEADER_LENGTH, 8);
        tcpApi = new TcpApi(this);
        udpApi = new UdpApi(this);
        now = clock.nanoTime();
    }

    // =====================================================================================================
    // Public surface
    // =====================================================================================================

    /** The configuration this stack was built from. */
    public StackConfig config() {
        return config;
    }

    /** The device this stack drives. */
    public NetworkDevice device() {
        return device;
    }

    /** The interface's MAC address. */
    public long macAddress() {
        return mac;
    }

    /** The MTU in use (the smaller of the configured and the device's). */
    public int mtu() {
        return mtu;
    }

    /** The primary IPv4 address. */
    public int address() {
        return addresses[0];
    }

    /** The drop and traffic counters. */
    public StackStats stats() {
        return stats;
    }

    /** The routing table (configure it before the first poll; cold path). */
    public RoutingTable routes() {
        return routes;
    }

    /** The neighbour cache. */
    public ArpCache<PacketBuffer> arpCache() {
        return arp;
    }

    /** The IPv4 reassembler. */
    public Reassembler reassembler() {
        return reassembler;
    }

    /** The TCP engine's layer (for statistics and the engine's own API). */
    public TcpLayer tcpLayer() {
        return tcp;
    }

    /** The TCP socket API. */
    public TcpApi tcp() {
        return tcpApi;
    }

    /** The UDP socket API. */
    public UdpApi udp() {
        return udpApi;
    }

    /** The time read at the start of the current or last poll. */
    public long now() {
        return now;
    }

    /** The clock's present reading (never before {@link #now()}): for opens made between polls. */
    long clockNow() {
        return Math.max(now, clock.nanoTime());
    }

    /** Where echo replies are reported (null for none). */
    public void echoListener(EchoListener listener) {
        this.echoListener = listener;
    }

    /** Where every received and transmitted frame is shown (null for none; cold path, for traces). */
    public void frameObserver(FrameObserver observer) {
        this.frameObserver = observer;
    }

    /**
     * One duty cycle; returns the work done (frames received plus timer events plus segments emitted plus
     * frames transmitted). Zero means the stack is idle until {@link #nextDeadline()} or a new frame.
     */
    public int poll() {
        if (closed) {
            return 0;
        }
        long t = clock.nanoTime();
        if (t > now) {
            now = t;
        }
        int work = 0;
        if (!started) {
            started = true;
            if (config.gratuitousArp()) {
                for (int address : addresses) {
                    sendArp(ArpOperation.REQUEST, MacAddress.BROADCAST, 0, address, address); // RFC 5227 §2.3
                }
                work++;
            }
        }
        int received = device.receive(rxBurst);
        for (int i = 0; i < received; i++) {
            PacketBuffer frame = rxBurst.get(i);
            stats.framesReceived++;
            if (frameObserver != null) {
                frameObserver.onFrame(false, now, frame.segment(), frame.start(), frame.length());
            }
            onFrame(frame);
            frame.release();
        }
        rxBurst.clear();
        work += received;
        work += arp.poll(now, arpHandler);
        int expired = reassembler.poll(now);
        stats.ipReassemblyTimeouts += expired;
        work += expired;
        work += tcp.poll(now, tcpSink);
        work += flush();
        return work;
    }

    /**
     * The earliest time the stack has timer work, or {@link #now()} when output is waiting, or
     * {@link Long#MAX_VALUE}. Frames arriving earlier also need a poll.
     */
    public long nextDeadline() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (!started || !txBurst.isEmpty()) {
            return now;
        }
        long next = tcp.nextDeadline();
        next = Math.min(next, arp.nextDeadline());
        next = Math.min(next, reassembler.nextDeadline());
        return next;
    }

    /**
     * Sends an ICMP echo request (RFC 792) with {@code payloadLength} bytes of pattern data; returns false when
     * no route or no buffer. The reply reaches the {@link #echoListener(EchoListener)}.
     */
    public boolean ping(int destination, int identifier, int sequence, int payloadLength) {
        int source = sourceFor(destination);
        int icmpLength = IcmpMessage.HEADER_LENGTH + payloadLength;
        if (IP + icmpLength > mtu) {
            throw new IllegalArgumentException("echo payload of " + payloadLength + " bytes exceeds the MTU " + mtu);
        }
        PacketBuffer frame = newFrame(ETH + IP + icmpLength);
        if (frame == null) {
            return false;
        }
        MemorySegment s = frame.segment();
        long at = frame.start() + ETH + IP;
        icmpOut.wrap(s, at, icmpLength).type(IcmpType.ECHO_REQUEST).code(0).identifier(identifier)
                .sequenceNumber(sequence);
        for (int i = 0; i < payloadLength; i++) {
            Bytes.u8(s, at + IcmpMessage.HEADER_LENGTH + i, i & 0xFF);
        }
        icmpOut.fillChecksum(icmpLength);
        stats.icmpEchoRequestsSent++;
        return sendIp(frame, source, destination, IpProtocol.ICMP, icmpLength, false);
    }

    /** Closes every socket's state and releases every frame the stack holds. The device stays open. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arp.clear(arpHandler);
        txBurst.releaseAll();
        rxBurst.releaseAll();
    }

    // =====================================================================================================
    // Receive path
    // =====================================================================================================

    private void onFrame(PacketBuffer frame) {
        if (frame.next() != null) {
            stats.rxChained++;
            return;
        }
        MemorySegment s = frame.segment();
        int length = frame.length();
        ethIn.wrap(s, frame.start(), length);
        if (ethIn.check() != WireStatus.OK) {
            stats.rxRunt++;
            return;
        }
        long destination = ethIn.destination();
        if (destination != mac && destination != MacAddress.BROADCAST) {
            stats.rxNotForUs++;
            return;
        }
        if (ethIn.tagCount() != 0) {
            stats.rxVlanTagged++;
            return;
        }
        int type = ethIn.etherType();
        long payload = ethIn.payloadOffset();
        int payloadLength = ethIn.payloadLength();
        if (type == EtherType.IPV4) {
            boolean ipChecked = rxIpChecksumOffload && (frame.offloadFlags() & PacketBuffer.RX_IPV4_CHECKSUM_GOOD) != 0;
            boolean l4Checked = rxL4ChecksumOffload && (frame.offloadFlags() & PacketBuffer.RX_L4_CHECKSUM_GOOD) != 0;
            onIpv4(s, payload, payloadLength, ipChecked, l4Checked);
        } else if (type == EtherType.ARP) {
            onArp(s, payload, payloadLength, ethIn.source());
        } else {
            stats.rxUnknownEtherType++;
        }
    }

    private void onArp(MemorySegment s, long offset, int length, long frameSource) {
        arpIn.wrap(s, offset, length);
        WireStatus status = arpIn.check();
        if (status == WireStatus.UNSUPPORTED || status == WireStatus.OK && !arpIn.isEthernetIpv4()) {
            stats.arpUnsupported++;
            return;
        }
        if (status != WireStatus.OK) {
            stats.arpMalformed++;
            return;
        }
        int op = arpIn.operation();
        int senderIp = arpIn.senderIp();
        long senderMac = arpIn.senderMac();
        int targetIp = arpIn.targetIp();
        if (op == ArpOperation.REQUEST) {
            stats.arpRequestsReceived++;
        } else if (op == ArpOperation.REPLY) {
            stats.arpRepliesReceived++;
        } else {
            stats.arpUnsupported++;
            return;
        }
        if (senderMac == mac) {
            return; // our own announcement echoed back
        }
        if (senderMac != frameSource) {
            // ARP has no checksum: a damaged sender address would poison the cache for the whole ageing time.
            // A host's ARP comes from its own MAC, so the two copies must agree (no proxy ARP on this link).
            stats.arpSenderMismatch++;
            return;
        }
        boolean targetIsUs = isOwnAddress(targetIp);
        // RFC 826 "Packet Reception": merge the sender's mapping, add it if we are the target.
        arp.update(senderIp, senderMac, targetIsUs, now, arpHandler);
        if (op == ArpOperation.REQUEST && targetIsUs && senderIp != targetIp) {
            sendArp(ArpOperation.REPLY, senderMac, senderIp, targetIp, senderIp);
            stats.arpRepliesSent++;
        }
    }

    private void onIpv4(MemorySegment s, long offset, int length, boolean checksumChecked, boolean l4Checked) {
        Ipv4Packet ip = ipIn.wrap(s, offset, length);
        WireStatus status = ip.check();
        if (status == WireStatus.BAD_OPTION) {
            stats.ipBadOptions++;
            return;
        }
        if (status != WireStatus.OK) {
            stats.ipMalformed++;
            return;
        }
        if (!checksumChecked && !ip.checksumValid()) {
            stats.ipBadChecksum++;
            return;
        }
        int destination = ip.destination();
        boolean broadcast = isBroadcast(destination);
        if (!broadcast && !isOwnAddress(destination)) {
            stats.ipNotForUs++; // a host does not forward (RFC 1122 §3.3.1.6 leaves it to configuration)
            return;
        }
        int source = ip.source();
        if (isBroadcast(source) || Ipv4Address.isMulticast(source) || isOwnAddress(source) && source != destination) {
            stats.ipBadSource++; // RFC 1122 §3.2.1.3: a source must be a unicast address of another host
            return;
        }
        if (ip.isFragment()) {
            stats.ipFragmentsReceived++;
            int slot = reassembler.offer(ip, now);
            if (slot == Reassembler.DROPPED) {
                stats.ipFragmentDrops++;
                return;
            }
            if (slot < 0) {
                return;
            }
            stats.ipReassembled++;
            Ipv4Packet whole = ipIn.wrap(reassembler.datagram(slot), reassembler.datagramOffset(slot),
                    reassembler.datagramLength(slot));
            onDatagram(whole, broadcast, false);
            reassembler.release(slot);
            return;
        }
        onDatagram(ip, broadcast, l4Checked);
    }

    private void onDatagram(Ipv4Packet ip, boolean broadcast, boolean l4Checked) {
        MemorySegment s = ip.segment();
        long payload = ip.payloadOffset();
        int payloadLength = ip.payloadLength();
        int source = ip.source();
        int destination = ip.destination();
        switch (ip.protocol()) {
            case IpProtocol.TCP -> onTcp(s, payload, payloadLength, source, destination, broadcast, l4Checked);
            case IpProtocol.UDP -> onUdp(ip, s, payload, payloadLength, source, destination, broadcast, l4Checked);
            case IpProtocol.ICMP -> onIcmp(ip, s, payload, payloadLength, source, destination, broadcast);
            default -> {
                stats.ipUnknownProtocol++;
                if (!broadcast) {
                    // RFC 1122 §3.2.2.1: protocol unreachable for a transport we do not run.
                    sendIcmpError(ip, IcmpType.DESTINATION_UNREACHABLE, IcmpType.UNREACH_PROTOCOL);
                }
            }
        }
    }

    private void onTcp(MemorySegment s, long offset, int length, int source, int destination, boolean broadcast,
                       boolean l4Checked) {
        if (broadcast) {
            stats.tcpBroadcast++;
            return;
        }
        TcpSegment seg = tcpIn.wrap(s, offset, length);
        if (seg.checkHeader() != WireStatus.OK) {
            stats.tcpMalformed++;
            return;
        }
        if (!l4Checked && !seg.checksumValid(source, destination)) {
            stats.tcpBadChecksum++;
            return;
        }
        stats.tcpSegmentsReceived++;
        tcp.onSegment(now, source, destination, seg);
    }

    private void onUdp(Ipv4Packet ip, MemorySegment s, long offset, int length, int source, int destination,
                       boolean broadcast, boolean l4Checked) {
        UdpDatagram udp = udpIn.wrap(s, offset, length);
        if (udp.check() != WireStatus.OK) {
            stats.udpMalformed++;
            return;
        }
        // RFC 768: a checksum of 0 means none was computed; otherwise it must verify.
        if (!l4Checked && udp.hasChecksum() && !udp.checksumValid(source, destination)) {
            stats.udpBadChecksum++;
            return;
        }
        UdpSocket socket = udpSockets.lookup(destination, udp.destinationPort(), source, udp.sourcePort());
        if (socket == null) {
            stats.udpNoPort++;
            if (!broadcast) {
                // RFC 1122 §4.1.3.1: port unreachable when nothing listens (never for broadcasts).
                sendIcmpError(ip, IcmpType.DESTINATION_UNREACHABLE, IcmpType.UNREACH_PORT);
            }
            return;
        }
        if (socket.deliver(source, udp.sourcePort(), s, udp.payloadOffset(), udp.payloadLength())) {
            stats.udpDatagramsReceived++;
            udpReadiness.signal(socket);
        } else {
            stats.udpQueueDrops++;
        }
    }

    private void onIcmp(Ipv4Packet ip, MemorySegment s, long offset, int length, int source, int destination,
                        boolean broadcast) {
        IcmpMessage icmp = icmpIn.wrap(s, offset, length);
        if (icmp.check() != WireStatus.OK) {
            stats.icmpMalformed++;
            return;
        }
        if (!icmp.checksumValid(length)) {
            stats.icmpBadChecksum++;
            return;
        }
        int type = icmp.type();
        switch (type) {
            case IcmpType.ECHO_REQUEST -> {
                stats.icmpEchoRequestsReceived++;
                if (!broadcast) { // RFC 1122 §3.2.2.6 lets a host ignore broadcast echo requests
                    sendEchoReply(ip, s, offset, length, source, destination);
                }
            }
            case IcmpType.ECHO_REPLY -> {
                stats.icmpEchoRepliesReceived++;
                if (echoListener != null) {
                    echoListener.onEchoReply(source, icmp.identifier(), icmp.sequenceNumber(),
                            length - IcmpMessage.HEADER_LENGTH, now);
                }
            }
            case IcmpType.DESTINATION_UNREACHABLE, IcmpType.TIME_EXCEEDED, IcmpType.PARAMETER_PROBLEM -> {
                stats.icmpErrorsReceived++;
                onIcmpError(icmp, type, icmp.code());
            }
            default -> stats.icmpIgnored++; // source quench is ignored (RFC 6633), redirects too (one link)
        }
    }

    /** RFC 1122 §3.2.2.1, §4.1.3.3, §4.2.3.9; RFC 5927: pass the error to the transport that sent the quote. */
    private void onIcmpError(IcmpMessage icmp, int type, int code) {
        Ipv4Packet quoted = ipQuoted.wrap(icmp.segment(), icmp.quotedDatagramOffset(), icmp.quotedDatagramLength());
        if (quoted.checkHeader() != WireStatus.OK || quoted.capturedPayloadLength() < 8
                || !isOwnAddress(quoted.source()) || quoted.fragmentOffset() != 0) {
            stats.icmpIgnored++;
            return;
        }
        MemorySegment s = quoted.segment();
        long transport = quoted.payloadOffset();
        int localPort = Bytes.u16(s, transport);
        int remotePort = Bytes.u16(s, transport + 2);
        boolean hard;
        int errno;
        if (type == IcmpType.DESTINATION_UNREACHABLE) {
            errno = TcpLayer.errnoForUnreachable(code);
            hard = TcpLayer.isHardUnreachable(code);
        } else {
            errno = TcpError.EHOSTUNREACH; // time exceeded, parameter problem: soft errors
            hard = false;
        }
        if (quoted.protocol() == IpProtocol.TCP) {
            int seq = Bytes.i32(s, transport + 4);
            tcp.onIcmpError(now, quoted.source(), localPort, quoted.destination(), remotePort, seq, errno, hard);
        } else if (quoted.protocol() == IpProtocol.UDP) {
            UdpSocket socket = udpSockets.lookupForError(quoted.source(), localPort, quoted.destination(), remotePort);
            if (socket != null) {
                socket.reportError(udpErrno(errno));
                udpReadiness.signal(socket);
            } else {
                stats.icmpIgnored++;
            }
        } else {
            stats.icmpIgnored++;
        }
    }

    /**
     * The next hop of {@code frame} (one of ours, queued for ARP) never answered: tell its sender "host
     * unreachable", as an ICMP destination unreachable from the local link layer would (RFC 1122 §2.4 lets the
     * link layer report a failed delivery up; §3.4 passes it to the transport). A connection attempt (SYN-SENT)
     * fails at once with EHOSTUNREACH, as Linux's does when its neighbour entry fails; a synchronized
     * connection only records it as a soft error (RFC 1122 §4.2.3.9); a connected UDP socket gets it as its
     * pending error (an unconnected one would not know whom it is about, as Linux without IP_RECVERR).
     */
    private void reportUnreachable(PacketBuffer frame) {
        Ipv4Packet ip = ipUnresolved.wrap(frame.segment(), frame.start() + ETH, frame.length() - ETH);
        if (ip.checkHeader() != WireStatus.OK || ip.fragmentOffset() != 0 || ip.capturedPayloadLength() < 8) {
            return; // not the first fragment: no ports to say whom it concerns
        }
        MemorySegment s = ip.segment();
        long transport = ip.payloadOffset();
        int localPort = Bytes.u16(s, transport);
        int remotePort = Bytes.u16(s, transport + 2);
        if (ip.protocol() == IpProtocol.TCP) {
            stats.arpUnreachableReported++;
            tcp.onIcmpError(now, ip.source(), localPort, ip.destination(), remotePort, Bytes.i32(s, transport + 4),
                    TcpError.EHOSTUNREACH, true);
        } else if (ip.protocol() == IpProtocol.UDP) {
            UdpSocket socket = udpSockets.lookupForError(ip.source(), localPort, ip.destination(), remotePort);
            if (socket != null && socket.isConnected()) {
                stats.arpUnreachableReported++;
                socket.reportError(UdpErrors.EHOSTUNREACH);
                udpReadiness.signal(socket);
            }
        }
    }

    private static int udpErrno(int tcpErrno) {
        return switch (tcpErrno) {
            case TcpError.ECONNREFUSED -> UdpErrors.ECONNREFUSED;
            case TcpError.ENETUNREACH -> UdpErrors.ENETUNREACH;
            case TcpError.ENOPROTOOPT -> UdpErrors.ENOPROTOOPT;
            case TcpError.EMSGSIZE -> UdpErrors.EMSGSIZE;
            default -> UdpErrors.EHOSTUNREACH;
        };
    }

    // =====================================================================================================
    // ICMP output
    // =====================================================================================================

    private void sendEchoReply(Ipv4Packet request, MemorySegment s, long offset, int length, int source,
                               int destination) {
        if (IP + length > mtu) {
            return; // a reassembled oversize echo: answering would need fragmentation; Linux does, we skip
        }
        PacketBuffer frame = newFrame(ETH + IP + length);
        if (frame == null) {
            return;
        }
        MemorySegment out = frame.segment();
        long at = frame.start() + ETH + IP;
        MemorySegment.copy(s, offset, out, at, length);
        // RFC 792: reverse the addresses, set type 0, recompute the checksum; identifier, sequence and data stay.
        icmpOut.wrap(out, at, length).type(IcmpType.ECHO_REPLY).code(0).fillChecksum(length);
        stats.icmpEchoRepliesSent++;
        sendIp(frame, destination, source, IpProtocol.ICMP, length, false);
    }

    /**
     * Sends an ICMP error about {@code offending} (RFC 792, RFC 1122 §3.2.2): never about an ICMP error, a
     * non-first fragment, or a datagram whose source is not a unicast host; quoting the IP header and as much
     * of the payload as keeps the error within 576 bytes (RFC 1812 §4.3.2.3); rate-limited.
     */
    private void sendIcmpError(Ipv4Packet offending, int type, int code) {
        int source = offending.source();
        if (offending.fragmentOffset() != 0 || source == 0 || isBroadcast(source)
                || Ipv4Address.isMulticast(source)) {
            return;
        }
        if (offending.protocol() == IpProtocol.ICMP) {
            long payload = offending.payloadOffset();
            if (offending.payloadLength() < 1 || IcmpType.isError(Bytes.u8(offending.segment(), payload))) {
                return;
            }
        }
        if (!icmpLimiter.tryTake(now)) {
            stats.icmpRateLimited++;
            return;
        }
        int quote = Math.min(offending.totalLength(), Math.min(mtu, ICMP_ERROR_MAX) - IP - IcmpMessage.HEADER_LENGTH);
        int icmpLength = IcmpMessage.HEADER_LENGTH + quote;
        PacketBuffer frame = newFrame(ETH + IP + icmpLength);
        if (frame == null) {
            return;
        }
        MemorySegment out = frame.segment();
        long at = frame.start() + ETH + IP;
        icmpOut.wrap(out, at, icmpLength).type(type).code(code).restOfHeader(0);
        MemorySegment.copy(offending.segment(), offending.offset(), out, at + IcmpMessage.HEADER_LENGTH, quote);
        icmpOut.fillChecksum(icmpLength);
        stats.icmpErrorsSent++;
        sendIp(frame, offending.destination(), source, IpProtocol.ICMP, icmpLength, false);
    }

    // =====================================================================================================
    // UDP output (called by UdpApi)
    // =====================================================================================================

    /** Builds and sends one UDP datagram, fragmenting when it exceeds the MTU. Returns 0 or an errno. */
    int sendUdp(int localIp, int localPort, int remoteIp, int remotePort, MemorySegment data, long offset, int length) {
        if (length < 0 || length > Ipv4Packet.MAX_TOTAL_LENGTH - IP - UdpDatagram.HEADER_LENGTH) {
            return UdpErrors.EMSGSIZE;
        }
        if (routes.lookup(remoteIp) == RoutingTable.NO_ROUTE) {
            stats.ipNoRoute++;
            return UdpErrors.ENETUNREACH;
        }
        int source = localIp != 0 ? localIp : sourceFor(remoteIp);
        int udpLength = UdpDatagram.HEADER_LENGTH + length;
        stats.udpDatagramsSent++;
        if (IP + udpLength <= mtu) {
            PacketBuffer frame = newFrame(ETH + IP + udpLength);
            if (frame == null) {
                return UdpErrors.ENOBUFS;
            }
            MemorySegment out = frame.segment();
            long at = frame.start() + ETH + IP;
            MemorySegment.copy(data, offset, out, at + UdpDatagram.HEADER_LENGTH, length);
            writeUdpHeader(out, at, udpLength, source, localPort, remoteIp, remotePort);
            sendIp(frame, source, remoteIp, IpProtocol.UDP, udpLength, false);
            return 0;
        }
        // Too big for one frame: build the datagram in scratch, then cut it (RFC 791 §3.2; DF is clear for UDP).
        MemorySegment.copy(data, offset, scratch, UdpDatagram.HEADER_LENGTH, length);
        writeUdpHeader(scratch, 0, udpLength, source, localPort, remoteIp, remotePort);
        int id = nextIdentification++ & 0xFFFF;
        ipOut.wrap(headerScratch, 0, IP).version(4).headerLength(IP).tos(0).identification(id).flags(0)
                .fragmentOffset(0).ttl(config.ttl()).protocol(IpProtocol.UDP).source(source).destination(remoteIp)
                .totalLength(IP + udpLength);
        int nextHop = routes.nextHop(remoteIp);
        for (int index = 0; ; index++) {
            PacketBuffer frame = newFrame(ETH + mtu);
            if (frame == null) {
                return UdpErrors.ENOBUFS;
            }
            int written = fragmenter.writeFragment(headerScratch, 0, scratch, 0, udpLength, mtu, index,
                    frame.segment(), frame.start() + ETH);
            if (written == 0) {
                frame.release();
                return 0;
            }
            frame.trimBack(frame.length() - ETH - written);
            writeEthernet(frame, EtherType.IPV4);
            stats.ipFragmentsSent++;
            resolveAndSend(frame, nextHop);
        }
    }

    private void writeUdpHeader(MemorySegment s, long at, int udpLength, int source, int localPort, int remoteIp,
                                int remotePort) {
        UdpDatagram udp = udpOut.wrap(s, at, udpLength).sourcePort(localPort).destinationPort(remotePort)
                .length(udpLength).checksum(0);
        udp.fillChecksum(source, remoteIp); // RFC 768: a computed 0 goes out as 0xFFFF
    }

    // =====================================================================================================
    // IPv4 and Ethernet output
    // =====================================================================================================

    /**
     * A frame of {@code length} bytes from the device pool, window at its start offset, or null (counted)
     * when the pool is empty or the frame cannot fit.
     */
    private PacketBuffer newFrame(int length) {
        PacketBuffer frame = device.pool().allocate();
        if (frame == null) {
            stats.txNoBuffer++;
            return null;
        }
        int padded = Math.max(length, MIN_FRAME);
        if (frame.tailroom() < padded) {
            frame.reset(0);
            if (frame.tailroom() < padded) {
                frame.release();
                stats.txNoBuffer++;
                return null;
            }
        }
        frame.append(length);
        return frame;
    }

    /**
     * Writes the IPv4 header in front of the {@code payloadLength} bytes already at {@code start + 34} and sends
     * the frame towards {@code destination}. The frame's reference passes to this method. Returns false when
     * it was dropped (no route).
     */
    private boolean sendIp(PacketBuffer frame, int source, int destination, int protocol, int payloadLength,
                           boolean dontFragment) {
        boolean broadcast = isBroadcast(destination);
        int nextHop = broadcast ? destination : routes.nextHop(destination);
        if (nextHop == 0) {
            stats.ipNoRoute++;
            frame.release();
            return false;
        }
        long at = frame.start() + ETH;
        writeIpv4Header(frame.segment(), at, IP + payloadLength, nextIdentification++ & 0xFFFF, dontFragment,
                protocol, source, destination);
        if (txIpChecksumOffload) {
            frame.offloadFlags(frame.offloadFlags() | PacketBuffer.TX_IPV4_CHECKSUM);
        } else {
            ipOut.wrap(frame.segment(), at, IP + payloadLength).fillChecksum();
        }
        writeEthernet(frame, EtherType.IPV4);
        if (broadcast) {
            ethOut.wrap(frame.segment(), frame.start(), ETH).destination(MacAddress.BROADCAST);
            queueTx(frame);
            return true;
        }
        resolveAndSend(frame, nextHop);
        return true;
    }

    /**
     * Writes a 20-byte IPv4 header (RFC 791 §3.1: version 4, IHL 5, TOS 0, no fragmentation, our TTL, checksum 0)
     * as five 32-bit stores. Stores only: the field setters' read-modify-writes of the shared bytes would wait on a
     * frame buffer that is often not in the cache yet.
     */
    private void writeIpv4Header(MemorySegment s, long at, int totalLength, int identification, boolean dontFragment,
                                 int protocol, int source, int destination) {
        Bytes.u32(s, at + Ipv4Packet.VERSION_IHL_OFFSET, (0x45L << 24) | (totalLength & 0xFFFF));
        int flags = dontFragment ? Ipv4Packet.FLAG_DONT_FRAGMENT : 0;
        Bytes.u32(s, at + Ipv4Packet.IDENTIFICATION_OFFSET, ((long) (identification & 0xFFFF) << 16) | (flags << 13));
        Bytes.u32(s, at + Ipv4Packet.TTL_OFFSET, ((long) (config.ttl() & 0xFF) << 24) | ((protocol & 0xFF) << 16));
        Bytes.u32(s, at + Ipv4Packet.SOURCE_OFFSET, source);
        Bytes.u32(s, at + Ipv4Packet.DESTINATION_OFFSET, destination);
    }

    /** Writes source MAC and EtherType (destination later, once resolved) and pads the frame to 60 bytes. */
    private void writeEthernet(PacketBuffer frame, int etherType) {
        ethOut.wrap(frame.segment(), frame.start(), ETH).source(mac).etherType(etherType);
        int length = frame.length();
        if (length < MIN_FRAME) {
            long end = frame.end();
            frame.append(MIN_FRAME - length);
            frame.segment().asSlice(end, MIN_FRAME - length).fill((byte) 0);
        }
    }

    private void resolveAndSend(PacketBuffer frame, int nextHop) {
        long destinationMac = arp.lookup(nextHop, now);
        if (destinationMac == ArpCache.NO_MAC) {
            arp.enqueue(nextHop, frame, now, arpHandler); // the cache hands the frame back exactly once
            return;
        }
        ethOut.wrap(frame.segment(), frame.start(), ETH).destination(destinationMac);
        queueTx(frame);
    }

    private void sendArp(int operation, long targetMac, int targetIp, int senderIp, int requestedIp) {
        PacketBuffer frame = newFrame(ETH + ArpPacket.ETHERNET_IPV4_LENGTH);
        if (frame == null) {
            return;
        }
        long at = frame.start() + ETH;
        arpOut.wrap(frame.segment(), at, ArpPacket.ETHERNET_IPV4_LENGTH).ethernetIpv4().operation(operation)
                .senderMac(mac).senderIp(senderIp)
                .targetMac(operation == ArpOperation.REQUEST ? MacAddress.ZERO : targetMac)
                .targetIp(operation == ArpOperation.REQUEST ? requestedIp : targetIp);
        writeEthernet(frame, EtherType.ARP);
        ethOut.wrap(frame.segment(), frame.start(), ETH).destination(targetMac);
        if (operation == ArpOperation.REQUEST) {
            stats.arpRequestsSent++;
        }
        queueTx(frame);
    }

    private void queueTx(PacketBuffer frame) {
        if (txBurst.isFull()) {
            flush();
        }
        if (!txBurst.add(frame)) {
            stats.txDeviceRefused++;
            frame.release();
        }
    }

    private int flush() {
        if (txBurst.isEmpty()) {
            return 0;
        }
        if (frameObserver != null) {
            for (int i = 0; i < txBurst.count(); i++) {
                PacketBuffer frame = txBurst.get(i);
                frameObserver.onFrame(true, now, frame.segment(), frame.start(), frame.length());
            }
        }
        int taken = device.transmit(txBurst);
        stats.framesTransmitted += taken;
        if (!txBurst.isEmpty()) {
            // The device is full: the frames it left are dropped (the transports retransmit), counted.
            stats.txDeviceRefused += txBurst.count();
            txBurst.releaseAll();
        }
        return taken;
    }

    // =====================================================================================================
    // Addresses
    // =====================================================================================================

    /** Whether {@code address} is one of ours. */
    public boolean isOwnAddress(int address) {
        for (int a : addresses) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code address} is the limited broadcast or the directed broadcast of one of our subnets. */
    public boolean isBroadcast(int address) {
        if (address == Ipv4Address.BROADCAST) {
            return true;
        }
        for (int i = 0; i < addresses.length; i++) {
            int mask = masks[i];
            if (mask != -1 && mask != 0xFFFF_FFFE && (address & mask) == (addresses[i] & mask)
                    && (address | mask) == -1) {
                return true;
            }
        }
        return false;
    }

    /** The source address for {@code destination}: ours on its subnet, else the primary (RFC 1122 §3.3.4.3). */
    public int sourceFor(int destination) {
        for (int i = 0; i < addresses.length; i++) {
            if ((destination & masks[i]) == (addresses[i] & masks[i])) {
                return addresses[i];
            }
        }
        return addresses[0];
    }

    UdpSocketTable udpSockets() {
        return udpSockets;
    }

    UdpReadinessTable udpReadiness() {
        return udpReadiness;
    }

    // =====================================================================================================
    // Callbacks
    // =====================================================================================================

    /** What the neighbour cache asks of the stack. */
    private final class ArpHandler implements ArpActions<PacketBuffer> {
        @Override
        public void sendRequest(int targetIp) {
            sendArp(ArpOperation.REQUEST, MacAddress.BROADCAST, 0, sourceFor(targetIp), targetIp);
        }

        @Override
        public void sendPending(PacketBuffer frame, int ip, long destinationMac) {
            ethOut.wrap(frame.segment(), frame.start(), ETH).destination(destinationMac);
            queueTx(frame);
        }

        @Override
        public void dropPending(PacketBuffer frame, int ip, boolean resolutionFailed) {
            if (resolutionFailed) {
                stats.arpResolutionDrops++;
                // A resolution that ran out of requests (the entry is still RESOLVING while its queue drains);
                // not a full table (no entry) nor the stack closing.
                if (!closed && arp.state(ip) == ArpCache.STATE_RESOLVING) {
                    reportUnreachable(frame);
                }
            } else {
                stats.arpQueueDrops++;
            }
            frame.release();
        }
    }

    /** Where the TCP engine's segments become frames. */
    private final class TcpSink implements SegmentSink {
        @Override
        public boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                            int window, OutgoingOptions options, SendBuffer payload, int payloadOffset,
                            int payloadLength) {
            int nextHop = routes.nextHop(remoteIp);
            if (nextHop == 0) {
                stats.ipNoRoute++;
                return true; // dropped: the engine's timers retransmit if a route appears
            }
            int optionsLength = options.length();
            int headerLength = TcpSegment.MIN_HEADER_LENGTH + optionsLength;
            int tcpLength = headerLength + payloadLength;
            PacketBuffer frame = newFrame(ETH + IP + tcpLength);
            if (frame == null) {
                return false; // no buffer now: the engine keeps the segment and retries
            }
            MemorySegment s = frame.segment();
            long at = frame.start() + ETH + IP;
            TcpSegment seg = tcpOut.wrap(s, at, tcpLength)
                    .writeHeader(localPort, remotePort, seq, ack, headerLength, flags, window);
            if (optionsLength > 0) {
                optionsWriter.wrap(s, at + TcpSegment.MIN_HEADER_LENGTH, optionsLength);
                options.write(optionsWriter);
            }
            if (payloadLength > 0) {
                payload.copyOut(payloadOffset, s, at + headerLength, payloadLength);
            }
            if (txL4ChecksumOffload) {
                frame.offloadFlags(frame.offloadFlags() | PacketBuffer.TX_L4_CHECKSUM);
            } else {
                seg.fillChecksum(localIp, remoteIp);
            }
            stats.tcpSegmentsSent++;
            // DF set: TCP relies on path MTU discovery (RFC 1191), as Linux does.
            sendIp(frame, localIp, remoteIp, IpProtocol.TCP, tcpLength, true);
            return true;
        }
    }
}
