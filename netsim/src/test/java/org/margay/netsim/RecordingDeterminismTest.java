package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.common.MacAddress;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.LinkType;

/** Same seed, same run, byte for byte; and the capture shows what crossed the port, when. */
class RecordingDeterminismTest {
    private static final long[] MACS = {0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L, 0x02_00_00_00_00_03L};

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesByteIdenticalCaptures() throws IOException {
        List<Path> first = run(dir.resolve("first"), 42);
        List<Path> second = run(dir.resolve("second"), 42);
        List<Path> other = run(dir.resolve("other"), 43);
        for (int i = 0; i < first.size(); i++) {
            byte[] bytes = Files.readAllBytes(first.get(i));
            assertTrue(bytes.length > 10_000, "the capture holds traffic: " + bytes.length + " bytes");
            assertArrayEquals(bytes, Files.readAllBytes(second.get(i)), first.get(i).getFileName().toString());
        }
        boolean anyDifferent = false;
        for (int i = 0; i < first.size(); i++) {
            anyDifferent |= !Arrays.equals(Files.readAllBytes(first.get(i)), Files.readAllBytes(other.get(i)));
        }
        assertTrue(anyDifferent, "another seed gives another run");
    }

    @Test
    void theCaptureHoldsBothDirectionsWithVirtualTimestamps() throws IOException {
        LinkProfile link = LinkProfile.builder().latencyNanos(1_500_000_000L).build();
        Path file = dir.resolve("a.pcapng");
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MACS[0], link);
            SimPort b = sw.attach("b", MACS[1], link);
            network.recordLink(a, file);
            Frames.send(a, MacAddress.BROADCAST, 1, 1, 60);
            network.runUntilIdle();
            Frames.send(b, MACS[0], 2, 1, 70);
            network.runUntilIdle();
            Frames.receiveAll(a);
            Frames.receiveAll(b);
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertTrue(reader.next());
            assertEquals(LinkType.ETHERNET, reader.link());
            assertEquals(0, reader.timestampSeconds());
            assertEquals(0, reader.timestampNanos());
            assertEquals(60, reader.capturedLength());
            assertTrue(reader.next());
            // b sent at 3 s (the broadcast took two hops of 1.5 s); it reached a two hops later, at 6 s.
            assertEquals(6, reader.timestampSeconds());
            assertEquals(0, reader.timestampNanos());
            assertEquals(70, reader.capturedLength());
            assertFalse(reader.next());
        }
    }

    /** Three hosts exchanging seeded random traffic over impaired links, each port recorded. */
    private static List<Path> run(Path into, long seed) throws IOException {
        Files.createDirectories(into);
        ImpairmentProfile faults = ImpairmentProfile.builder().loss(2).gilbertElliott(1, 30, 50)
                .duplicate(2).corrupt(2).reorder(5, 20_000).seed(seed).build();
        LinkProfile link = LinkProfile.builder().latencyNanos(5_000).bandwidthBitsPerSecond(100_000_000L)
                .queueFrames(8).bothWays(faults).build();
        List<Path> files = new ArrayList<>();
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            List<SimPort> hosts = new ArrayList<>();
            for (int i = 0; i < MACS.length; i++) {
                SimPort host = sw.attach("h" + i, MACS[i], link);
                Path file = into.resolve("h" + i + ".pcapng");
                network.recordLink(host, file);
                files.add(file);
                hosts.add(host);
            }
            SplittableRandom traffic = new SplittableRandom(seed);
            for (int step = 0; step < 300; step++) {
                int from = traffic.nextInt(hosts.size());
                int to = traffic.nextInt(hosts.size() + 1);
                long destination = to == hosts.size() ? MacAddress.BROADCAST : MACS[to];
                Frames.send(hosts.get(from), destination, step, 1 + traffic.nextInt(3), 60 + traffic.nextInt(1400));
                long next = Math.min(network.nextEventTime(), network.now() + traffic.nextInt(50_000));
                network.advanceTo(Math.max(next, network.now()));
                for (SimPort host : hosts) {
                    Frames.receiveAll(host);
                }
            }
            network.runUntilIdle();
            for (SimPort host : hosts) {
                Frames.receiveAll(host);
            }
        }
        return files;
    }
}
