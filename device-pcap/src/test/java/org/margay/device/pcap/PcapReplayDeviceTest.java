package org.margay.device.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.CaptureRecord;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.LinkType;
import org.margay.pcap.TimestampResolution;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * Records what one stack receives from another (ARP, pings 1 s apart), then replays that capture into a
 * fresh stack with the same address and MAC: it answers as the original did, the answers are recorded,
 * and with capture-time pacing on a virtual clock the replies keep the pings' spacing.
 */
class PcapReplayDeviceTest {
    private static final int A = Ipv4Address.parse("10.80.0.1");
    private static final int B = Ipv4Address.parse("10.80.0.2");

    @TempDir
    Path dir;

    @Test
    void replaysAtCaptureTimeAndRecordsTheAnswers() throws Exception {
        Path captured = recordPingsSeenByB(3);
        Path out = dir.resolve("answers.pcapng");
        VirtualClock clock = new VirtualClock();
        clock.set(5_000_000_000L);
        try (PcapReplayDevice replay = PcapReplayDevice.builder(captured).clock(clock).pacing(Pacing.CAPTURE_TIME)
                .mac(LoopbackPair.DEFAULT_MAC_B).output(out).open()) {
            InetStack b = new InetStack(StackConfig.builder().address(B, 24).build(), replay, clock);
            while (!replay.finished()) {
                b.poll();
                long next = Math.min(replay.nextReleaseNanos(), b.nextDeadline());
                if (next != Long.MAX_VALUE && next > clock.nanoTime()) {
                    clock.set(next);
                }
            }
            for (int i = 0; i < 10; i++) {
                b.poll();
            }
            assertEquals(3, b.stats().icmpEchoRequestsReceived());
            assertEquals(3, b.stats().icmpEchoRepliesSent());
            b.close();
        }
        List<CaptureRecord> answers = CaptureReader.readAll(out);
        long replies = answers.stream().filter(r -> isIcmpEchoReply(r.data())).count();
        assertEquals(3, replies);
        List<Long> times = answers.stream().filter(r -> isIcmpEchoReply(r.data()))
                .map(r -> r.seconds() * 1_000_000_000L + r.nanos()).toList();
        assertEquals(1_000_000_000L, times.get(1) - times.get(0), "the replies keep the capture's 1 s spacing");
        assertEquals(1_000_000_000L, times.get(2) - times.get(1));
    }

    @Test
    void asFastAsPossibleAndSkipsWhatItCannotReplay() throws Exception {
        Path mixed = dir.resolve("mixed.pcapng");
        try (CaptureWriter w = CaptureWriter.pcapng(mixed)) {
            int eth = w.addInterface(LinkType.ETHERNET.value(), 65535);
            int raw = w.addInterface(101, 65535);
            byte[] frame = new byte[60];
            w.write(eth, 1, 0, MemorySegment.ofArray(frame));
            w.write(raw, 2, 0, MemorySegment.ofArray(new byte[40]));
            w.write(eth, 3, 0, MemorySegment.ofArray(frame), 1500);   // truncated by the snapshot length
            w.write(eth, 4, 0, MemorySegment.ofArray(frame));
        }
        VirtualClock clock = new VirtualClock();
        try (PcapReplayDevice replay = PcapReplayDevice.builder(mixed).clock(clock).open()) {
            org.margay.fastpath.device.PacketBurst burst = new org.margay.fastpath.device.PacketBurst(16);
            assertEquals(2, replay.receive(burst));
            burst.releaseAll();
            assertTrue(replay.finished());
            assertEquals(1, replay.skippedRecords());
            assertEquals(1, replay.truncatedRecords());
            assertEquals(0, replay.pool().outstanding());
        }
    }

    @Test
    void aCorruptCaptureEndsTheReplayWithAnErrorNotAnException() throws Exception {
        Path bad = dir.resolve("bad.pcap");
        Files.write(bad, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0, 1, 2, 3});
        VirtualClock clock = new VirtualClock();
        try (PcapReplayDevice replay = PcapReplayDevice.builder(bad).clock(clock).open()) {
            assertEquals(0, replay.receive(new org.margay.fastpath.device.PacketBurst(4)));
            assertTrue(replay.finished());
            assertTrue(replay.error() != null, "the reader's complaint is kept");
        }
    }

    /** Two stacks on a loopback pair; A pings B {@code n} times a second apart; B's inbound frames go to a pcap. */
    private Path recordPingsSeenByB(int n) throws IOException {
        Path file = dir.resolve("seen-by-b.pcap");
        VirtualClock clock = new VirtualClock();
        try (LoopbackPair pair = new LoopbackPair("rec", 256, 2048, 128, 64, clock);
             CaptureWriter w = CaptureWriter.pcap(file, LinkType.ETHERNET.value(), TimestampResolution.NANOSECONDS)) {
            InetStack a = new InetStack(StackConfig.builder().address(A, 24).build(), pair.a(), clock);
            InetStack b = new InetStack(StackConfig.builder().address(B, 24).build(), pair.b(), clock);
            b.frameObserver((outbound, now, segment, offset, length) -> {
                if (!outbound) {
                    try {
                        w.write(0, now / 1_000_000_000L, (int) (now % 1_000_000_000L), segment.asSlice(offset, length));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            for (int i = 0; i < n; i++) {
                a.ping(B, 9, i, 32);
                for (int k = 0; k < 20; k++) {
                    a.poll();
                    b.poll();
                }
                clock.advance(1_000_000_000L);
            }
            a.close();
            b.close();
        }
        return file;
    }

    private static boolean isIcmpEchoReply(byte[] frame) {
        return frame.length >= 35 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 1 && frame[34] == 0;
    }
}
