package org.margay.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.margay.net.common.Ipv4Address;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetFrame;
import org.margay.net.ethernet.EthernetRepr;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.ipv4.Ipv4Repr;
import org.margay.net.tcp.TcpOptionSet;
import org.margay.net.tcp.TcpRepr;
import org.margay.net.tcp.TcpSegment;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.LinkType;
import org.margay.pcap.TimestampResolution;

/**
 * Writes the benchmark capture of issue #2: a classic pcap (µs timestamps, Ethernet link type) of small TCP
 * segments, all Ethernet II / IPv4 (20-byte header, DF) / TCP with the timestamps option (NOP NOP TS, RFC 7323
 * §3, so a 32-byte TCP header), with valid IPv4 and TCP checksums.
 *
 * <p>The traffic is {@link #FLOWS} established connections from clients {@code 10.0.0.1..} to a server
 * {@code 10.0.1.1:443}; each packet picks a flow and a direction at random: a data segment (ACK|PSH, 1–62 payload
 * bytes, frames of 67–128 bytes) or a pure ACK (66 bytes). Sequence, acknowledgment and timestamp values advance
 * as in a real conversation. Everything is derived from the seed: the same seed gives the same bytes.
 *
 * <p>Cold path: built with the project's reprs ({@link EthernetRepr}, {@link Ipv4Repr}, {@link TcpRepr}) and
 * {@link CaptureWriter}; about 1 s per million packets. The capture file is about 26 MB.
 */
public final class SmallTcpCapture {
    /**
     * Packets in the standard benchmark capture (the benchmarks' {@code @OperationsPerInvocation}). A quarter of a
     * million, not a million, because tshark needs about 7 s per 250,000 of these packets on a 2-vCPU VM and the
     * runner times it ten times; Margay's rate does not depend on the file's length (one pass is 40 ms).
     */
    public static final int PACKETS = 250_000;
    /** Connections in the capture. */
    public static final int FLOWS = 8;
    /** The seed of the standard capture. */
    public static final long SEED = 2;
    /** The largest frame written: 14 + 20 + 32 + 62. */
    public static final int MAX_FRAME = 128;

    private static final int TCP_HEADER = TcpSegment.MIN_HEADER_LENGTH + 12;
    private static final int HEADERS = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + TCP_HEADER;
    private static final int MAX_PAYLOAD = MAX_FRAME - HEADERS;
    private static final int SERVER = Ipv4Address.parse("10.0.1.1");
    private static final int SERVER_PORT = 443;
    private static final long SERVER_MAC = 0x02_00_00_00_01_01L;
    private static final long START_SECONDS = 1_750_000_000L;

    private SmallTcpCapture() {
    }

    /** Writes {@code packets} frames to {@code file} (created or truncated) from {@code seed}; returns the bytes written. */
    public static long write(Path file, int packets, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Flow[] flows = new Flow[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            flows[i] = new Flow(i, random);
        }
        long nanosSinceStart = 0;
        try (Arena arena = Arena.ofConfined();
             CaptureWriter writer = CaptureWriter.pcap(file, LinkType.ETHERNET.value(), TimestampResolution.MICROSECONDS)) {
            MemorySegment frame = arena.allocate(MAX_FRAME);
            for (int n = 0; n < packets; n++) {
                Flow flow = flows[random.nextInt(FLOWS)];
                boolean fromClient = random.nextBoolean();
                boolean data = random.nextInt(3) != 0; // two data segments for every pure ACK
                int payload = data ? 1 + random.nextInt(MAX_PAYLOAD) : 0;
                nanosSinceStart += 2_000 + random.nextInt(20_000);
                int length = flow.emit(frame, fromClient, payload, nanosSinceStart, random);
                long micros = nanosSinceStart / 1_000;
                writer.write(0, START_SECONDS + micros / 1_000_000, (int) (micros % 1_000_000) * 1_000,
                        frame.asSlice(0, length));
            }
        }
        return java.nio.file.Files.size(file);
    }

    /** One connection's state: both directions' next sequence number, IP identification and TS clock. */
    private static final class Flow {
        private final int client;
        private final int clientPort;
        private final long clientMac;
        private int clientSeq;
        private int serverSeq;
        private int clientId;
        private int serverId;
        private final int clientTsBase;
        private final int serverTsBase;

        Flow(int index, SplittableRandom random) {
            this.client = Ipv4Address.parse("10.0.0." + (index + 1));
            this.clientPort = 40_000 + random.nextInt(20_000);
            this.clientMac = 0x02_00_00_00_00_01L + index;
            this.clientSeq = random.nextInt();
            this.serverSeq = random.nextInt();
            this.clientId = random.nextInt(0x10000);
            this.serverId = random.nextInt(0x10000);
            this.clientTsBase = random.nextInt();
            this.serverTsBase = random.nextInt();
        }

        /** Writes one frame at offset 0 of {@code frame}; returns its length. */
        int emit(MemorySegment frame, boolean fromClient, int payload, long nanosSinceStart,
                 SplittableRandom random) {
            int millis = (int) (nanosSinceStart / 1_000_000);
            int source = fromClient ? client : SERVER;
            int destination = fromClient ? SERVER : client;
            int tsValue = (fromClient ? clientTsBase : serverTsBase) + millis;
            int tsEcho = (fromClient ? serverTsBase : clientTsBase) + Math.max(0, millis - 1);
            int seq = fromClient ? clientSeq : serverSeq;
            int ack = fromClient ? serverSeq : clientSeq;
            int flags = TcpSegment.ACK | (payload > 0 ? TcpSegment.PSH : 0);
            // RFC 7323 §3: the timestamps option on every segment of the connection.
            TcpOptionSet options = new TcpOptionSet(OptionalInt.empty(), OptionalInt.empty(), false,
                    Optional.of(new TcpOptionSet.Timestamps(tsValue, tsEcho)), List.of());
            TcpRepr tcp = new TcpRepr(fromClient ? clientPort : SERVER_PORT, fromClient ? SERVER_PORT : clientPort,
                    seq, ack, flags, 502 + random.nextInt(64), 0, options, payload);
            int ipAt = EthernetFrame.HEADER_LENGTH;
            int tcpAt = ipAt + Ipv4Packet.MIN_HEADER_LENGTH;
            int payloadAt = tcpAt + tcp.headerLength();
            for (int i = 0; i < payload; i++) {
                frame.set(ValueLayout.JAVA_BYTE, payloadAt + i, (byte) random.nextInt(256));
            }
            new EthernetRepr(fromClient ? SERVER_MAC : clientMac, fromClient ? clientMac : SERVER_MAC, EtherType.IPV4)
                    .emit(frame, 0);
            int id = fromClient ? clientId++ : serverId++;
            new Ipv4Repr(0, id & 0xFFFF, true, false, 0, 64, IpProtocol.TCP, source, destination, null,
                    tcp.totalLength()).emit(frame, ipAt);
            tcp.emit(frame, tcpAt, source, destination);
            if (fromClient) {
                clientSeq += payload;
            } else {
                serverSeq += payload;
            }
            return payloadAt + payload;
        }
    }
}
