package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.device.pcap.CapturingDevice;
import org.margay.explain.live.EventLog;
import org.margay.explain.live.LiveCaptureExplainer;
import org.margay.explain.live.LiveProbe;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TimelineEvent;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.tcp.engine.TcpStats;
import org.margay.pcap.CaptureReader;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * Live mode end to end without the CLI: two stacks on an in-memory link, the client's device recorded by the
 * {@link CapturingDevice} with a {@link LiveProbe} logging both stacks, one data segment lost after it was recorded
 * (as on a real wire). The capture holds exactly the client stack's frames; the log's retransmissions are the
 * stack's own counters; {@link LiveCaptureExplainer} puts the exact events, causes and cwnd on the timeline.
 */
class LiveCaptureTest {
    private static final int A = Ipv4Address.parse("10.82.0.1");
    private static final int B = Ipv4Address.parse("10.82.0.2");

    @TempDir
    Path dir;

    /** Drops the {@code n}-th outbound frame carrying TCP payload (after the capture above has recorded it). */
    private static final class DropNthData extends ForwardingDevice {
        private final int n;
        private final PacketBurst one = new PacketBurst(1);
        private int seen;

        DropNthData(org.margay.fastpath.device.NetworkDevice inner, int n) {
            super(inner);
            this.n = n;
        }

        @Override
        public int transmit(PacketBurst from) {
            int count = from.count();
            for (int i = 0; i < count; i++) {
                PacketBuffer f = from.get(i);
                if (tcpPayload(f) > 0 && ++seen == n) {
                    f.release();
                    continue;
                }
                one.add(f);
                if (inner.transmit(one) == 0) {
                    one.releaseAll();
                }
                one.clear();
            }
            from.clear();
            return count;
        }

        @Override
        public void close() {
            // the pair closes its ends
        }

        private static int tcpPayload(PacketBuffer f) {
            var s = f.segment();
            long ip = f.start() + 14;
            if (f.length() < 54 || s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ip + 9) != 6) {
                return 0;
            }
            int ihl = (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ip) & 0x0F) * 4;
            int total = ((s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ip + 2) & 0xFF) << 8)
                    | (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ip + 3) & 0xFF);
            int doff = ((s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, ip + ihl + 12) & 0xFF) >> 4) * 4;
            return total - ihl - doff;
        }
    }

    private record Run(Path capture, Path events, long framesIn, long framesOut, long retransmissions) {
    }

    private Run transfer(int bytes) throws IOException {
        Path file = dir.resolve("live.pcapng");
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        try (LoopbackPair pair = new LoopbackPair("ml-live", 1024, 2048, 128, 256, clock)) {
            LiveProbe probe = new LiveProbe(EventLog.sidecarOf(file), file.getFileName().toString(), 0);
            CapturingDevice capture = new CapturingDevice(new DropNthData(pair.a(), 6), file, clock, 0, probe::onFrame);
            InetStack a = new InetStack(StackConfig.builder().address(A, 24).tcpSeed(3).build(), capture, clock);
            InetStack b = new InetStack(StackConfig.builder().address(B, 24).tcpSeed(4).build(), pair.b(), clock);
            probe.attach("client", A, a.tcpLayer(), clock);
            probe.attach("server", B, b.tcpLayer(), clock);
            TcpListener listener = b.tcp().listen(5000, 8);
            TcpConnection client = a.tcp().connect(B, 5000);
            TcpConnection server = null;
            byte[] data = new byte[bytes];
            Arrays.fill(data, (byte) 'm');
            byte[] sink = new byte[65536];
            int sent = 0;
            long received = 0;
            boolean closed = false;
            for (int step = 0; step < 200_000; step++) {
                int work = a.poll() + b.poll();
                if (server == null) {
                    server = listener.accept();
                }
                if (client.state() == TcpState.ESTABLISHED && sent < bytes) {
                    int n = client.send(data, sent, bytes - sent);
                    sent += Math.max(0, n);
                    work += Math.max(0, n);
                }
                if (server != null) {
                    int n = server.receive(sink, 0, sink.length);
                    received += Math.max(0, n);
                    work += Math.max(0, n);
                }
                if (sent == bytes && received == bytes && !closed) {
                    client.close();
                    server.close();
                    closed = true;
                }
                if (closed && client.state() == TcpState.TIME_WAIT || closed && client.state() == TcpState.CLOSED) {
                    for (int k = 0; k < 20; k++) {
                        a.poll();
                        b.poll();
                    }
                    break;
                }
                if (work == 0) {
                    long next = Math.min(a.nextDeadline(), b.nextDeadline());
                    if (next == Long.MAX_VALUE) {
                        break;
                    }
                    clock.set(Math.max(next, clock.nanoTime() + 1));
                }
            }
            assertEquals(bytes, received, "the transfer completes despite the loss");
            TcpStats s = client.stats();
            long retransmissions = s.retransmitsRto() + s.retransmitsFast() + s.retransmitsRack() + s.retransmitsTlp();
            long in = a.stats().framesReceived();
            long out = a.stats().framesTransmitted();
            assertEquals(in, capture.framesIn());
            assertEquals(out, capture.framesOut());
            a.close();
            b.close();
            capture.close();
            probe.close();
            assertEquals(null, probe.error());
            return new Run(file, EventLog.sidecarOf(file), in, out, retransmissions);
        }
    }

    @Test
    void theCaptureHoldsTheStacksFramesAndTheLogItsExactEvents() throws Exception {
        Run run = transfer(60_000);
        assertEquals(run.framesIn() + run.framesOut(), CaptureReader.readAll(run.capture()).size(),
                "one record per frame the client stack received or sent");
        EventLog log = EventLog.read(run.events());
        assertEquals(0, log.badLines(), log.firstProblem());
        assertTrue(run.retransmissions() >= 1, "the lost segment was resent");
        assertEquals(run.retransmissions(), log.retransmissions(), "every retransmission is logged with its cause");

        Explanation x = LiveCaptureExplainer.explain(run.capture(), run.events());
        ConnectionTimeline c = Explain.focus(x, 0);
        assertNotNull(c);
        assertTrue(c.exact() && c.live() != null && c.live().contains("both sides"), c.live());
        List<TimelineEvent> events = c.events();
        assertTrue(events.stream().anyMatch(e -> e.kind() == EventKind.STATE && e.side() == 0
                && e.text().startsWith("SYN-SENT -> ESTABLISHED") && e.text().contains("RFC 9293")));
        assertTrue(events.stream().anyMatch(e -> e.kind() == EventKind.STATE && e.side() == 1
                && e.text().startsWith("SYN-RECEIVED -> ESTABLISHED")));
        List<TimelineEvent> resends = events.stream().filter(e -> e.kind() == EventKind.RETRANSMISSION).toList();
        assertEquals(run.retransmissions(), resends.size());
        long withCause = c.packets().stream().filter(p -> p.cause() != null).count();
        assertEquals(run.retransmissions(), withCause, "each resent frame carries the stack's cause");
        for (TimelineEvent e : resends) {
            PacketRecord p = c.packets().stream().filter(q -> q.number() == e.packet()).findFirst().orElseThrow();
            assertNotNull(p.cause(), "the event points at the resent frame " + e.packet());
            assertTrue(p.exactKnown());
        }
        assertFalse(c.series(Metric.CWND, 0).isEmpty(), "cwnd comes from the stack");
        assertFalse(c.series(Metric.RTT_SAMPLE, 0).isEmpty(), "RTT samples at the capturing stack");

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Explain.print(x, false, 0, new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[events from the stack's event log: exact for both sides"), printed);
        assertTrue(printed.contains("retransmits seq"), printed);
        assertTrue(x.summary().getFirst().contains("(exact, not inferred)"), x.summary().getFirst());
        Path svg = dir.resolve("ladder.svg");
        Explain.writeLadder(c, new org.margay.explain.render.LadderDiagram.Options(0, 60), svg);
        assertTrue(Files.readString(svg).contains("live capture on the stack's own device"));
    }

    @Test
    void theProbeAllocatesNothingPerFrameThatChangesNothing() throws Exception {
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        try (LoopbackPair pair = new LoopbackPair("ml-live2", 256, 2048, 128, 64, clock);
             LiveProbe probe = new LiveProbe(dir.resolve("quiet.events"), "quiet.pcapng", 0)) {
            InetStack a = new InetStack(StackConfig.builder().address(A, 24).build(), pair.a(), clock);
            InetStack b = new InetStack(StackConfig.builder().address(B, 24).build(), pair.b(), clock);
            probe.attach("client", A, a.tcpLayer(), clock);
            probe.attach("server", B, b.tcpLayer(), clock);
            b.tcp().listen(5001, 4);
            TcpConnection client = a.tcp().connect(B, 5001);
            for (int i = 0; i < 50; i++) {
                a.poll();
                b.poll();
            }
            assertEquals(TcpState.ESTABLISHED, client.state());
            // A pure ACK from the client, as the capture device would hand it over: Ethernet, IPv4, TCP.
            java.lang.foreign.MemorySegment frame = java.lang.foreign.Arena.ofAuto().allocate(54);
            var be16 = java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
            var be32 = java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
            frame.set(be16, 12, (short) 0x0800);
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
            frame.set(be16, 16, (short) 40);
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 23, (byte) 6);
            frame.set(be32, 26, A);
            frame.set(be32, 30, B);
            frame.set(be16, 34, (short) client.localPort());
            frame.set(be16, 36, (short) 5001);
            frame.set(be32, 38, client.sndNxt());
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 46, (byte) 0x50);
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 47, (byte) 0x10);
            long[] n = {1000};
            double perFrame = org.margay.testkit.AllocationMeter.currentThread().bytesPerCall(
                    () -> probe.onFrame(++n[0], true, clock.nanoTime(), frame, 0, 54), 20_000, 5_000, 5);
            assertTrue(perFrame < 1, "bytes allocated per frame by the live probe: " + perFrame);
            a.close();
            b.close();
        }
    }

    @Test
    void aDamagedLogOrCaptureIsExplainedUpToTheDamage() throws Exception {
        Run run = transfer(20_000);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(run.events()));
        lines.add(3, "E\tnot-a-number\t1\tclient\t10.82.0.1:1\t10.82.0.2:2\tSTATE\t0\tx");
        lines.add(4, "Q\twhat");
        lines.add(5, "S\t1\t1\tclient\t10.82.0.1:1\t10.82.0.2:2\tNO_SUCH_METRIC\t3");
        Files.write(run.events(), lines);
        byte[] capture = Files.readAllBytes(run.capture());
        Files.write(run.capture(), Arrays.copyOf(capture, capture.length * 2 / 3 + 5));
        Explanation x = LiveCaptureExplainer.explain(run.capture(), run.events());
        assertTrue(x.summary().stream().anyMatch(l -> l.startsWith("the capture is damaged")), x.summary().toString());
        assertTrue(x.summary().stream().anyMatch(l -> l.startsWith("the event log has 3 unreadable lines")),
                x.summary().toString());
        assertFalse(x.connections().isEmpty());

        Path notALog = dir.resolve("other.events");
        Files.writeString(notALog, "hello\n");
        assertThrows(IOException.class, () -> EventLog.read(notALog));
        assertFalse(EventLog.looksLikeEventLog(notALog));
        assertTrue(EventLog.looksLikeEventLog(run.events()));
    }
}
