package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.Bytes;
import org.margay.testkit.AllocationMeter;

/** The shared-memory device at frame level: both sides in this JVM, on one file. */
class ShmDeviceTest {
    private final ShmFiles files = new ShmFiles();

    @AfterEach
    void deleteFiles() throws IOException {
        files.close();
    }

    private static ShmConfig small(int slots) {
        return ShmConfig.builder().slotsPerSide(slots).build();
    }

    /** A frame of {@code length} bytes from {@code device}'s pool: a header, then {@code seed}-derived bytes. */
    static PacketBuffer frame(ShmDevice device, int length, int seed) {
        PacketBuffer buffer = device.pool().allocate();
        fill(buffer, length, seed);
        return buffer;
    }

    static void fill(PacketBuffer buffer, int length, int seed) {
        int at = buffer.append(length);
        MemorySegment s = buffer.segment();
        for (int i = 0; i < length; i++) {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at + i, (byte) (seed * 31 + i));
        }
    }

    static boolean holds(PacketBuffer buffer, int length, int seed) {
        if (buffer.length() != length) {
            return false;
        }
        MemorySegment s = buffer.segment();
        for (int i = 0; i < length; i++) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, buffer.start() + i) != (byte) (seed * 31 + i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void framesCrossBothWaysInPlace() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(16)); ShmDevice b = ShmDevice.attach(file)) {
            assertTrue(a.isSideA() && !b.isSideA());
            assertTrue(a.peerAttached() && b.peerAttached());
            assertEquals(ShmConfig.DEFAULT_MAC_A, a.macAddress());
            assertEquals(ShmConfig.DEFAULT_MAC_B, b.macAddress());

            PacketBurst burst = new PacketBurst(8);
            PacketBuffer sent = frame(a, 100, 1);
            burst.add(sent);
            burst.add(frame(a, 1514, 2));
            assertEquals(2, a.transmit(burst));
            assertTrue(burst.isEmpty());
            assertEquals(2, a.framesInFlight());

            PacketBurst received = new PacketBurst(8);
            assertEquals(2, b.receive(received));
            assertTrue(holds(received.get(0), 100, 1));
            assertTrue(holds(received.get(1), 1514, 2));
            // Zero copy: A's slot and B's received buffer are the same memory. (Writing into an in-flight slot
            // breaks the protocol; here it proves no copy was made.)
            sent.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, sent.start(), (byte) 0x5A);
            assertEquals((byte) 0x5A, received.get(0).segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                    received.get(0).start()));
            assertEquals(0, a.copiedFrames());

            received.releaseAll();
            assertEquals(0, a.receive(received), "nothing came from B");
            assertEquals(0, a.framesInFlight(), "B's releases returned the slots");
            assertEquals(a.pool().capacity(), a.pool().available());

            burst.add(frame(b, 60, 3));
            assertEquals(1, b.transmit(burst));
            assertEquals(1, a.receive(received));
            assertTrue(holds(received.get(0), 60, 3));
            received.releaseAll();
            assertEquals(1, a.statistics().rxPackets());
            assertEquals(2, a.statistics().txPackets());
            assertEquals(100 + 1514, b.statistics().rxBytes());
        }
    }

    @Test
    void whenEverySlotIsInFlightTransmitPushesBack() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(4)); ShmDevice b = ShmDevice.attach(file);
             ArenaBufferPool foreign = new ArenaBufferPool("foreign", 4, 2048, 128)) {
            PacketBurst burst = new PacketBurst(8);
            for (int i = 0; i < 4; i++) {
                burst.add(frame(a, 64, i));
            }
            assertEquals(4, a.transmit(burst));
            assertNull(a.pool().allocate(), "every slot is in flight");
            PacketBuffer outsider = foreign.allocate();
            fill(outsider, 64, 9);
            burst.add(outsider);
            assertEquals(0, a.transmit(burst), "no slot to copy into: the frame stays with the caller");
            assertEquals(1, burst.count());

            PacketBurst received = new PacketBurst(8);
            assertEquals(4, b.receive(received));
            received.releaseAll();
            assertEquals(1, a.transmit(burst), "slots came back");
            assertEquals(1, a.copiedFrames());
            assertEquals(0, foreign.outstanding(), "the copied original was released");
            assertEquals(1, b.receive(received));
            assertTrue(holds(received.get(0), 64, 9));
            received.releaseAll();
        }
    }

    @Test
    void chainedFramesAreGatheredIntoOneSlot() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(8)); ShmDevice b = ShmDevice.attach(file)) {
            PacketBuffer head = a.pool().allocate();
            int at = head.append(14);
            Bytes.u48(head.segment(), at, 0x02_00_00_00_00_02L);
            PacketBuffer tail = a.pool().allocate();
            fill(tail, 50, 4);
            head.next(tail);
            PacketBurst burst = new PacketBurst(2);
            burst.add(head);
            assertEquals(1, a.transmit(burst));
            assertEquals(1, a.copiedFrames());
            PacketBurst received = new PacketBurst(2);
            assertEquals(1, b.receive(received));
            PacketBuffer frame = received.get(0);
            assertEquals(64, frame.length());
            assertEquals(0x02_00_00_00_00_02L, Bytes.u48(frame.segment(), frame.start()));
            received.releaseAll();
            a.receive(received);
            assertEquals(a.pool().capacity(), a.pool().available(), "the chain and the copy are all back");
        }
    }

    @Test
    void framesOfImpossibleLengthAreCountedAndDropped() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(8)); ShmDevice b = ShmDevice.attach(file)) {
            PacketBurst burst = new PacketBurst(4);
            burst.add(frame(a, 10, 1));
            burst.add(frame(a, 1500 + 19, 2));
            burst.add(frame(a, 60, 3));
            assertEquals(3, a.transmit(burst));
            assertEquals(2, a.statistics().txErrors());
            assertEquals(1, a.statistics().txPackets());
            PacketBurst received = new PacketBurst(4);
            assertEquals(1, b.receive(received));
            received.releaseAll();
            a.receive(received);
            assertEquals(a.pool().capacity(), a.pool().available());
        }
    }

    @Test
    void nonsenseFromThePeerIsCountedNeverTrusted() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(8)); ShmDevice b = ShmDevice.attach(file);
             Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            MemorySegment raw = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            ShmLayout layout = new ShmLayout(8, a.config().slotBytes());
            long entries = layout.ringAB + ShmRing.CONTROL_BYTES;
            // Three forged descriptors "from A": a slot out of range, a length beyond the MTU, an offset outside
            // the slot. Then the producer position is published.
            forge(raw, entries, 0, 9999, 128, 60);
            forge(raw, entries, 1, 2, 128, 4000);
            forge(raw, entries, 2, 3, a.config().slotBytes() - 10, 60);
            raw.set(JAVA_LONG, layout.ringAB, 3);
            PacketBurst received = new PacketBurst(8);
            assertEquals(0, b.receive(received));
            assertEquals(3, b.corruptDescriptors());
            assertEquals(3, b.statistics().rxErrors());

            // The two bad descriptors with valid slots were returned to A, which never sent them.
            a.receive(received);
            assertEquals(2, a.corruptDescriptors(), "A counts returns of slots it never sent");

            // A producer position that jumps past the capacity: B stops reading that ring.
            raw.set(JAVA_LONG, layout.ringAB, 1_000_000);
            assertEquals(0, b.receive(received));
            assertEquals(4, b.corruptDescriptors());
            assertEquals(0, b.receive(received));
            assertEquals(4, b.corruptDescriptors(), "counted once, then the ring is abandoned");
        }
    }

    private static void forge(MemorySegment raw, long entries, int index, int slot, int offset, int length) {
        long at = entries + index * ShmLayout.DESCRIPTOR_BYTES;
        raw.set(JAVA_INT, at + ShmLayout.DESC_SLOT, slot);
        raw.set(JAVA_INT, at + ShmLayout.DESC_OFFSET, offset);
        raw.set(JAVA_INT, at + ShmLayout.DESC_LENGTH, length);
    }

    @Test
    void closingLeavesTheLinkAndPublishedFramesStayReadable() throws IOException {
        Path file = files.newPath();
        try (ShmDevice b = attachAfter(file)) {
            assertTrue(b.peerLeft());
            assertFalse(b.peerAttached());
            PacketBurst received = new PacketBurst(4);
            assertEquals(1, b.receive(received));
            assertTrue(holds(received.get(0), 200, 7), "frames published before A left are intact");
            received.releaseAll();
        }
    }

    /** A creates the file, B attaches, A sends one frame and closes; returns B. */
    private ShmDevice attachAfter(Path file) throws IOException {
        ShmDevice a = ShmDevice.create(file, small(8));
        ShmDevice b = ShmDevice.attach(file);
        PacketBurst burst = new PacketBurst(1);
        burst.add(frame(a, 200, 7));
        a.transmit(burst);
        a.close();
        a.close(); // idempotent
        return b;
    }

    @Test
    void theSteadyStateAllocatesNothing() throws IOException {
        AllocationMeter meter = AllocationMeter.currentThread();
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(64)); ShmDevice b = ShmDevice.attach(file)) {
            PacketBurst out = new PacketBurst(32);
            PacketBurst in = new PacketBurst(32);
            Runnable round = () -> {
                for (int i = 0; i < 32; i++) {
                    PacketBuffer buffer = a.pool().allocate();
                    buffer.append(1000);
                    out.add(buffer);
                }
                a.transmit(out);
                b.receive(in);
                in.releaseAll();
            };
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
            long before = meter.allocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
            long allocated = meter.allocatedBytes() - before;
            assertEquals(40_000L * 32, b.statistics().rxPackets());
            assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for 640000 frames");
        }
    }

    /** One thread per side: a million numbered frames arrive in order, intact, while slots cycle. */
    @Test
    void twoThreadsExchangeFramesThroughTheRings() throws Exception {
        Path file = files.newPath();
        int total = 300_000;
        try (ShmDevice a = ShmDevice.create(file, small(128)); ShmDevice b = ShmDevice.attach(file)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    PacketBurst out = new PacketBurst(32);
                    PacketBurst spare = new PacketBurst(1);
                    int next = 0;
                    while (next < total || !out.isEmpty()) {
                        while (next < total && !out.isFull()) {
                            PacketBuffer buffer = a.pool().allocate();
                            if (buffer == null) {
                                break;
                            }
                            int at = buffer.append(64);
                            buffer.segment().set(JAVA_INT, at, next);
                            buffer.segment().set(JAVA_INT, at + 60, ~next);
                            out.add(buffer);
                            next++;
                        }
                        a.transmit(out);
                        a.receive(spare); // reclaims returned slots
                        Thread.onSpinWait();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            PacketBurst in = new PacketBurst(32);
            int expected = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (expected < total && System.nanoTime() < deadline && failure.get() == null) {
                int n = b.receive(in);
                for (int i = 0; i < n; i++) {
                    PacketBuffer frame = in.get(i);
                    int value = frame.segment().get(JAVA_INT, frame.start());
                    if (value != expected || frame.segment().get(JAVA_INT, frame.start() + 60) != ~expected) {
                        throw new AssertionError("frame " + expected + " arrived as " + value);
                    }
                    expected++;
                }
                in.releaseAll();
            }
            sender.join(5_000);
            assertNull(failure.get());
            assertEquals(total, expected);
            assertEquals(0, a.copiedFrames());
            assertEquals(0, a.corruptDescriptors() + b.corruptDescriptors());
        }
    }

    // ------------------------------------------------------------------ the file

    @Test
    void createRefusesAnExistingFile() throws IOException {
        Path file = files.newPath();
        Files.write(file, new byte[] {1});
        assertThrows(FileAlreadyExistsException.class, () -> ShmDevice.create(file, small(8)));
        assertEquals(1, Files.size(file), "the existing file is untouched");
    }

    @Test
    void attachRefusesMissingTinyEmptyAndForeignFiles() throws IOException {
        assertThrows(NoSuchFileException.class, () -> ShmDevice.attach(files.newPath()));
        assertRefused(Files.write(files.newPath(), new byte[0]), "less than the 4096-byte header");
        assertRefused(Files.write(files.newPath(), new byte[8192]), "no magic number yet");
        byte[] text = "#!/bin/sh\necho this is not a ring file\n".repeat(300).getBytes();
        assertRefused(Files.write(files.newPath(), text), "bad magic number");
    }

    @Test
    void attachNamesTheCorruptField() throws IOException {
        assertRefused(corrupted(m -> m.set(JAVA_INT, ShmLayout.OFF_VERSION, 2)), "format version 2");
        assertRefused(corrupted(m -> m.set(JAVA_INT, ShmLayout.OFF_SLOTS, 6)), "corrupt geometry");
        assertRefused(corrupted(m -> m.set(JAVA_INT, ShmLayout.OFF_SLOT_BYTES, 100)), "corrupt geometry");
        assertRefused(corrupted(m -> m.set(JAVA_LONG, ShmLayout.OFF_MAC_B, m.get(JAVA_LONG, ShmLayout.OFF_MAC_A))),
                "different MACs");
        assertRefused(corrupted(m -> m.set(JAVA_LONG, ShmLayout.OFF_FILE_BYTES, 12345)), "size mismatch");
        assertRefused(corrupted(m -> m.set(JAVA_LONG, ShmLayout.OFF_SLOTS_B, 0)), "offset of slots of B");
        Path truncated = files.newPath();
        ShmDevice.create(truncated, small(8)).close();
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 4096);
        }
        assertRefused(truncated, "size mismatch");
    }

    @Test
    void eachSideAttachesOnce() throws IOException {
        Path file = files.newPath();
        try (ShmDevice a = ShmDevice.create(file, small(8))) {
            ShmDevice b = ShmDevice.attach(file);
            assertRefused(file, "side B is already attached");
            b.close();
            assertTrue(a.peerLeft());
            assertRefused(file, "attached once and left");
        }
    }

    @Test
    void openCreatesThenAttaches() throws IOException {
        Path file = files.newPath();
        try (ShmDevice first = ShmDevice.open(file, small(8)); ShmDevice second = ShmDevice.open(file, small(2))) {
            assertTrue(first.isSideA());
            assertFalse(second.isSideA());
            assertEquals(8, second.config().slotsPerSide(), "the attaching side reads the geometry from the file");
        }
    }

    @Test
    void configurationsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ShmConfig.builder().slotsPerSide(3).build());
        assertThrows(IllegalArgumentException.class, () -> ShmConfig.builder().slotBytes(1000).build());
        assertThrows(IllegalArgumentException.class, () -> ShmConfig.builder().mtu(20).build());
        assertThrows(IllegalArgumentException.class, () -> ShmConfig.builder().macs(1, 1).build());
        assertThrows(IllegalArgumentException.class, () -> ShmConfig.builder().macs(0x01_00_5E_00_00_01L, 2).build());
        assertEquals(1664, ShmConfig.builder().build().slotBytes());
    }

    private interface HeaderEdit {
        void apply(MemorySegment header);
    }

    /** A valid file whose header {@code edit} then damages. */
    private Path corrupted(HeaderEdit edit) throws IOException {
        Path file = files.newPath();
        ShmDevice.create(file, small(8)).close();
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            edit.apply(channel.map(FileChannel.MapMode.READ_WRITE, 0, ShmLayout.HEADER_BYTES, arena));
        }
        // The creator has left; make side B look fresh so only the edited field is wrong.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4), ShmLayout.OFF_STATE_B);
        }
        return file;
    }

    private static void assertRefused(Path file, String expected) {
        ShmFormatException e = assertThrows(ShmFormatException.class, () -> ShmDevice.attach(file).close());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
