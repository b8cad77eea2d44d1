package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.margay.net.common.WireStatus;
import org.margay.net.ipv4.Ipv4Packet;
import org.margay.net.ipv4.frag.Reassembler;
import org.margay.net.ipv4.frag.ReassemblyConfig;

/**
 * Fuzz target for IPv4 reassembly ({@link Reassembler}, RFC 791 §3.2 with RFC 815 hole descriptors): the input
 * is a program of fragments (datagram key, offset, length, More Fragments, header length: overlaps, tiny,
 * teardrop and oversized shapes), clock advances that expire datagrams, and releases of completed datagrams,
 * run against a reassembler whose slots, holes and memory caps the input also picks.
 *
 * <p>Checked after every step: no unchecked exception; {@code offer} answers a slot or one of its three codes;
 * the bytes held stay within the global and per-source caps and add up across sources; no more datagrams than
 * slots. Every completed datagram is consistent with its fragments: a valid IPv4 header (checksum, Total Length
 * equal to the length reported, no MF, offset 0) with the key and header of the fragments, and a payload equal
 * to the fragments' bytes (each fragment carries a fixed pseudo-random pattern of its datagram key and byte position, so
 * whatever subset arrived, the result is known). At the end, with every datagram released and the timeout
 * passed, nothing is held: no slot, no byte, no deadline (the reassembler's own leak check; it owns its memory
 * and borrows no pool buffers).
 *
 * <p>Program format ({@link FuzzReader}, front to back): one byte of configuration, then operations of one
 * opcode byte each: {@code 0-4} a fragment (key byte, shape byte, offset, length), {@code 5} advance the clock
 * up to 65 s, {@code 6} release the oldest held datagram, {@code 7} advance up to 2.5 s; an opcode's bit 3 keeps
 * the datagram it completes instead of releasing it at once.
 */
class ReassemblyFuzzTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = 1_000 * MS;
    private static final int[] SOURCES = {0xC000_0201, 0xC000_0202};
    private static final int DESTINATION = 0xC633_6401;
    private static final int[] PER_SOURCE = {2 * 1024, 16 * 1024, 64 * 1024, 128 * 1024};
    private static final int[] GLOBAL = {4 * 1024, 32 * 1024, 128 * 1024, 512 * 1024};
    private static final int[] HOLES = {2, 3, 8, 64};
    private static final int MAX_OPERATIONS = 64;
    /** Reassemblers by configuration: each owns up to 4 x 64 KiB, so they are reused (empty) between inputs. */
    private static final Map<ReassemblyConfig, Reassembler> REASSEMBLERS = new HashMap<>();

    /** Every datagram key's payload pattern, made once: fragments copy from it and results compare with it. */
    private static final MemorySegment[] PATTERNS = new MemorySegment[32];
    private static final MemorySegment NOPS = MemorySegment.ofArray(new byte[Ipv4Packet.MAX_OPTIONS_LENGTH]).fill((byte) 1);

    static {
        for (int key = 0; key < PATTERNS.length; key++) {
            // Random (a JDK class, so not instrumented) fills the 128 KiB in microseconds; any offset + length fits.
            byte[] p = new byte[Ipv4Packet.MAX_FRAGMENT_OFFSET * 8 + Ipv4Packet.MAX_TOTAL_LENGTH];
            new Random(key).nextBytes(p);
            PATTERNS[key] = MemorySegment.ofArray(p);
        }
    }

    /** The one fragment buffer (the reassembler copies out of it; nothing keeps a reference). */
    private final MemorySegment fragmentMemory = MemorySegment.ofArray(new byte[Ipv4Packet.MAX_TOTAL_LENGTH]);
    private final Ipv4Packet view = new Ipv4Packet();
    private final int[] firstHeaderLength = new int[32];

    @FuzzTest
    void reassembly(byte[] input) {
        FuzzReader in = new FuzzReader(input);
        int c = in.u8();
        ReassemblyConfig config = new ReassemblyConfig(1 + (c & 3), TIMEOUT, PER_SOURCE[(c >> 2) & 3],
                GLOBAL[(c >> 4) & 3], HOLES[(c >> 6) & 3]);
        // Taken out of the cache while in use and put back only after the leak check passed, so an input that
        // fails cannot leave a dirty reassembler to the next one.
        Reassembler r = REASSEMBLERS.remove(config);
        if (r == null) {
            r = new Reassembler(config);
        }
        long offeredBefore = r.fragmentsReceived();
        long offered = 0;
        long now = 0;
        ArrayDeque<Integer> held = new ArrayDeque<>();
        for (int step = 0; step < MAX_OPERATIONS && !in.done(); step++) {
            int op = in.u8();
            switch (op & 7) {
                case 0, 1, 2, 3, 4 -> {
                    int key = in.u8() & 31;
                    int shape = in.u8();
                    int offsetUnits = (shape & 0x10) != 0 ? in.u16() & Ipv4Packet.MAX_FRAGMENT_OFFSET : in.u8();
                    int length = (shape & 0x20) != 0 ? in.u16() : in.u8();
                    if ((shape & 0x40) != 0) {
                        length &= ~7;
                    }
                    boolean more = (shape & 1) != 0;
                    int words = (shape >> 1) & 7;
                    int headerLength = Ipv4Packet.MIN_HEADER_LENGTH + 4 * (words == 7 ? 10 : Math.max(0, words - 3));
                    length = Math.min(length, Ipv4Packet.MAX_TOTAL_LENGTH - headerLength);
                    if (!more && offsetUnits == 0) {
                        continue; // not a fragment: the caller never offers it (Reassembler#offer's contract)
                    }
                    Ipv4Packet packet = fragment(key, offsetUnits, length, more, headerLength);
                    require(packet.check() == WireStatus.OK && packet.checksumValid(), "harness built a bad fragment", input);
                    offered++;
                    int result = r.offer(packet, now);
                    require(result >= 0 && result < config.maxDatagrams() || result == Reassembler.PENDING
                            || result == Reassembler.DROPPED || result == Reassembler.DUPLICATE,
                            "offer returned " + result, input);
                    if (offsetUnits == 0 && (result >= 0 || result == Reassembler.PENDING)) {
                        firstHeaderLength[key] = headerLength;
                    }
                    if (result >= 0) {
                        checkDatagram(r, result, key, input);
                        if ((op & 8) != 0) {
                            held.addLast(result);
                        } else {
                            r.release(result);
                        }
                    }
                }
                case 5 -> now += in.u16() * MS;
                case 6 -> {
                    if (!held.isEmpty()) {
                        r.release(held.removeFirst());
                    }
                }
                default -> now += in.u8() * 10 * MS;
            }
            require(r.poll(now) >= 0, "poll returned a negative count", input);
            checkLimits(r, config, held.size(), input);
        }
        require(r.fragmentsReceived() - offeredBefore == offered, "fragmentsReceived miscounted", input);
        while (!held.isEmpty()) {
            r.release(held.removeFirst());
        }
        r.poll(now + TIMEOUT);
        require(r.active() == 0, "datagrams left after release and timeout: " + r.active(), input);
        require(r.bytesHeld() == 0, "bytes left after release and timeout: " + r.bytesHeld(), input);
        require(r.nextDeadline() == Long.MAX_VALUE, "a deadline is left after everything expired", input);
        REASSEMBLERS.put(config, r);
    }

    /** A fragment of datagram {@code key} (source, protocol and identification from its bits) with pattern bytes. */
    private Ipv4Packet fragment(int key, int offsetUnits, int length, boolean more, int headerLength) {
        MemorySegment m = fragmentMemory;
        m.asSlice(0, Ipv4Packet.MIN_HEADER_LENGTH).fill((byte) 0);
        MemorySegment.copy(NOPS, 0, m, Ipv4Packet.MIN_HEADER_LENGTH, headerLength - Ipv4Packet.MIN_HEADER_LENGTH);
        MemorySegment.copy(PATTERNS[key], offsetUnits * 8L, m, headerLength, length);
        return view.wrap(m, 0, headerLength + length)
                .version(4)
                .headerLength(headerLength)
                .totalLength(headerLength + length)
                .identification(0x4000 + (key >> 2))
                .moreFragments(more)
                .fragmentOffset(offsetUnits)
                .ttl(64)
                .protocol((key & 2) != 0 ? 6 : 17)
                .source(SOURCES[key & 1])
                .destination(DESTINATION)
                .fillChecksum();
    }

    private void checkDatagram(Reassembler r, int slot, int key, byte[] input) {
        MemorySegment memory = r.datagram(slot);
        long offset = r.datagramOffset(slot);
        int length = r.datagramLength(slot);
        require(offset >= 0 && offset + length <= memory.byteSize(), "datagram outside its memory", input);
        require(length <= Ipv4Packet.MAX_TOTAL_LENGTH, "reassembled datagram of " + length + " bytes exceeds 65535", input);
        Ipv4Packet d = new Ipv4Packet().wrap(memory, offset, length);
        require(d.check() == WireStatus.OK, "reassembled header fails check(): " + d.check(), input);
        require(d.checksumValid(), "reassembled checksum", input);
        require(d.totalLength() == length, "Total Length " + d.totalLength() + " but length " + length, input);
        require(!d.moreFragments() && d.fragmentOffset() == 0, "reassembled datagram still a fragment", input);
        require(d.identification() == 0x4000 + (key >> 2) && d.source() == SOURCES[key & 1]
                && d.destination() == DESTINATION && d.protocol() == ((key & 2) != 0 ? 6 : 17),
                "reassembled datagram has another key", input);
        require(d.headerLength() == firstHeaderLength[key], "header is not the first fragment's", input);
        require(d.payloadLength() > 0, "empty reassembled payload", input);
        int options = d.headerLength() - Ipv4Packet.MIN_HEADER_LENGTH;
        require(MemorySegment.mismatch(memory, offset + Ipv4Packet.MIN_HEADER_LENGTH, d.payloadOffset(), NOPS, 0,
                options) == -1, "first fragment's options not kept", input);
        long at = MemorySegment.mismatch(memory, d.payloadOffset(), d.payloadOffset() + d.payloadLength(),
                PATTERNS[key], 0, d.payloadLength());
        require(at == -1, "reassembled payload byte " + at + " differs from its fragments'", input);
    }

    private static void checkLimits(Reassembler r, ReassemblyConfig config, int held, byte[] input) {
        int total = r.bytesHeld();
        require(total >= 0 && total <= config.globalBytes(), "bytes held " + total + " beyond the global cap", input);
        int sum = 0;
        for (int source : SOURCES) {
            int bySource = r.bytesHeldBy(source);
            require(bySource >= 0 && bySource <= config.perSourceBytes(),
                    "source holds " + bySource + " beyond the per-source cap", input);
            sum += bySource;
        }
        require(sum == total, "per-source bytes " + sum + " do not add up to " + total, input);
        require(r.active() >= held && r.active() <= config.maxDatagrams(), "active " + r.active(), input);
    }
}
