package org.margay.bench.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Bytes;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpSocket;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * For benchmarks only: the stack under test ({@link #stack}, on a {@link ScriptedDevice}) and a peer stack on the
 * other side of a {@link LoopbackPair}, with ARP resolved, one ESTABLISHED TCP connection (windows scaled on both
 * sides) and a UDP socket on each. Once {@link #script()} is called the peer is silent and the benchmark feeds the
 * stack frames the peer sent earlier (templates), patched with {@link #patchTcp}.
 */
final class StackPair implements AutoCloseable {
    static final int STACK_IP = Ipv4Address.parse("10.0.0.1");
    static final int PEER_IP = Ipv4Address.parse("10.0.0.2");
    static final int TCP_PORT = 80;
    static final int STACK_UDP_PORT = 7001;
    static final int PEER_UDP_PORT = 7000;
    static final int ETH_IP = 14 + 20;

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final LoopbackPair link;
    final ScriptedDevice device;
    final ScriptedDevice peerDevice;
    final InetStack stack;
    final InetStack peer;
    final TcpConnection connection;
    final TcpConnection peerConnection;
    final UdpSocket udp;
    final UdpSocket peerUdp;
    final MemorySegment data;
    final MemorySegment readBuffer;
    private final TcpSegment view = new TcpSegment();

    StackPair(boolean offload) {
        link = new LoopbackPair("bench", 4096, 2048, 128, 1024, clock);
        device = new ScriptedDevice(link.a(), offload);
        peerDevice = new ScriptedDevice(link.b(), offload);
        stack = new InetStack(config(STACK_IP), device, clock);
        peer = new InetStack(config(PEER_IP), peerDevice, clock);
        TcpListener listener = stack.tcp().listen(TCP_PORT, 4);
        peerConnection = peer.tcp().connect(STACK_IP, TCP_PORT);
        for (int i = 0; i < 100 && peerConnection.state() != TcpState.ESTABLISHED; i++) {
            settle();
        }
        settle();
        connection = listener.accept();
        if (connection == null || connection.state() != TcpState.ESTABLISHED) {
            throw new IllegalStateException("no connection: " + peerConnection);
        }
        Arena arena = Arena.ofAuto();
        data = arena.allocate(256 * 1024, 64);
        readBuffer = arena.allocate(256 * 1024, 64);
        // One exchange each way, so that both sides know the other's scaled window (RFC 7323 §2.2).
        peerConnection.send(data, 0, 2 * 1448);
        connection.send(data, 0, 2 * 1448);
        settle();
        drain(connection, readBuffer);
        drain(peerConnection, readBuffer);
        settle();
        udp = stack.udp().bind(STACK_UDP_PORT);
        peerUdp = peer.udp().bind(PEER_UDP_PORT);
    }

    private static StackConfig config(int address) {
        return StackConfig.builder().address(address, 24).tcp(EnginePair.config()).udpQueue(1024, 1 << 20)
                .gratuitousArp(false).build();
    }

    /** Polls both stacks until both are idle, the clock moving a quarter of {@link EnginePair#RTT_NANOS} a round. */
    void settle() {
        for (int i = 0; i < 10_000; i++) {
            int work = stack.poll() + peer.poll();
            clock.advance(EnginePair.RTT_NANOS / 4);
            if (work == 0) {
                return;
            }
        }
        throw new IllegalStateException("stacks never went idle");
    }

    static int drain(TcpConnection c, MemorySegment into) {
        int total = 0;
        int n;
        while ((n = c.receive(into, 0, (int) into.byteSize())) > 0) {
            total += n;
        }
        return total;
    }

    /** From now on the stack's device is a stub the benchmark drives; the peer is never polled again. */
    void script() {
        device.scripted(true);
    }

    /** Set-up only: the frames the peer has sent to the stack since the last call, taken off the loopback. */
    PacketBuffer[] takeFromPeer() {
        PacketBuffer[] frames = new PacketBuffer[1024];
        int n = device.takeWaiting(frames, 0);
        return java.util.Arrays.copyOf(frames, n);
    }

    /** TCP payload length of an Ethernet/IPv4(20)/TCP frame. */
    int tcpPayload(PacketBuffer frame) {
        TcpSegment s = tcpView(frame);
        return s.length() - s.headerLength();
    }

    TcpSegment tcpView(PacketBuffer frame) {
        int ipTotal = Bytes.u16(frame.segment(), frame.start() + 14 + 2); // IPv4 total length (RFC 791 §3.1)
        return view.wrap(frame.segment(), frame.start() + ETH_IP, ipTotal - 20);
    }

    /**
     * Rewrites a template from the peer to continue the connection: its sequence number, its acknowledgment number,
     * and (without offload) its TCP checksum, as the peer's stack would have written them.
     */
    void patchTcp(PacketBuffer frame, int seq, int ack, boolean software) {
        TcpSegment s = tcpView(frame).sequenceNumber(seq).acknowledgmentNumber(ack);
        if (software) {
            s.fillChecksum(PEER_IP, STACK_IP);
        }
    }

    @Override
    public void close() {
        stack.close();
        peer.close();
        link.close();
    }
}
