package org.margay.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.margay.net.common.Ipv4Address;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.LinkType;

/**
 * Guesses whom a capture's traffic is addressed to, so that {@code margay replay} can stand in for that host: the
 * most common unicast IPv4 destination of the Ethernet frames, the MAC those frames were sent to, and the TCP port
 * most SYNs to it asked for.
 *
 * @param address   the most common destination, or 0 when the capture has no unicast IPv4 frame
 * @param mac       the most common destination MAC of frames to {@code address}
 * @param port      the most common destination port of TCP SYNs to {@code address}, or 0
 * @param hits      frames to {@code address}
 * @param ipv4      IPv4 frames seen
 * @param firstNanos the first record's timestamp (nanoseconds since the epoch), or 0 for an empty capture
 */
record CaptureGuess(int address, long mac, int port, long hits, long ipv4, long firstNanos) {
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Reads the whole capture (cold path). Stops quietly at a malformed record: the guess uses what came before. */
    static CaptureGuess of(Path capture) throws IOException {
        Map<Integer, Long> byAddress = new HashMap<>();
        Map<Integer, Map<Long, Long>> macsByAddress = new HashMap<>();
        Map<Integer, Map<Integer, Long>> synsByAddress = new HashMap<>();
        long ipv4 = 0;
        long first = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (true) {
                try {
                    if (!reader.next()) {
                        break;
                    }
                } catch (IOException | RuntimeException e) {
                    break;
                }
                if (reader.recordCount() == 1) {
                    first = reader.timestampSeconds() * 1_000_000_000L + reader.timestampNanos();
                }
                if (reader.link() != LinkType.ETHERNET || reader.capturedLength() < 14 + 20) {
                    continue;
                }
                MemorySegment b = reader.buffer();
                long at = reader.dataOffset();
                if ((b.get(BE_SHORT, at + 12) & 0xFFFF) != 0x0800) {
                    continue;
                }
                ipv4++;
                long ip = at + 14;
                int headerLength = (b.get(ValueLayout.JAVA_BYTE, ip) & 0x0F) * 4;
                int dst = b.get(BE_INT, ip + 16);
                if (dst == Ipv4Address.BROADCAST || Ipv4Address.isMulticast(dst) || dst == 0) {
                    continue;
                }
                byAddress.merge(dst, 1L, Long::sum);
                long mac = 0;
                for (int i = 0; i < 6; i++) {
                    mac = mac << 8 | (b.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF);
                }
                macsByAddress.computeIfAbsent(dst, k -> new HashMap<>()).merge(mac, 1L, Long::sum);
                int protocol = b.get(ValueLayout.JAVA_BYTE, ip + 9) & 0xFF;
                long tcp = ip + headerLength;
                if (protocol == 6 && headerLength >= 20 && reader.capturedLength() >= 14 + headerLength + 14) {
                    int flags = b.get(ValueLayout.JAVA_BYTE, tcp + 13) & 0xFF;
                    if ((flags & 0x12) == 0x02) {   // SYN without ACK
                        int port = b.get(BE_SHORT, tcp + 2) & 0xFFFF;
                        synsByAddress.computeIfAbsent(dst, k -> new HashMap<>()).merge(port, 1L, Long::sum);
                    }
                }
            }
        }
        int best = 0;
        long hits = 0;
        for (Map.Entry<Integer, Long> e : byAddress.entrySet()) {
            if (e.getValue() > hits || (e.getValue() == hits && Integer.compareUnsigned(e.getKey(), best) < 0)) {
                best = e.getKey();
                hits = e.getValue();
            }
        }
        long mac = 0;
        long macHits = 0;
        for (Map.Entry<Long, Long> e : macsByAddress.getOrDefault(best, Map.of()).entrySet()) {
            if (e.getValue() > macHits) {
                mac = e.getKey();
                macHits = e.getValue();
            }
        }
        int port = 0;
        long portHits = 0;
        for (Map.Entry<Integer, Long> e : synsByAddress.getOrDefault(best, Map.of()).entrySet()) {
            if (e.getValue() > portHits || (e.getValue() == portHits && e.getKey() < port)) {
                port = e.getKey();
                portHits = e.getValue();
            }
        }
        return new CaptureGuess(best, mac, port, hits, ipv4, first);
    }
}
