package org.margay.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.net.icmp.IcmpType;
import org.margay.net.ipv4.IpProtocol;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpState;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class IcmpAndIpTest {
    private static final long MAC_A = LoopbackPair.DEFAULT_MAC_A;
    private static final long MAC_B = LoopbackPair.DEFAULT_MAC_B;

    /** a knows b statically, so a's first segment goes out without ARP; b's stack is never polled. */
    private static TwoHosts aloneWithStaticArp() {
        return new TwoHosts(a -> a.staticArp(TwoHosts.B, MAC_B).gratuitousArp(false), b -> { });
    }

    private static byte[] onlyIpFrame(List<byte[]> frames) {
        for (byte[] f : frames) {
            if (f[12] == 0x08 && f[13] == 0x00) {
                return f;
            }
        }
        throw new AssertionError("no IPv4 frame among " + frames.size());
    }

    @Test
    void portUnreachableAbortsConnectionInSynSent() {
        try (TwoHosts hosts = aloneWithStaticArp()) {
            TcpConnection c = hosts.a.tcp().connect(TwoHosts.B, 80);
            hosts.a.poll();
            byte[] syn = onlyIpFrame(RawFrames.receiveAll(hosts.pair.b()));
            // RFC 1122 §4.2.3.9: port unreachable is a hard error; in SYN-SENT it aborts the connection.
            byte[] icmp = RawFrames.icmpError(IcmpType.DESTINATION_UNREACHABLE, IcmpType.UNREACH_PORT, syn, 14, 28);
            RawFrames.send(hosts.pair.b(), RawFrames.ipv4(MAC_A, MAC_B, TwoHosts.B, TwoHosts.A, IpProtocol.ICMP, icmp));
            hosts.a.poll();
            assertEquals(TcpState.CLOSED, c.state());
            assertEquals(TcpError.ECONNREFUSED, c.error());
            assertEquals(1, hosts.a.stats().icmpErrorsReceived());
        }
    }

    @Test
    void hostUnreachableIsASoftError() {
        try (TwoHosts hosts = aloneWithStaticArp()) {
            TcpConnection c = hosts.a.tcp().connect(TwoHosts.B, 80);
            hosts.a.poll();
            byte[] syn = onlyIpFrame(RawFrames.receiveAll(hosts.pair.b()));
            byte[] icmp = RawFrames.icmpError(IcmpType.DESTINATION_UNREACHABLE, IcmpType.UNREACH_HOST, syn, 14, 28);
            RawFrames.send(hosts.pair.b(), RawFrames.ipv4(MAC_A, MAC_B, TwoHosts.B, TwoHosts.A, IpProtocol.ICMP, icmp));
            hosts.a.poll();
            assertEquals(TcpState.SYN_SENT, c.state()); // RFC 5927 §4.1: soft errors are only reported
            assertEquals(TcpError.EHOSTUNREACH, c.softError());
        }
    }

    @Test
    void unknownProtocolGetsProtocolUnreachable() {
        try (TwoHosts hosts = new TwoHosts(a -> { }, b -> b.staticArp(TwoHosts.A, MAC_A))) {
            RawFrames.send(hosts.pair.a(), RawFrames.ipv4(MAC_B, MAC_A, TwoHosts.A, TwoHosts.B, 99, new byte[12]));
            hosts.b.poll();
            assertEquals(1, hosts.b.stats().ipUnknownProtocol());
            assertEquals(1, hosts.b.stats().icmpErrorsSent());
            byte[] error = onlyIpFrame(RawFrames.receiveAll(hosts.pair.a()));
            assertEquals(IcmpType.DESTINATION_UNREACHABLE, error[34] & 0xFF);
            assertEquals(IcmpType.UNREACH_PROTOCOL, error[35] & 0xFF);
        }
    }

    @Test
    void badHeaderChecksumAndForeignFramesAreCounted() {
        try (TwoHosts hosts = new TwoHosts()) {
            byte[] frame = RawFrames.ipv4(MAC_B, MAC_A, TwoHosts.A, TwoHosts.B, IpProtocol.UDP, new byte[8]);
            frame[14 + 10] ^= 1; // checksum
            RawFrames.send(hosts.pair.a(), frame);
            RawFrames.send(hosts.pair.a(), RawFrames.ipv4(0x02_00_00_00_00_99L, MAC_A, TwoHosts.A, TwoHosts.B,
                    IpProtocol.UDP, new byte[8]));
            RawFrames.send(hosts.pair.a(), RawFrames.ipv4(MAC_B, MAC_A, TwoHosts.A, 0x0A000063, IpProtocol.UDP,
                    new byte[8]));
            hosts.b.poll();
            assertEquals(1, hosts.b.stats().ipBadChecksum());
            assertEquals(1, hosts.b.stats().rxNotForUs());
            assertEquals(1, hosts.b.stats().ipNotForUs());
            assertEquals(3, hosts.b.stats().totalDrops());
        }
    }

    @Test
    void arpRequestsForOwnAddressAreAnsweredAndAnnouncedAtStart() {
        try (TwoHosts hosts = new TwoHosts()) {
            hosts.a.poll(); // gratuitous ARP
            List<byte[]> announced = RawFrames.receiveAll(hosts.pair.b());
            assertEquals(1, announced.size());
            assertEquals(0x06, announced.get(0)[13]); // EtherType ARP
            assertEquals(1, hosts.a.stats().arpRequestsSent());
            // b asks for a
            hosts.b.ping(TwoHosts.A, 1, 1, 0);
            hosts.b.poll();
            hosts.a.poll();
            assertEquals(1, hosts.a.stats().arpRepliesSent());
        }
    }

    @Test
    void arpWhoseSenderDisagreesWithTheFrameSourceIsDropped() {
        try (TwoHosts hosts = new TwoHosts()) {
            byte[] f = new byte[60];
            java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(f);
            org.margay.net.common.Bytes.u48(s, 0, MAC_B);
            org.margay.net.common.Bytes.u48(s, 6, MAC_A);
            org.margay.net.common.Bytes.u16(s, 12, 0x0806);
            new org.margay.net.arp.ArpPacket().wrap(s, 14, 28).ethernetIpv4()
                    .operation(org.margay.net.arp.ArpOperation.REPLY).senderMac(MAC_A ^ 0x40).senderIp(TwoHosts.A)
                    .targetMac(MAC_B).targetIp(TwoHosts.B);
            RawFrames.send(hosts.pair.a(), f);
            hosts.b.poll();
            assertEquals(1, hosts.b.stats().arpSenderMismatch());
            assertEquals(org.margay.net.arp.cache.ArpCache.STATE_NONE, hosts.b.arpCache().state(TwoHosts.A));
        }
    }

    @Test
    void randomFramesNeverCrashTheStack() {
        try (TwoHosts hosts = new TwoHosts()) {
            QuickTheory.qt().withExamples(2000)
                    .forAll(SourceDSL.integers().between(0, 1600), SourceDSL.longs().all(), SourceDSL.integers().between(0, 3))
                    .checkAssert((length, seed, kind) -> {
                        byte[] f = new byte[length];
                        new Random(seed).nextBytes(f);
                        if (length >= 14) {
                            // aim at b often, with a plausible EtherType, so the upper layers get exercised
                            if (kind > 0) {
                                System.arraycopy(new byte[] {2, 0, 0, 0, 0, 2}, 0, f, 0, 6);
                            }
                            if (kind == 1) {
                                f[12] = 0x08;
                                f[13] = 0x06;
                            } else if (kind >= 2 && length >= 34) {
                                f[12] = 0x08;
                                f[13] = 0x00;
                                f[14] = 0x45;
                                f[23] = (byte) (kind == 2 ? IpProtocol.TCP : IpProtocol.UDP);
                            }
                        }
                        RawFrames.send(hosts.pair.a(), f);
                        hosts.b.poll();
                        RawFrames.receiveAll(hosts.pair.a());
                    });
            assertTrue(hosts.b.stats().framesReceived() >= 2000);
            assertEquals(1024, hosts.pair.b().pool().available() + hosts.pair.b().pool().outstanding());
        }
    }
}
