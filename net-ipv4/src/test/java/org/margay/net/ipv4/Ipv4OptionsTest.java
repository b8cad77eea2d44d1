package org.margay.net.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.WireStatus;
import org.margay.net.ipv4.Ipv4Options.Problem;

/** The option walker: every kind RFC 791 names, Router Alert, and malformed options. */
class Ipv4OptionsTest {

    private final Ipv4Options options = new Ipv4Options();

    private Ipv4Options walk(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        return options.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    /** Walks to the end and returns the first problem. */
    private static Problem drain(Ipv4Options cursor) {
        while (cursor.next()) {
            // keep walking
        }
        return cursor.problem();
    }

    @Test
    void emptyRegionHasNoOptions() {
        assertFalse(walk("").next());
        assertEquals(WireStatus.OK, options.status());
    }

    @Test
    void nopAndEolAreSingleOctetsAndEolEndsTheWalk() {
        Ipv4Options cursor = walk("01 01 00 07 00 ff");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.NOP, cursor.kind());
        assertEquals(1, cursor.length());
        assertTrue(cursor.next());
        assertEquals(1, cursor.offset());
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.EOL, cursor.kind());
        assertEquals(2, cursor.relativeOffset());
        assertFalse(cursor.next(), "what follows EOL is padding, even if it looks like a broken option");
        assertEquals(WireStatus.OK, cursor.status());
        assertTrue(Ipv4Options.validate(MemorySegment.ofArray(HexFormat.of().parseHex("010100070Aff")), 0, 6));
    }

    @Test
    void recordRouteEmptyAndFull() {
        Ipv4Options cursor = walk("07 0b 04 00000000 00000000 00");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.RR, cursor.kind());
        assertEquals(11, cursor.length());
        assertEquals(4, cursor.pointer());
        assertEquals(2, cursor.routeAddressCount());
        assertEquals(0, cursor.routeFilledCount());
        assertFalse(cursor.copied());
        assertEquals(Problem.NONE, cursor.optionProblem());
        assertEquals("RR", Ipv4Options.name(cursor.kind()));

        cursor = walk("07 0b 0c 0a000001 0a000002 00");
        assertTrue(cursor.next());
        assertEquals(12, cursor.pointer(), "pointer past the length: the route data area is full");
        assertEquals(2, cursor.routeFilledCount());
        assertEquals(Ipv4Address.parse("10.0.0.1"), cursor.routeAddress(0));
        assertEquals(Ipv4Address.parse("10.0.0.2"), cursor.routeAddress(1));
        assertEquals(Problem.NONE, drain(cursor));
    }

    @Test
    void sourceRoutesAreCopiedControlOptions() {
        Ipv4Options cursor = walk("83 07 08 c0000201 01 89 07 04 c0000202 01 01 01");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.LSRR, cursor.kind());
        assertTrue(cursor.copied());
        assertEquals(0, cursor.optionClass());
        assertEquals(3, cursor.number());
        assertEquals(1, cursor.routeFilledCount());
        assertEquals(Ipv4Address.parse("192.0.2.1"), cursor.routeAddress(0));
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.NOP, cursor.kind());
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.SSRR, cursor.kind());
        assertEquals(9, cursor.number());
        assertEquals(0, cursor.routeFilledCount());
        assertEquals(Problem.NONE, drain(cursor));
        assertEquals(WireStatus.OK, cursor.status());
    }

    @Test
    void routePointerRules() {
        assertEquals(Problem.BAD_POINTER, drain(walk("07 07 03 00000000 00")), "below 4");
        assertEquals(Problem.BAD_POINTER, drain(walk("83 07 05 00000000 00")), "not on an address slot");
        assertEquals(Problem.BAD_POINTER, drain(walk("89 07 0c 00000000 00")), "beyond length + 1");
        assertEquals(Problem.NONE, drain(walk("89 07 08 00000000 00")), "exactly length + 1: full");
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("07 08 04 00000000 00 00000000")), "not 3 + 4n");
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("07 02 00 00")), "no room for the pointer");
    }

    @Test
    void contentProblemDoesNotStopTheWalk() {
        Ipv4Options cursor = walk("07 07 03 00000000 94 04 0000");
        assertTrue(cursor.next());
        assertEquals(Problem.BAD_POINTER, cursor.optionProblem());
        assertEquals(WireStatus.BAD_OPTION, cursor.status());
        assertEquals(0, cursor.problemOffset());
        assertTrue(cursor.next(), "the length still frames the option, so the next one is found");
        assertEquals(Ipv4Options.RA, cursor.kind());
        assertEquals(Problem.NONE, cursor.optionProblem());
        assertEquals(Problem.BAD_POINTER, cursor.problem());
    }

    @Test
    void timestampOnly() {
        Ipv4Options cursor = walk("44 0c 09 30 00000064 00000000");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.TS, cursor.kind());
        assertEquals(2, cursor.optionClass());
        assertEquals(4, cursor.number());
        assertEquals(9, cursor.pointer());
        assertEquals(3, cursor.timestampOverflow());
        assertEquals(Ipv4Options.TS_ONLY, cursor.timestampFlag());
        assertEquals(4, cursor.timestampEntrySize());
        assertEquals(2, cursor.timestampEntryCount());
        assertEquals(1, cursor.timestampFilledCount());
        assertEquals(100, cursor.timestampValue(0));
        assertEquals(Problem.NONE, cursor.optionProblem());
        assertEquals("timestamp", Ipv4Options.name(Ipv4Options.TS));
    }

    @Test
    void timestampWithAddressesAndPrespecified() {
        Ipv4Options cursor = walk("44 14 0d 01 0a000001 80000001 0a000002 00000000");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.TS_AND_ADDRESS, cursor.timestampFlag());
        assertEquals(8, cursor.timestampEntrySize());
        assertEquals(2, cursor.timestampEntryCount());
        assertEquals(1, cursor.timestampFilledCount());
        assertEquals(Ipv4Address.parse("10.0.0.1"), cursor.timestampAddress(0));
        assertEquals(0x80000001L, cursor.timestampValue(0), "unsigned, high bit = non-standard time");
        assertEquals(Ipv4Address.parse("10.0.0.2"), cursor.timestampAddress(1));
        assertEquals(Problem.NONE, drain(cursor));

        assertEquals(Problem.NONE, drain(walk("44 0c 05 03 0a000001 00000000")));
    }

    @Test
    void timestampRules() {
        assertEquals(Problem.BAD_POINTER, drain(walk("44 08 04 00 00000000")), "below 5");
        assertEquals(Problem.BAD_POINTER, drain(walk("44 0c 07 00 00000000 00000000")), "not on an entry");
        assertEquals(Problem.BAD_POINTER, drain(walk("44 0c 09 01 00000000 00000000")), "8-byte entries: 5 or 13");
        assertEquals(Problem.BAD_POINTER, drain(walk("44 08 0d 00 00000000")), "beyond length + 1");
        assertEquals(Problem.NONE, drain(walk("44 08 09 00 00000000")), "full");
        assertEquals(Problem.BAD_TIMESTAMP_FLAG, drain(walk("44 08 05 02 00000000")));
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("44 0a 05 00 00000000 0000")), "not 4 + 4n");
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("44 08 05 01 00000000")), "not 4 + 8n");
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("44 03 05 00")), "no room for the flags");
    }

    @Test
    void routerAlert() {
        Ipv4Options cursor = walk("94 04 0000");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.RA, cursor.kind());
        assertTrue(cursor.copied());
        assertEquals(0, cursor.routerAlertValue());
        assertEquals("RA", Ipv4Options.name(cursor.kind()));
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("94 03 00 00")));
        assertEquals(Problem.BAD_LENGTH_FOR_KIND, drain(walk("94 06 0000 0000 00 00")));
    }

    @Test
    void securityAndUnknownKindsAreFramedOnly() {
        Ipv4Options cursor = walk("82 0b 000000000000000000 1e 03 ff 00");
        assertTrue(cursor.next());
        assertEquals(Ipv4Options.SECURITY, cursor.kind());
        assertEquals(11, cursor.length());
        assertEquals(9, cursor.dataLength());
        assertEquals(2, cursor.dataOffset());
        assertTrue(cursor.next());
        assertEquals(0x1e, cursor.kind());
        assertEquals(null, Ipv4Options.name(0x1e));
        assertEquals(3, cursor.length());
        assertEquals(Problem.NONE, drain(cursor));
    }

    @Test
    void zeroLengthBreaksTheWalk() {
        Ipv4Options cursor = walk("01 07 00 00");
        assertTrue(cursor.next());
        assertFalse(cursor.next());
        assertEquals(WireStatus.BAD_OPTION, cursor.status());
        assertEquals(Problem.LENGTH_TOO_SMALL, cursor.problem());
        assertTrue(cursor.problem().breaksFraming());
        assertEquals(1, cursor.problemOffset());
        assertEquals(Ipv4Options.RR, cursor.kind());
        assertEquals(0, cursor.length(), "the claimed length, for '[bad length 0]'");
        assertFalse(cursor.next(), "stays finished");
    }

    @Test
    void lengthOneBreaksTheWalk() {
        assertEquals(Problem.LENGTH_TOO_SMALL, drain(walk("44 01 00 00")));
    }

    @Test
    void overrunBreaksTheWalk() {
        Ipv4Options cursor = walk("01 01 07 0b 04 00 00 00");
        assertEquals(Problem.OVERRUNS_REGION, drain(cursor));
        assertEquals(2, cursor.problemOffset());
        assertEquals(11, cursor.length());
    }

    @Test
    void missingLengthOctetBreaksTheWalk() {
        assertEquals(Problem.MISSING_LENGTH, drain(walk("01 01 01 07")));
    }

    @Test
    void rewindForgetsProblems() {
        Ipv4Options cursor = walk("07 00");
        assertEquals(Problem.LENGTH_TOO_SMALL, drain(cursor));
        cursor.rewind();
        assertEquals(WireStatus.OK, cursor.status());
        assertFalse(cursor.next());
        assertEquals(Problem.LENGTH_TOO_SMALL, cursor.problem());
    }

    @Test
    void packetCheckUsesTheSameRules() {
        for (String bad : new String[] {"07000000", "94030000", "44080402", "0103 0b00"}) {
            MemorySegment segment = MemorySegment.ofArray(new byte[24]);
            Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 24).version(4).ihl(6).totalLength(24);
            MemorySegment.copy(MemorySegment.ofArray(HexFormat.of().parseHex(bad.replace(" ", ""))), 0, segment, 20, 4);
            assertEquals(WireStatus.BAD_OPTION, ip.check(), bad);
            Ipv4Options cursor = ip.options(new Ipv4Options());
            assertTrue(drain(cursor) != Problem.NONE, bad);
        }
        MemorySegment segment = MemorySegment.ofArray(new byte[24]);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, 24).version(4).ihl(6).totalLength(24);
        MemorySegment.copy(MemorySegment.ofArray(HexFormat.of().parseHex("94040000")), 0, segment, 20, 4);
        assertEquals(WireStatus.OK, ip.check());
        Ipv4Options cursor = new Ipv4Options().wrap(ip);
        assertTrue(cursor.next());
        assertEquals(20, cursor.offset());
        assertEquals(Ipv4Options.RA, cursor.kind());
    }
}
