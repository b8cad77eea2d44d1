package org.margay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.margay.decode.Dissector;
import org.margay.net.common.InternetChecksum;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpSegment;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-layer costs on one frame of the benchmark capture (a 66–128-byte Ethernet/IPv4/TCP frame with the
 * timestamps option), in nanoseconds per call, to tell where a packet's time goes; and the Internet checksum
 * over 1460 bytes (one full-size TCP payload), the cost a checksum-verifying decode adds per large segment.
 *
 * <p>The frame stays hot in L1: these are lower bounds, the capture benchmarks ({@link DecodeBench}) add the
 * memory traffic of a real pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerBench {
    private static final int CHECKSUM_BYTES = 1460;

    private final Arena arena = Arena.ofShared();
    private MemorySegment frame;
    private int frameLength;
    private MemorySegment payload1460;
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();
    private final TcpOptions tcpOptions = new TcpOptions();
    private final Dissector dissector = new Dissector(false);

    @Setup(Level.Trial)
    public void setUp() {
        try {
            Path file = Files.createTempFile("margay-layer-", ".pcap");
            try {
                SmallTcpCapture.write(file, 16, SmallTcpCapture.SEED);
                try (CaptureReader reader = CaptureReader.open(file)) {
                    // The first data segment (payload > 0) of the capture.
                    while (reader.next()) {
                        if (reader.capturedLength() > 66) {
                            frameLength = reader.capturedLength();
                            frame = arena.allocate(frameLength, 8);
                            frame.copyFrom(reader.data());
                            break;
                        }
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (frame == null) {
            throw new IllegalStateException("no data segment in the first 16 packets");
        }
        payload1460 = arena.allocate(CHECKSUM_BYTES, 8);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < CHECKSUM_BYTES; i++) {
            payload1460.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
        }
        ip.wrap(frame, EthernetFrame.HEADER_LENGTH, frameLength - EthernetFrame.HEADER_LENGTH);
        tcp.wrap(frame, ip.payloadOffset(), ip.payloadLength());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Ethernet: wrap and check (VLAN tag walk), then the innermost EtherType. */
    @Benchmark
    public int ethernetCheck() {
        EthernetFrame f = ethernet.wrap(frame, 0, frameLength);
        return f.check() == WireStatus.OK ? f.innermostEtherType() : -1;
    }

    /** IPv4: wrap and check (version, IHL, total length, options). */
    @Benchmark
    public int ipv4Check() {
        Ipv4Packet p = ip.wrap(frame, EthernetFrame.HEADER_LENGTH, frameLength - EthernetFrame.HEADER_LENGTH);
        return p.check() == WireStatus.OK ? p.protocol() : -1;
    }

    /** TCP: wrap, header check and option parse (the timestamps option). */
    @Benchmark
    public long tcpCheckAndOptions() {
        TcpSegment s = tcp.wrap(frame, ip.payloadOffset(), ip.payloadLength());
        return tcpOptions.parse(s) == WireStatus.OK ? tcpOptions.timestampValue() : -1;
    }

    /** All three views in a row: what {@link DecodeBench#memoryViews} does per packet. */
    @Benchmark
    public long viewsEthernetIpv4Tcp() {
        EthernetFrame f = ethernet.wrap(frame, 0, frameLength);
        if (f.check() != WireStatus.OK) {
            return -1;
        }
        Ipv4Packet p = ip.wrap(frame, f.payloadOffset(), f.payloadLength());
        if (p.check() != WireStatus.OK) {
            return -2;
        }
        TcpSegment s = tcp.wrap(frame, p.payloadOffset(), p.payloadLength());
        return tcpOptions.parse(s) == WireStatus.OK ? tcpOptions.timestampValue() : -3;
    }

    /** The dissector on the same frame, checksums not verified. */
    @Benchmark
    public int dissector() {
        return dissector.dissect(LinkType.ETHERNET.value(), frame, 0, frameLength, frameLength)
                .tcpOptions().timestampValue();
    }

    /** RFC 1071 sum over 1460 bytes. */
    @Benchmark
    public int checksum1460() {
        return InternetChecksum.sum(payload1460, 0, CHECKSUM_BYTES, 0);
    }
}
