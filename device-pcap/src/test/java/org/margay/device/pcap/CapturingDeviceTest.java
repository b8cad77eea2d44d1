package org.margay.device.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.CaptureRecord;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * The recording decorator: every frame a stack receives and every frame the device takes from it is in the file
 * once, in order, with the stack clock's time; frames the device refuses are not; chained frames are flattened; the
 * stack is told to compute checksums itself; the listener sees the frame numbers of the file.
 */
class CapturingDeviceTest {
    private static final int A = Ipv4Address.parse("10.81.0.1");
    private static final int B = Ipv4Address.parse("10.81.0.2");

    @TempDir
    Path dir;

    @Test
    void recordsWhatTheStackSendsAndReceivesOnceEach() throws Exception {
        Path file = dir.resolve("a.pcapng");
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        List<String> seen = new ArrayList<>();
        try (LoopbackPair pair = new LoopbackPair("cap", 256, 2048, 128, 64, clock)) {
            // The device takes at most one frame per call: the rest of a burst is refused (and must not be recorded).
            NetworkDevice stingy = new ForwardingDevice(pair.a()) {
                @Override
                public int transmit(PacketBurst from) {
                    if (from.count() <= 1) {
                        return inner.transmit(from);
                    }
                    PacketBurst one = new PacketBurst(1);
                    one.add(from.get(0));
                    int n = inner.transmit(one);
                    from.removeFirst(n);
                    return n;
                }

                @Override
                public void close() {
                    // the pair closes its ends
                }
            };
            CapturingDevice capture = new CapturingDevice(stingy, file, clock, 0,
                    (frame, outbound, nanos, data, offset, length) -> seen.add(frame + (outbound ? ">" : "<") + length));
            InetStack a = new InetStack(StackConfig.builder().address(A, 24).build(), capture, clock);
            InetStack b = new InetStack(StackConfig.builder().address(B, 24).build(), pair.b(), clock);
            for (int i = 0; i < 3; i++) {
                a.ping(B, 7, i, 100);
                a.ping(B, 7, 100 + i, 100);   // two in one burst: the second is refused by the stingy device
                for (int k = 0; k < 10; k++) {
                    a.poll();
                    b.poll();
                }
                clock.advance(1_000_000_000L);
            }
            assertTrue(a.stats().framesTransmitted() >= 4);
            long inFile = a.stats().framesReceived() + a.stats().framesTransmitted();
            assertEquals(a.stats().framesReceived(), capture.framesIn());
            assertEquals(a.stats().framesTransmitted(), capture.framesOut());
            assertNull(capture.error());
            a.close();
            b.close();
            capture.close();
            List<CaptureRecord> records = CaptureReader.readAll(file);
            assertEquals(inFile, records.size(), "one record per frame the stack received or the device took");
            assertEquals(inFile, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertTrue(seen.get(i).startsWith((i + 1) + ""), "frame numbers follow the file: " + seen);
            }
            long previous = 0;
            for (CaptureRecord r : records) {
                long t = r.seconds() * 1_000_000_000L + r.nanos();
                assertTrue(t >= previous && t >= 1_000_000_000L, "stack-clock times, in order");
                previous = t;
            }
        }
    }

    @Test
    void flattensChainsAndAsksTheStackForChecksums() throws Exception {
        Path file = dir.resolve("chain.pcapng");
        VirtualClock clock = new VirtualClock();
        try (LoopbackPair pair = new LoopbackPair("cap2", 64, 2048, 128, 16, clock)) {
            NetworkDevice offloading = new ForwardingDevice(pair.a()) {
                @Override
                public DeviceCapabilities capabilities() {
                    return new DeviceCapabilities(true, true, true, true, true, true);
                }
            };
            CapturingDevice capture = new CapturingDevice(offloading, file, clock, 5_000_000_000L, null);
            DeviceCapabilities c = capture.capabilities();
            assertTrue(c.rxTcpChecksum(), "receive offloads stay");
            assertFalse(c.txIpv4Checksum() || c.txTcpChecksum() || c.txUdpChecksum(), "transmit offloads are off");
            PacketBuffer head = capture.pool().allocate();
            PacketBuffer tail = capture.pool().allocate();
            fill(head, 0, 40);
            fill(tail, 40, 30);
            head.next(tail);
            PacketBurst burst = new PacketBurst(4);
            burst.add(head);
            assertEquals(1, capture.transmit(burst));
            capture.close();
            List<CaptureRecord> records = CaptureReader.readAll(file);
            assertEquals(1, records.size());
            byte[] expected = new byte[70];
            for (int i = 0; i < 70; i++) {
                expected[i] = (byte) i;
            }
            assertArrayEquals(expected, records.get(0).data());
            assertEquals(5, records.get(0).seconds(), "the epoch offset is added");
            if (onPath("tshark")) {
                Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e",
                        "frame.packet_flags_direction").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String direction = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                assertEquals("2", direction.replace("0x", "").replaceFirst("^0+", ""), "tshark reads the direction: outbound");
            }
        }
    }

    @Test
    void anUnwritableFileIsAnIoErrorAtOpenNotLater() {
        VirtualClock clock = new VirtualClock();
        try (LoopbackPair pair = new LoopbackPair("cap3", 16, 2048, 128, 8, clock)) {
            Path bad = dir.resolve("no-such-dir").resolve("x.pcapng");
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new CapturingDevice(pair.a(), bad, clock, 0, null));
        }
    }

    @Test
    void recordingAllocatesNothingPerFrameInSteadyState() throws Exception {
        Path file = dir.resolve("steady.pcapng");
        VirtualClock clock = new VirtualClock();
        long[] seen = new long[1];
        try (LoopbackPair pair = new LoopbackPair("cap4", 64, 2048, 128, 16, clock)) {
            CapturingDevice capture = new CapturingDevice(pair.a(), file, clock, 0,
                    (frame, outbound, nanos, data, offset, length) -> seen[0] = frame);
            PacketBurst out = new PacketBurst(4);
            PacketBurst in = new PacketBurst(4);
            Runnable oneFrame = () -> {
                PacketBuffer f = capture.pool().allocate();
                f.append(200);
                out.add(f);
                capture.transmit(out);
                pair.b().transmit(copyInto(pair.b(), in));   // echo it back, so receive records too
                capture.receive(in);
                in.releaseAll();
                clock.advance(1000);
            };
            double perFrame = org.margay.testkit.AllocationMeter.currentThread().bytesPerCall(oneFrame, 20_000, 2_000, 5);
            assertTrue(perFrame < 1, "bytes allocated per recorded frame pair: " + perFrame);
            assertTrue(seen[0] > 40_000);
            capture.close();
        }
    }

    /** Takes what end b received and puts it in {@code burst} to be sent back. */
    private static PacketBurst copyInto(NetworkDevice b, PacketBurst burst) {
        b.receive(burst);
        return burst;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void fill(PacketBuffer b, int from, int n) {
        int at = b.append(n);
        MemorySegment s = b.segment();
        for (int i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, at + i, (byte) (from + i));
        }
    }
}
