package org.margay.explain.lab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.margay.explain.sim.LabApp;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.net.udp.socket.UdpSocket;

/**
 * The client sends UDP datagrams larger than the MTU, so IPv4 fragments them (RFC 791 §2.3, §3.2); the server
 * counts the datagrams it receives whole. Between datagrams the client waits {@code gapNanos}.
 */
final class FragmentationApp implements LabApp {
    private final int datagrams;
    private final int bytes;
    private final long gapNanos;
    private final MemorySegment payload;
    private final MemorySegment buffer = Arena.ofAuto().allocate(65536);
    private UdpSocket clientSocket;
    private UdpSocket serverSocket;
    private LabHost client;
    private LabHost server;
    private int sent;
    private int received;
    private long nextSend;
    private long end = Long.MAX_VALUE;

    FragmentationApp(int datagrams, int bytes, long gapNanos) {
        this.datagrams = datagrams;
        this.bytes = bytes;
        this.gapNanos = gapNanos;
        payload = Arena.ofAuto().allocate(bytes);
    }

    @Override
    public void start(LabNetwork network) {
        client = network.host("client");
        server = network.host("server");
        clientSocket = client.stack().udp().bind(4000);
        serverSocket = server.stack().udp().bind(5000);
        nextSend = network.now();
    }

    @Override
    public long nextWake() {
        return sent < datagrams ? nextSend : end;
    }

    @Override
    public boolean step(LabNetwork network) {
        long now = network.now();
        if (sent < datagrams && now >= nextSend) {
            client.stack().udp().sendTo(clientSocket, server.address(), 5000, payload, 0, bytes);
            sent++;
            nextSend = now + gapNanos;
            if (sent == datagrams) {
                end = now + gapNanos;
            }
        }
        while (serverSocket.receive(buffer, 0, (int) buffer.byteSize()) > 0) {
            received++;
        }
        return sent == datagrams && now >= end;
    }

    @Override
    public List<String> summary() {
        return List.of("application: " + sent + " UDP datagrams of " + bytes + " bytes sent, " + received
                + " received whole; server stack: fragments received " + server.stack().stats().ipFragmentsReceived()
                + ", datagrams reassembled " + server.stack().stats().ipReassembled() + ", reassembly timeouts "
                + server.stack().stats().ipReassemblyTimeouts() + ", ICMP errors sent "
                + server.stack().stats().icmpErrorsSent());
    }
}
