package org.margay.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.net.common.WireStatus;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpSegment;
import org.margay.pcap.CaptureReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse-only decode of the whole {@link SmallTcpCapture} (issue #2): one operation is one packet, one invocation
 * is one pass over the {@link SmallTcpCapture#PACKETS} packets, so the score is packets per second.
 *
 * <p>"Parse only" means what {@code tshark -r FILE -T fields -e frame.number -e tcp.seq_raw} must do: read the
 * records, walk Ethernet, IPv4 and TCP (header checks and the option walk) and hand on a field; no checksum
 * verification (tshark does not verify TCP or IPv4 checksums by default either), no text. Each packet's result
 * goes to the {@link Blackhole}, so nothing can be optimised away.
 *
 * <ul>
 *   <li>{@link #readerDissector}: the headline, {@code margay decode} without output: {@link CaptureReader} reads
 *       the file (from the page cache) and {@link Dissector} dissects each record.</li>
 *   <li>{@link #memoryDissector}: the same dissection over the file already in memory (no reader, no I/O).</li>
 *   <li>{@link #memoryDissectorChecksums}: as above, also verifying the IPv4 and TCP checksums.</li>
 *   <li>{@link #memoryViews}: the wire views called directly, without the dissector's bookkeeping.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DecodeBench {
    private BenchCapture capture;
    private final Dissector parseOnly = new Dissector(false);
    private final Dissector verifying = new Dissector(true);
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();
    private final TcpOptions tcpOptions = new TcpOptions();

    @Setup(Level.Trial)
    public void load() {
        capture = BenchCapture.open();
    }

    @TearDown(Level.Trial)
    public void unload() {
        capture.close();
    }

    @Benchmark
    @OperationsPerInvocation(SmallTcpCapture.PACKETS)
    public long readerDissector(Blackhole blackhole) throws IOException {
        long packets = 0;
        try (CaptureReader reader = CaptureReader.open(capture.path())) {
            while (reader.next()) {
                Dissection d = parseOnly.dissect(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength(), reader.originalLength());
                blackhole.consume(fields(d));
                packets++;
            }
        }
        return packets;
    }

    @Benchmark
    @OperationsPerInvocation(SmallTcpCapture.PACKETS)
    public void memoryDissector(Blackhole blackhole) {
        dissectAll(parseOnly, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(SmallTcpCapture.PACKETS)
    public void memoryDissectorChecksums(Blackhole blackhole) {
        dissectAll(verifying, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(SmallTcpCapture.PACKETS)
    public void memoryViews(Blackhole blackhole) {
        BenchCapture c = capture;
        MemorySegment bytes = c.bytes();
        long end = bytes.byteSize();
        for (long record = BenchCapture.firstRecord(); record < end; record = c.next(record)) {
            blackhole.consume(viewFields(bytes, BenchCapture.packetOffset(record), c.capturedLength(record)));
        }
    }

    private void dissectAll(Dissector dissector, Blackhole blackhole) {
        BenchCapture c = capture;
        MemorySegment bytes = c.bytes();
        int linkType = c.linkType();
        long end = bytes.byteSize();
        for (long record = BenchCapture.firstRecord(); record < end; record = c.next(record)) {
            Dissection d = dissector.dissect(linkType, bytes, BenchCapture.packetOffset(record),
                    c.capturedLength(record), c.originalLength(record));
            blackhole.consume(fields(d));
        }
    }

    /** What a parse-only consumer takes from a dissection: the TCP sequence number and TS value, or a status. */
    static long fields(Dissection d) {
        if (d.transport() != Dissection.Transport.TCP || d.transportStatus() != WireStatus.OK) {
            return -1;
        }
        return ((long) d.tcp().sequenceNumber() << 32) ^ d.tcpOptions().timestampValue()
                ^ d.transportChecksum().ordinal();
    }

    /** Ethernet check, IPv4 check, TCP header check and option parse through the views; the same fields. */
    private long viewFields(MemorySegment bytes, long at, int length) {
        EthernetFrame frame = ethernet.wrap(bytes, at, length);
        if (frame.check() != WireStatus.OK || frame.innermostEtherType() != EtherType.IPV4) {
            return -1;
        }
        Ipv4Packet packet = ip.wrap(bytes, frame.payloadOffset(), frame.payloadLength());
        if (packet.check() != WireStatus.OK || packet.protocol() != IpProtocol.TCP) {
            return -2;
        }
        TcpSegment segment = tcp.wrap(bytes, packet.payloadOffset(), packet.payloadLength());
        if (tcpOptions.parse(segment) != WireStatus.OK) {
            return -3;
        }
        return ((long) segment.sequenceNumber() << 32) ^ tcpOptions.timestampValue();
    }
}
