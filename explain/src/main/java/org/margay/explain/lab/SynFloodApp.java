package org.margay.explain.lab;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.margay.explain.sim.LabApp;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpLayerStats;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;

/**
 * A SYN flood: a raw host ("attacker") sends {@code syns} SYNs from spoofed addresses to the server's listening
 * port and never answers; then a real client connects, sends a request and gets an answer. The server's SYN
 * backlog is small, so most of the flood is answered with SYN cookies (RFC 4987 §3.6).
 */
final class SynFloodApp implements LabApp {
    static final int SPOOFED_BASE = (10 << 24) | (9 << 8); // 10.0.9.0/24
    private final int syns;
    private final long clientDelayNanos;
    private final byte[] data = new byte[512];
    private LabHost attacker;
    private LabHost server;
    private LabHost clientHost;
    private TcpListener listener;
    private TcpConnection client;
    private TcpConnection accepted;
    private long clientAt;
    private int halfOpenPeak;
    private int answer;
    private boolean closed;

    SynFloodApp(int syns, long clientDelayNanos) {
        this.syns = syns;
        this.clientDelayNanos = clientDelayNanos;
    }

    @Override
    public void start(LabNetwork network) {
        attacker = network.host("attacker");
        server = network.host("server");
        clientHost = network.host("client");
        listener = server.stack().tcp().listen(5000, 64);
        clientAt = network.now() + clientDelayNanos;
        PacketBurst burst = new PacketBurst(syns);
        for (int i = 0; i < syns; i++) {
            PacketBuffer frame = attacker.device().pool().allocate();
            int length = 14 + 20 + 20;
            frame.append(length);
            writeSyn(frame.segment(), frame.start(), SPOOFED_BASE + 1 + i, 40000 + i, 0x1000_0000 + i * 7919);
            burst.add(frame);
        }
        attacker.device().transmit(burst);
    }

    private void writeSyn(MemorySegment s, long at, int source, int port, int isn) {
        new EthernetFrame().wrap(s, at, 14).destination(server.mac()).source(attacker.mac()).etherType(0x0800);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, at + 14, 40);
        ip.version(4).headerLength(20).tos(0).totalLength(40).identification(port).flags(0).fragmentOffset(0)
                .ttl(64).protocol(6).source(source).destination(server.address()).headerChecksum(0);
        ip.fillChecksum();
        TcpSegment tcp = new TcpSegment().wrap(s, at + 34, 20);
        tcp.writeHeader(port, 5000, isn, 0, 20, TcpSegment.SYN, 64240);
        tcp.fillChecksum(source, server.address());
    }

    @Override
    public long nextWake() {
        return client == null ? clientAt : Long.MAX_VALUE;
    }

    @Override
    public boolean step(LabNetwork network) {
        // The attacker never answers: whatever reaches it is thrown away.
        PacketBurst in = new PacketBurst(64);
        attacker.device().receive(in);
        in.releaseAll();
        halfOpenPeak = Math.max(halfOpenPeak, listener.halfOpen());
        if (client == null && network.now() >= clientAt) {
            client = clientHost.stack().tcp().connect(server.address(), 5000);
        }
        if (client == null) {
            return false;
        }
        TcpConnection c;
        while ((c = listener.accept()) != null) {
            if (c.remoteIp() == clientHost.address()) {
                accepted = c;
            }
        }
        if (client.state() == TcpState.ESTABLISHED && answer == 0 && client.unacknowledgedBytes() == 0
                && accepted == null) {
            client.send(data, 0, 100);
        }
        if (accepted != null) {
            int n;
            while ((n = accepted.receive(data, 0, data.length)) > 0) {
                accepted.send(data, 0, n);
            }
        }
        int n;
        while ((n = client.receive(data, 0, data.length)) > 0) {
            answer += n;
        }
        if (!closed && answer >= 100) {
            closed = true;
            client.close();
        }
        if (accepted != null && accepted.state() == TcpState.CLOSE_WAIT) {
            accepted.close();
        }
        return closed && (client.state() == TcpState.TIME_WAIT || client.state() == TcpState.CLOSED)
                && accepted != null && accepted.state() == TcpState.CLOSED;
    }

    @Override
    public List<String> summary() {
        TcpLayerStats s = server.stack().tcpLayer().stats();
        return List.of("application: " + syns + " spoofed SYNs from 10.0.9.1-" + syns + ", then the real client; its"
                        + " request was " + (answer >= 100 ? "answered" : "NOT answered"),
                "server listener: SYNs received " + s.synsReceived() + ", half-open peak " + halfOpenPeak + " (backlog "
                        + server.stack().tcpLayer().config().synBacklog() + "), SYN cookies sent " + s.synCookiesSent()
                        + ", cookies accepted " + s.synCookiesAccepted() + ", SYNs dropped " + s.synsDroppedBacklog());
    }
}
