package org.margay.net.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.common.WireStatus;

/** The no-crash contract: random bytes and every truncation give a status, never an exception. */
class Ipv4RobustnessTest {

    /** Reads everything a decoder would read after the given status, inside the contract. */
    static void readAll(Ipv4Packet ip, WireStatus status) {
        if (status == WireStatus.OK) {
            ip.version();
            ip.ihl();
            ip.dscp();
            ip.ecn();
            ip.totalLength();
            ip.identification();
            ip.flags();
            ip.fragmentOffsetBytes();
            ip.isFragment();
            ip.isFirstFragment();
            ip.ttl();
            ip.protocol();
            ip.headerChecksum();
            ip.source();
            ip.destination();
            ip.checksumValid();
            ip.computeChecksum();
            assertTrue(ip.payloadLength() >= 0);
            assertTrue(ip.payloadOffset() + ip.capturedPayloadLength() <= ip.offset() + ip.availableLength());
        }
        // The option walker is safe whatever check() said.
        Ipv4Options cursor = ip.options(new Ipv4Options());
        while (cursor.next()) {
            assertTrue(cursor.offset() + cursor.length() <= ip.offset() + ip.availableLength());
            cursor.pointer();
            cursor.copied();
            for (int i = 0; i < cursor.routeAddressCount() && (cursor.kind() == 7 || cursor.kind() == 131 || cursor.kind() == 137); i++) {
                cursor.routeAddress(i);
            }
            if (cursor.kind() == Ipv4Options.TS && cursor.length() >= 4) {
                for (int i = 0; i < cursor.timestampEntryCount(); i++) {
                    cursor.timestampValue(i);
                    if (cursor.timestampEntrySize() == 8) {
                        cursor.timestampAddress(i);
                    }
                }
            }
            cursor.routerAlertValue();
            cursor.timestampOverflow();
            cursor.timestampFilledCount();
            cursor.routeFilledCount();
        }
        ip.checksumValid();
        Ipv4Repr.parse(ip, true);
    }

    @Test
    void randomBytesNeverThrow() {
        qt().withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(90)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x40 | (bytes[0] & 0x0F)); // version 4, so the deeper checks run
            }
            if (bytes.length > 3 && random.nextBoolean()) {
                bytes[2] = 0;
                bytes[3] = (byte) bytes.length;
            }
            Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            WireStatus status = ip.check();
            WireStatus header = ip.checkHeader();
            if (status == WireStatus.OK) {
                assertEquals(WireStatus.OK, header);
            }
            readAll(ip, header);
        });
    }

    @Test
    void everyTruncationOfAValidDatagramGivesAStatus() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            Ipv4Repr repr = Ipv4ReprTest.randomRepr(random);
            int total = Math.min(repr.totalLength(), 300);
            repr = new Ipv4Repr(repr.tos(), repr.identification(), repr.dontFragment(), repr.moreFragments(),
                    repr.fragmentOffset(), repr.ttl(), repr.protocol(), repr.source(), repr.destination(),
                    repr.options(), total - repr.headerLength());
            byte[] bytes = new byte[repr.totalLength()];
            repr.emit(MemorySegment.ofArray(bytes), 0);
            for (int length = 0; length <= bytes.length; length++) {
                Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, length);
                WireStatus status = ip.check();
                if (length == bytes.length) {
                    assertEquals(WireStatus.OK, status);
                } else {
                    assertNotEquals(WireStatus.OK, status);
                    if (length >= repr.headerLength()) {
                        assertEquals(WireStatus.OK, ip.checkHeader(), "a cut capture still has its header");
                    }
                }
                readAll(ip, ip.checkHeader());
            }
        });
    }
}
