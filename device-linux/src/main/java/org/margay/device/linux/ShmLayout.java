package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The shared-memory device's file format, version {@value #VERSION}: where everything lives, how to write a
 * fresh header and how to check one. All fields are in the machine's native byte order (both processes share
 * one machine; the wrong order shows up as a wrong magic number).
 *
 * <h2>Header (first {@value #HEADER_BYTES} bytes)</h2>
 * <pre>
 *   0   u64 magic "MRGYSHM1" ({@link #MAGIC}), written last by the creator (release store)
 *   8   u32 version
 *   12  u32 header bytes
 *   16  u32 slots per side (a power of two)
 *   20  u32 slot bytes (a multiple of 64)
 *   24  u32 MTU
 *   28  u32 default headroom
 *   32  u64 MAC of side A,   40 u64 MAC of side B
 *   48  u64 file bytes
 *   56  u32 state of side A, 60 u32 state of side B  (0 never attached, 1 attached, 2 left)
 *   64  u64 pid of side A,   72 u64 pid of side B
 *   80  u64 offset of ring A→B   (frame descriptors produced by A)
 *   88  u64 offset of ring B→A
 *   96  u64 offset of return ring of A's slots (produced by B: "slot n is free again")
 *   104 u64 offset of return ring of B's slots (produced by A)
 *   112 u64 offset of A's slots, 120 u64 offset of B's slots
 * </pre>
 * Each region starts on a 4096-byte boundary. A descriptor ring holds 16-byte entries
 * ({@code u32 slot, u32 offset in slot, u32 length, u32 reserved}); a return ring holds 4-byte slot numbers;
 * both have {@link ShmRing}'s control block in front. Side A owns A's slots: only A writes frames into them,
 * B reads them in place and returns them.
 */
final class ShmLayout {
    /** "MRGYSHM1" read as a little-endian u64 on x86/aarch64. */
    static final long MAGIC = 0x314D_4853_5947_524DL;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 4096;
    static final long PAGE = 4096;

    static final long OFF_MAGIC = 0;
    static final long OFF_VERSION = 8;
    static final long OFF_HEADER_BYTES = 12;
    static final long OFF_SLOTS = 16;
    static final long OFF_SLOT_BYTES = 20;
    static final long OFF_MTU = 24;
    static final long OFF_HEADROOM = 28;
    static final long OFF_MAC_A = 32;
    static final long OFF_MAC_B = 40;
    static final long OFF_FILE_BYTES = 48;
    static final long OFF_STATE_A = 56;
    static final long OFF_STATE_B = 60;
    static final long OFF_PID_A = 64;
    static final long OFF_PID_B = 72;
    static final long OFF_RING_AB = 80;
    static final long OFF_RING_BA = 88;
    static final long OFF_RETURN_A = 96;
    static final long OFF_RETURN_B = 104;
    static final long OFF_SLOTS_A = 112;
    static final long OFF_SLOTS_B = 120;

    static final int STATE_NEVER = 0;
    static final int STATE_ATTACHED = 1;
    static final int STATE_LEFT = 2;

    static final long DESCRIPTOR_BYTES = 16;
    static final long DESC_SLOT = 0;
    static final long DESC_OFFSET = 4;
    static final long DESC_LENGTH = 8;
    static final long RETURN_BYTES = 4;

    static final VarHandle LONG = JAVA_LONG.varHandle();
    static final VarHandle INT = JAVA_INT.varHandle();

    final int slots;
    final int slotBytes;
    final long ringAB;
    final long ringBA;
    final long returnA;
    final long returnB;
    final long slotsA;
    final long slotsB;
    final long fileBytes;

    /** The layout of a file with {@code slots} slots of {@code slotBytes} per side. */
    ShmLayout(int slots, int slotBytes) {
        this.slots = slots;
        this.slotBytes = slotBytes;
        long descriptorRing = roundUp(ShmRing.bytes(slots, DESCRIPTOR_BYTES));
        long returnRing = roundUp(ShmRing.bytes(slots, RETURN_BYTES));
        long slotRegion = roundUp((long) slots * slotBytes);
        ringAB = HEADER_BYTES;
        ringBA = ringAB + descriptorRing;
        returnA = ringBA + descriptorRing;
        returnB = returnA + returnRing;
        slotsA = returnB + returnRing;
        slotsB = slotsA + slotRegion;
        fileBytes = slotsB + slotRegion;
    }

    private static long roundUp(long bytes) {
        return (bytes + PAGE - 1) / PAGE * PAGE;
    }

    /** Writes a fresh header for {@code config} (everything but the magic, which {@link #publish} writes). */
    void writeHeader(MemorySegment m, ShmConfig config, long pid) {
        m.set(JAVA_INT, OFF_VERSION, VERSION);
        m.set(JAVA_INT, OFF_HEADER_BYTES, HEADER_BYTES);
        m.set(JAVA_INT, OFF_SLOTS, slots);
        m.set(JAVA_INT, OFF_SLOT_BYTES, slotBytes);
        m.set(JAVA_INT, OFF_MTU, config.mtu());
        m.set(JAVA_INT, OFF_HEADROOM, config.headroom());
        m.set(JAVA_LONG, OFF_MAC_A, config.macA());
        m.set(JAVA_LONG, OFF_MAC_B, config.macB());
        m.set(JAVA_LONG, OFF_FILE_BYTES, fileBytes);
        m.set(JAVA_INT, OFF_STATE_A, STATE_ATTACHED);
        m.set(JAVA_INT, OFF_STATE_B, STATE_NEVER);
        m.set(JAVA_LONG, OFF_PID_A, pid);
        m.set(JAVA_LONG, OFF_RING_AB, ringAB);
        m.set(JAVA_LONG, OFF_RING_BA, ringBA);
        m.set(JAVA_LONG, OFF_RETURN_A, returnA);
        m.set(JAVA_LONG, OFF_RETURN_B, returnB);
        m.set(JAVA_LONG, OFF_SLOTS_A, slotsA);
        m.set(JAVA_LONG, OFF_SLOTS_B, slotsB);
    }

    /** Writes the magic with a release store: a reader that sees it sees the whole header. */
    static void publish(MemorySegment m) {
        LONG.setRelease(m, OFF_MAGIC, MAGIC);
    }

    /**
     * Checks the header of a mapped file of {@code actualBytes} bytes and returns its configuration.
     *
     * @throws ShmFormatException naming the first field that is wrong
     */
    static ShmConfig read(MemorySegment m, long actualBytes, String file) throws ShmFormatException {
        if (actualBytes < HEADER_BYTES) {
            throw new ShmFormatException(file, "file has " + actualBytes + " bytes, less than the "
                    + HEADER_BYTES + "-byte header: not a Margay shared-memory file, or not initialised yet");
        }
        long magic = (long) LONG.getAcquire(m, OFF_MAGIC);
        if (magic != MAGIC) {
            throw new ShmFormatException(file, magic == 0
                    ? "no magic number yet: the creating process has not finished (or died) initialising it"
                    : "bad magic number 0x" + Long.toHexString(magic) + ": not a Margay shared-memory file");
        }
        int version = m.get(JAVA_INT, OFF_VERSION);
        if (version != VERSION) {
            throw new ShmFormatException(file, "format version " + version + ", this build reads version " + VERSION);
        }
        int headerBytes = m.get(JAVA_INT, OFF_HEADER_BYTES);
        if (headerBytes != HEADER_BYTES) {
            throw new ShmFormatException(file, "header size " + headerBytes + ", expected " + HEADER_BYTES);
        }
        int slots = m.get(JAVA_INT, OFF_SLOTS);
        int slotBytes = m.get(JAVA_INT, OFF_SLOT_BYTES);
        int mtu = m.get(JAVA_INT, OFF_MTU);
        int headroom = m.get(JAVA_INT, OFF_HEADROOM);
        ShmConfig config;
        try {
            config = new ShmConfig(slots, slotBytes, mtu, headroom, m.get(JAVA_LONG, OFF_MAC_A),
                    m.get(JAVA_LONG, OFF_MAC_B));
        } catch (IllegalArgumentException e) {
            throw new ShmFormatException(file, "corrupt geometry: " + e.getMessage());
        }
        ShmLayout expected = new ShmLayout(slots, slotBytes);
        long recorded = m.get(JAVA_LONG, OFF_FILE_BYTES);
        if (recorded != expected.fileBytes || actualBytes != expected.fileBytes) {
            throw new ShmFormatException(file, "size mismatch: the geometry needs " + expected.fileBytes
                    + " bytes, the header says " + recorded + ", the file has " + actualBytes);
        }
        checkOffset(m, OFF_RING_AB, expected.ringAB, "ring A->B", file);
        checkOffset(m, OFF_RING_BA, expected.ringBA, "ring B->A", file);
        checkOffset(m, OFF_RETURN_A, expected.returnA, "return ring of A", file);
        checkOffset(m, OFF_RETURN_B, expected.returnB, "return ring of B", file);
        checkOffset(m, OFF_SLOTS_A, expected.slotsA, "slots of A", file);
        checkOffset(m, OFF_SLOTS_B, expected.slotsB, "slots of B", file);
        return config;
    }

    private static void checkOffset(MemorySegment m, long field, long expected, String what, String file)
            throws ShmFormatException {
        long actual = m.get(JAVA_LONG, field);
        if (actual != expected) {
            throw new ShmFormatException(file, "offset of " + what + " is " + actual + ", the geometry puts it at "
                    + expected);
        }
    }
}
