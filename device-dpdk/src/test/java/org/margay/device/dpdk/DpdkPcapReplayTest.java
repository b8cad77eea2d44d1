package org.margay.device.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.margay.testkit.Capabilities;

/**
 * A Margay stack over DPDK's {@code net_pcap} virtual device: it reads an ARP request and ICMP echo requests from
 * one capture file (replay) and writes what it sends to another (record), which must then hold one ARP reply and
 * one valid echo reply per request. The frames are built here byte by byte, and the recorded file is read back
 * with nothing but its format (libpcap's classic header and records), so the check does not trust Margay's own
 * codecs.
 */
class DpdkPcapReplayTest {
    private static final int ME = Ipv4Address.parse("10.11.0.2");
    private static final int PEER = Ipv4Address.parse("10.11.0.1");
    private static final long MY_MAC = MacAddress.parse("02:00:00:0b:00:02");
    private static final long PEER_MAC = MacAddress.parse("02:00:00:0b:00:01");
    private static final int PINGS = 5;
    private static final int ECHO_ID = 0x4d47;

    @TempDir
    Path dir;

    @Test
    void repliesToARecordedArpRequestAndPingsAndRecordsTheReplies() throws IOException {
        Capabilities.require(Eal.shimAvailable(), String.valueOf(Eal.unavailableReason()));
        try {
            Eal.init();
        } catch (DpdkUnavailableException e) {
            Capabilities.require(false, "the DPDK EAL does not start here: " + e.getMessage());
        }
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        List<byte[]> frames = new ArrayList<>();
        frames.add(arpRequest());
        for (int seq = 1; seq <= PINGS; seq++) {
            frames.add(echoRequest(seq));
        }
        writePcap(in, frames);

        DpdkDevice device = DpdkDevices.probe("net_pcap" + ProcessHandle.current().pid() % 1000
                + ",rx_pcap=" + in + ",tx_pcap=" + out);
        VirtualClock clock = new VirtualClock();
        InetStack stack = new InetStack(StackConfig.builder().mac(MY_MAC).address(ME, 24).build(), device, clock);
        try {
            for (int i = 0; i < 10_000 && stack.stats().icmpEchoRepliesSent() < PINGS; i++) {
                clock.advance(100_000);
                stack.poll();
            }
            assertEquals(PINGS, stack.stats().icmpEchoRepliesSent(), () -> "replies sent; " + stack.stats());
        } finally {
            stack.close();
            device.close(); // closes the tx pcap file
        }

        int arpReplies = 0;
        boolean[] answered = new boolean[PINGS + 1];
        for (byte[] f : readPcap(out)) {
            ByteBuffer b = ByteBuffer.wrap(f);
            assertEquals(MY_MAC, mac(b, 6), "from the stack's MAC");
            int type = b.getShort(12) & 0xFFFF;
            if (mac(b, 0) == MacAddress.BROADCAST) {
                assertEquals(0x0806, type, "only ARP is broadcast (the stack's own announcement or request)");
                continue;
            }
            assertEquals(PEER_MAC, mac(b, 0), "every unicast frame goes to the peer");
            if (type == 0x0806) {
                assertEquals(2, b.getShort(20), "ARP reply (RFC 826)");
                assertEquals(ME, b.getInt(28), "sender protocol address is ours");
                assertEquals(PEER, b.getInt(38), "target is the asker");
                arpReplies++;
            } else {
                assertEquals(0x0800, type);
                assertEquals(0, checksum(f, 14, 20), "IPv4 header checksum verifies");
                assertEquals(1, f[14 + 9], "ICMP");
                assertEquals(PEER, b.getInt(14 + 16));
                int icmp = 34;
                int icmpLength = (b.getShort(16) & 0xFFFF) - 20;
                assertEquals(0, f[icmp], "echo reply (RFC 792)");
                assertEquals(0, checksum(f, icmp, icmpLength), "ICMP checksum verifies");
                assertEquals(ECHO_ID, b.getShort(icmp + 4) & 0xFFFF);
                answered[b.getShort(icmp + 6)] = true;
                assertEquals(56, icmpLength - 8, "payload echoed whole");
            }
        }
        assertEquals(1, arpReplies, "one ARP reply");
        for (int seq = 1; seq <= PINGS; seq++) {
            assertTrue(answered[seq], "echo " + seq + " answered");
        }
    }

    private static byte[] arpRequest() {
        ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, MacAddress.BROADCAST);
        putMac(b, PEER_MAC);
        b.putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        putMac(b, PEER_MAC);
        b.putInt(PEER);
        putMac(b, 0);
        b.putInt(ME);
        return b.array();
    }

    private static byte[] echoRequest(int seq) {
        byte[] f = new byte[14 + 20 + 8 + 56];
        ByteBuffer b = ByteBuffer.wrap(f);
        putMac(b, MY_MAC);
        putMac(b, PEER_MAC);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 56)).putShort((short) seq).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).putInt(PEER).putInt(ME);
        b.putShort(24, (short) checksum(f, 14, 20));
        b.position(34);
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) ECHO_ID).putShort((short) seq);
        for (int i = 0; i < 56; i++) {
            b.put((byte) (seq + i));
        }
        b.putShort(36, (short) checksum(f, 34, 8 + 56));
        return f;
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.put((byte) (mac >>> shift));
        }
    }

    private static long mac(ByteBuffer b, int offset) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (b.get(offset + i) & 0xFF);
        }
        return v;
    }

    /** RFC 1071: the ones' complement of the ones' complement sum; 0 over data that carries a right checksum. */
    private static int checksum(byte[] data, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xFF;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** libpcap's classic format, microseconds, little-endian, Ethernet. */
    private static void writePcap(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int usec = 0;
        for (byte[] f : frames) {
            b.putInt(1_700_000_000).putInt(usec += 1000).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }

    private static List<byte[]> readPcap(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.getInt(0);
        b.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, b.getInt(20), "Ethernet link type");
        List<byte[]> frames = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int captured = b.getInt();
            b.getInt();
            byte[] f = new byte[captured];
            b.get(f);
            frames.add(f);
        }
        return frames;
    }
}
