package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;
import static org.margay.fuzz.FuzzBytes.requireEqual;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.margay.net.ipv4.Ipv4Options;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.ipv4.Ipv4Repr;

/**
 * Fuzz targets for {@link Ipv4Packet}, {@link Ipv4Options} and {@link Ipv4Repr}.
 *
 * <p>{@link #ipv4Packet} treats the input as a datagram: no unchecked exception, every accessor in bounds after
 * {@code check()} or {@code checkHeader()} said OK, the same answer at any offset, {@code emit(parse(x))}
 * reproduces the header (but for the checksum and the reserved flag, which the repr does not keep) and parses
 * back equal, and TTL decrement keeps a valid checksum valid (RFC 1624). {@link #ipv4Options} treats the input
 * as an options region and walks it with every typed accessor the current option's kind allows.
 */
class Ipv4FuzzTest {

    @FuzzTest
    void ipv4Packet(byte[] input) {
        Parsed<Ipv4Repr> atZero = examine(FuzzBytes.exact(input), 0, input);
        Parsed<Ipv4Repr> shifted = examine(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
        FuzzBytes.requireSameOutcome(atZero, shifted, input);
        if (atZero instanceof Parsed.Ok<Ipv4Repr>(Ipv4Repr repr)) {
            roundTrip(repr, input);
        }
        decrementTtl(input);
    }

    @FuzzTest
    void ipv4Options(byte[] input) {
        walkOptions(FuzzBytes.exact(input), 0, input);
        walkOptions(FuzzBytes.withHeadroom(input), FuzzBytes.HEADROOM, input);
    }

    private static Parsed<Ipv4Repr> examine(MemorySegment segment, long offset, byte[] input) {
        Ipv4Packet packet = new Ipv4Packet().wrap(segment, offset, input.length);
        WireStatus full = packet.check();
        WireStatus header = packet.checkHeader();
        require(full != WireStatus.OK || header == WireStatus.OK, "check OK but checkHeader " + header, input);
        boolean checksumValid = packet.checksumValid();
        if (header == WireStatus.OK) {
            long sum = packet.version() + packet.ihl() + packet.tos() + packet.dscp() + packet.ecn()
                    + packet.totalLength() + packet.identification() + packet.flags() + packet.fragmentOffset()
                    + packet.fragmentOffsetBytes() + packet.ttl() + packet.protocol() + packet.headerChecksum()
                    + packet.source() + packet.destination() + packet.computeChecksum()
                    + (packet.reservedFlag() ? 1 : 0) + (packet.dontFragment() ? 1 : 0) + (packet.moreFragments() ? 1 : 0)
                    + (packet.isFragment() ? 1 : 0) + (packet.isFirstFragment() ? 1 : 0)
                    + (packet.isCaptureTruncated() ? 1 : 0);
            require(sum != Long.MIN_VALUE, "unreachable", input);
            require(packet.headerLength() >= Ipv4Packet.MIN_HEADER_LENGTH && packet.headerLength() <= input.length,
                    "header length " + packet.headerLength(), input);
            int captured = packet.capturedPayloadLength();
            require(captured >= 0 && packet.payloadOffset() + captured <= offset + input.length,
                    "captured payload past the input", input);
            Ipv4Options cursor = packet.options(new Ipv4Options());
            while (cursor.next()) {
                // the header check walked these options already; walking again must agree
            }
            requireEqual(WireStatus.OK, cursor.status(), "options cursor after checkHeader OK", input);
        }
        if (full == WireStatus.OK) {
            require(packet.payloadLength() >= 0, "negative payload", input);
            require(packet.payloadOffset() + packet.payloadLength() <= offset + input.length, "payload past the input", input);
            requireEqual(packet.payloadLength(), packet.capturedPayloadLength(), "captured payload of a whole datagram", input);
        }
        Parsed<Ipv4Repr> parsed = Ipv4Repr.parse(packet);
        require(parsed.isOk() == (full == WireStatus.OK), "parse disagrees with check " + full, input);
        if (parsed instanceof Parsed.Invalid<Ipv4Repr>(WireStatus why, String detail)) {
            requireEqual(full, why, "parse status", input);
            require(!detail.isEmpty(), "empty detail", input);
        } else {
            require(!parsed.orThrow().toString().isEmpty(), "empty toString", input);
            Parsed<Ipv4Repr> verified = Ipv4Repr.parse(packet, true);
            require(verified.isOk() == checksumValid, "verified parse disagrees with checksumValid", input);
        }
        return parsed;
    }

    private static void roundTrip(Ipv4Repr repr, byte[] input) {
        byte[] out = new byte[repr.totalLength()];
        MemorySegment segment = MemorySegment.ofArray(out);
        requireEqual(repr.headerLength(), repr.emit(segment, 0), "emit's return", input);
        Ipv4Packet emitted = new Ipv4Packet().wrap(segment, 0, out.length);
        require(emitted.checksumValid(), "emitted checksum does not verify", input);
        requireEqual(Parsed.ok(repr), Ipv4Repr.parse(emitted, true), "parse(emit(parse(x)))", input);
        byte[] expected = Arrays.copyOf(input, repr.headerLength());
        expected[Ipv4Packet.FLAGS_FRAGMENT_OFFSET] &= 0x7F; // the reserved flag is written as zero
        byte[] actual = Arrays.copyOf(out, repr.headerLength());
        for (int i = Ipv4Packet.CHECKSUM_OFFSET; i < Ipv4Packet.CHECKSUM_OFFSET + 2; i++) {
            expected[i] = 0;
            actual[i] = 0;
        }
        require(Arrays.equals(expected, actual), "emit(parse(x)) differs from x's header: " + FuzzBytes.hex(actual), input);
    }

    /** RFC 1624: a router's incremental TTL update keeps a valid header checksum valid. */
    private static void decrementTtl(byte[] input) {
        MemorySegment segment = FuzzBytes.exact(input);
        Ipv4Packet packet = new Ipv4Packet().wrap(segment, 0, input.length);
        if (packet.checkHeader() != WireStatus.OK) {
            return;
        }
        boolean validBefore = packet.checksumValid();
        int ttl = packet.ttl();
        int result = packet.decrementTtl();
        requireEqual(ttl == 0 ? -1 : ttl - 1, result, "decrementTtl's answer", input);
        requireEqual(Math.max(0, ttl - 1), packet.ttl(), "TTL after decrement", input);
        if (validBefore) {
            require(packet.checksumValid(), "TTL decrement broke a valid checksum", input);
        }
    }

    private static void walkOptions(MemorySegment segment, long offset, byte[] input) {
        long end = offset + input.length;
        Ipv4Options cursor = new Ipv4Options().wrap(segment, offset, input.length);
        int steps = 0;
        while (cursor.next()) {
            require(++steps <= input.length, "the walk does not advance", input);
            int kind = cursor.kind();
            require(kind >= 0 && kind <= 0xFF, "kind " + kind, input);
            require(cursor.offset() >= offset && cursor.offset() + cursor.length() <= end, "option past the region", input);
            requireEqual((int) (cursor.offset() - offset), cursor.relativeOffset(), "relative offset", input);
            long sum = cursor.optionClass() + cursor.number() + (cursor.copied() ? 1 : 0);
            String name = Ipv4Options.name(kind);
            sum += name == null ? 0 : name.length();
            if (cursor.dataLength() > 0) {
                require(cursor.dataOffset() + cursor.dataLength() <= end, "data past the region", input);
                sum += FuzzBytes.bytes(segment, cursor.dataOffset(), cursor.dataLength()).length;
            }
            if (cursor.optionProblem() == Ipv4Options.Problem.NONE) {
                sum += typedFields(cursor, kind);
            }
            require(sum != Long.MIN_VALUE, "unreachable", input);
        }
        Ipv4Options.Problem problem = cursor.problem();
        requireEqual(problem == Ipv4Options.Problem.NONE ? WireStatus.OK : WireStatus.BAD_OPTION, cursor.status(),
                "status vs problem", input);
        requireEqual(problem == Ipv4Options.Problem.NONE, Ipv4Options.validate(segment, offset, input.length),
                "validate() vs the cursor walk", input);
        if (problem != Ipv4Options.Problem.NONE) {
            require(cursor.problemOffset() >= offset && cursor.problemOffset() < end, "problem offset", input);
        }
        cursor.rewind();
        int again = 0;
        while (cursor.next()) {
            again++;
        }
        requireEqual(steps, again, "options after rewind", input);
    }

    private static long typedFields(Ipv4Options cursor, int kind) {
        long sum = 0;
        switch (kind) {
            case Ipv4Options.RR, Ipv4Options.LSRR, Ipv4Options.SSRR -> {
                sum += cursor.pointer() + cursor.routeFilledCount();
                for (int i = 0; i < cursor.routeAddressCount(); i++) {
                    sum += cursor.routeAddress(i);
                }
            }
            case Ipv4Options.TS -> {
                sum += cursor.pointer() + cursor.timestampOverflow() + cursor.timestampFlag()
                        + cursor.timestampFilledCount();
                for (int i = 0; i < cursor.timestampEntryCount(); i++) {
                    sum += cursor.timestampValue(i);
                    if (cursor.timestampEntrySize() == 8) {
                        sum += cursor.timestampAddress(i);
                    }
                }
            }
            case Ipv4Options.RA -> sum += cursor.routerAlertValue();
            default -> sum += cursor.pointer();
        }
        return sum;
    }
}
