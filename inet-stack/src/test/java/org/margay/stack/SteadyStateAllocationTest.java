package org.margay.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.udp.socket.UdpSocket;

/**
 * "It allocates nothing per packet in steady state" (issue #3), measured with the JVM's per-thread allocation
 * counter: after a warm-up, thousands of packets through both stacks may allocate only a small constant
 * (JIT deoptimisation and the like), far below one byte per packet.
 */
class SteadyStateAllocationTest {
    @Test
    void udpPingPongAllocatesNothingPerPacket() {
        AllocationMeter threads = AllocationMeter.currentThread();
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket server = hosts.b.udp().bind(7);
            UdpSocket client = hosts.a.udp().bind(0);
            MemorySegment message = Arena.ofAuto().allocate(512);
            MemorySegment buffer = Arena.ofAuto().allocate(2048);
            Runnable round = () -> {
                hosts.a.udp().sendTo(client, TwoHosts.B, 7, message, 0, 512);
                hosts.settle();
                int n = server.receive(buffer, 0, 2048);
                hosts.b.udp().sendTo(server, server.lastSourceIp(), server.lastSourcePort(), buffer, 0, n);
                hosts.settle();
                client.receive(buffer, 0, 2048);
            };
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
                        long before = threads.allocatedBytes();
            int rounds = 20_000;
            for (int i = 0; i < rounds; i++) {
                round.run();
            }
            long allocated = threads.allocatedBytes() - before;
            assertEquals(2L * rounds + 20_000, server.datagramsReceived() + client.datagramsReceived() - 20_000);
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + 2 * rounds + " datagrams");
        }
    }

    @Test
    void tcpStreamingAllocatesLittlePerSegment() {
        AllocationMeter threads = AllocationMeter.currentThread();
        try (TwoHosts hosts = new TwoHosts()) {
            TcpListener listener = hosts.b.tcp().listen(80, 4);
            TcpConnection client = hosts.a.tcp().connect(TwoHosts.B, 80);
            hosts.runUntil(() -> client.state() == TcpState.ESTABLISHED, 5_000_000_000L);
            hosts.settle();
            TcpConnection server = listener.accept();
            MemorySegment chunk = Arena.ofAuto().allocate(65536);
            MemorySegment sink = Arena.ofAuto().allocate(65536);
            Runnable round = () -> {
                client.send(chunk, 0, 65536);
                hosts.settle();
                while (server.receive(sink, 0, 65536) > 0) {
                    // drain
                }
                hosts.settle();
            };
            for (int i = 0; i < 2_000; i++) {
                round.run();
            }
                        long segmentsBefore = hosts.b.stats().tcpSegmentsReceived() + hosts.a.stats().tcpSegmentsReceived();
            long before = threads.allocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                round.run();
            }
            long allocated = threads.allocatedBytes() - before;
            long segments = hosts.b.stats().tcpSegmentsReceived() + hosts.a.stats().tcpSegmentsReceived() - segmentsBefore;
            assertTrue(segments > 10_000, segments + " segments");
            assertTrue(allocated < segments, allocated + " bytes allocated for " + segments + " segments");
        }
    }
}
