package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.MacAddress;

/**
 * One end of a point-to-point Ethernet link between two processes (or two stacks in one process) that map
 * the same file: the catmem role. The file holds, per direction, a single-producer single-consumer ring of
 * frame descriptors and a ring that hands slots back, and each side's frame slots; its format is
 * {@link ShmLayout}'s. Put it on a tmpfs ({@code /dev/shm}) so nothing is written back to a disk.
 *
 * <h2>Zero copy</h2>
 * The device's {@link #pool()} is this side's slots inside the mapping. A stack builds each frame directly in
 * a slot; {@link #transmit} publishes a descriptor (slot, offset, length) and keeps the slot until the peer
 * returns it; the peer's {@link #receive} hands the very same memory to its stack as a
 * {@link PacketBuffer}, and that buffer's last release hands the slot number back. No byte of a frame is
 * copied between the stacks. A frame that is not a single buffer of this pool (a chain, a buffer of another
 * device's pool, or a slot already in flight) is copied into a fresh slot first and counted in
 * {@link #copiedFrames()}.
 *
 * <h2>Flow control</h2>
 * When every slot is in flight or the ring is full, {@code transmit} takes fewer frames and leaves the rest
 * with the caller, as a full hardware ring does. Nothing is dropped inside the link.
 *
 * <h2>Opening</h2>
 * {@link #create(Path, ShmConfig)} makes a new file and becomes side A; {@link #attach(Path)} checks an
 * existing file and becomes side B. A file serves one session: each side attaches once, and a side that has
 * left cannot come back (create a new file). A wrong or corrupt file is refused with a
 * {@link ShmFormatException}; a peer that writes nonsense into the rings while running is counted
 * ({@link #corruptDescriptors()}, receive errors), never trusted.
 *
 * <p>Single-threaded per side; the two sides may run on any two threads or processes. Needs no privilege.
 */
public final class ShmDevice implements NetworkDevice {
    private static final int MIN_FRAME = 14;

    private final String name;
    private final boolean sideA;
    private final ShmConfig config;
    private final Arena arena;
    private final MemorySegment mapping;
    private final long peerStateOffset;
    private final long ownStateOffset;
    private final ShmRing tx;
    private final ShmRing rx;
    private final ShmRing peerReturns;
    private final ShmBufferPool pool;
    private final PacketBuffer[] peerSlots;
    private final int maxFrame;
    private final LinkStatistics statistics = new LinkStatistics();
    private long copiedFrames;
    private long corruptDescriptors;
    private boolean rxRingCorrupt;
    private boolean closed;

    private ShmDevice(String file, boolean sideA, ShmConfig config, Arena arena, MemorySegment mapping) {
        this.name = "shm:" + file + (sideA ? "#A" : "#B");
        this.sideA = sideA;
        this.config = config;
        this.arena = arena;
        this.mapping = mapping;
        ShmLayout layout = new ShmLayout(config.slotsPerSide(), config.slotBytes());
        int slots = config.slotsPerSide();
        this.ownStateOffset = sideA ? ShmLayout.OFF_STATE_A : ShmLayout.OFF_STATE_B;
        this.peerStateOffset = sideA ? ShmLayout.OFF_STATE_B : ShmLayout.OFF_STATE_A;
        this.tx = new ShmRing(mapping, sideA ? layout.ringAB : layout.ringBA, slots, ShmLayout.DESCRIPTOR_BYTES);
        this.rx = new ShmRing(mapping, sideA ? layout.ringBA : layout.ringAB, slots, ShmLayout.DESCRIPTOR_BYTES);
        ShmRing ownReturns = new ShmRing(mapping, sideA ? layout.returnA : layout.returnB, slots, ShmLayout.RETURN_BYTES);
        this.peerReturns = new ShmRing(mapping, sideA ? layout.returnB : layout.returnA, slots, ShmLayout.RETURN_BYTES);
        this.pool = new ShmBufferPool(name, mapping, sideA ? layout.slotsA : layout.slotsB, slots, config.slotBytes(),
                config.headroom(), ownReturns);
        long peerSlotsOffset = sideA ? layout.slotsB : layout.slotsA;
        PacketBuffer.Recycler toPeer = this::returnToPeer;
        this.peerSlots = new PacketBuffer[slots];
        for (int i = 0; i < slots; i++) {
            peerSlots[i] = new PacketBuffer(mapping.asSlice(peerSlotsOffset + (long) i * config.slotBytes(),
                    config.slotBytes()), i, toPeer, name + "-peer");
        }
        this.maxFrame = config.mtu() + FdFrameChannel.LINK_OVERHEAD;
    }

    /**
     * Creates {@code file} (which must not exist), lays out the rings and slots for {@code config}, and
     * attaches as side A.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (delete a stale one first)
     * @throws IOException                               if the file cannot be created or mapped
     */
    public static ShmDevice create(Path file, ShmConfig config) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(config, "config");
        ShmLayout layout = new ShmLayout(config.slotsPerSide(), config.slotBytes());
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), layout.fileBytes - 1); // sized, and zero-filled by the kernel
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.fileBytes, arena);
            layout.writeHeader(mapping, config, ProcessHandle.current().pid());
            ShmLayout.publish(mapping);
            return new ShmDevice(file.toString(), true, config, arena, mapping);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Maps an existing {@code file} made by {@link #create}, checks it, and attaches as side B.
     *
     * @throws ShmFormatException if the file is not a valid Margay shared-memory file, or side B is taken
     * @throws IOException        if the file cannot be opened or mapped
     */
    public static ShmDevice attach(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < ShmLayout.HEADER_BYTES) {
                ShmLayout.read(MemorySegment.NULL, size, file.toString()); // throws with the message
            }
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            ShmConfig config = ShmLayout.read(mapping, size, file.toString());
            int previous = (int) ShmLayout.INT.compareAndExchange(mapping, ShmLayout.OFF_STATE_B,
                    ShmLayout.STATE_NEVER, ShmLayout.STATE_ATTACHED);
            if (previous != ShmLayout.STATE_NEVER) {
                throw new ShmFormatException(file.toString(), previous == ShmLayout.STATE_ATTACHED
                        ? "side B is already attached (pid " + mapping.get(JAVA_LONG, ShmLayout.OFF_PID_B) + ")"
                        : "side B attached once and left; a file serves one session, create a new one");
            }
            mapping.set(JAVA_LONG, ShmLayout.OFF_PID_B, ProcessHandle.current().pid());
            return new ShmDevice(file.toString(), false, config, arena, mapping);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Attaches to {@code file} if it exists, otherwise creates it with {@code config}. */
    public static ShmDevice open(Path file, ShmConfig config) throws IOException {
        return Files.exists(file) ? attach(file) : create(file, config);
    }

    // ------------------------------------------------------------------ the hot path

    @Override
    public int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        pool.reclaim();
        if (rxRingCorrupt) {
            return 0;
        }
        int waiting = rx.available();
        if (waiting == ShmRing.CORRUPT) {
            rxRingCorrupt = true; // the peer's position is nonsense: stop reading rather than guess
            corruptDescriptors++;
            statistics.recordRxError();
            return 0;
        }
        int n = Math.min(waiting, into.freeSpace());
        int received = 0;
        long now = 0;
        for (int i = 0; i < n; i++) {
            long entry = rx.readOffset(i);
            int slot = mapping.get(JAVA_INT, entry + ShmLayout.DESC_SLOT);
            int offset = mapping.get(JAVA_INT, entry + ShmLayout.DESC_OFFSET);
            int length = mapping.get(JAVA_INT, entry + ShmLayout.DESC_LENGTH);
            if (slot < 0 || slot >= peerSlots.length || peerSlots[slot].isLive()) {
                corruptDescriptors++; // no slot, or one we still hold: nothing safe to hand back
                statistics.recordRxError();
                continue;
            }
            PacketBuffer frame = peerSlots[slot];
            if (length < MIN_FRAME || length > maxFrame || offset < 0 || offset > config.slotBytes() - length) {
                corruptDescriptors++;
                statistics.recordRxError();
                pushReturn(slot); // the slot itself is fine: give it back
                continue;
            }
            frame.claim(offset);
            frame.append(length);
            if (received == 0) {
                now = System.nanoTime();
            }
            frame.timestamp(now);
            statistics.recordRx(length);
            into.add(frame);
            received++;
        }
        if (n > 0) {
            rx.release(n);
        }
        return received;
    }

    @Override
    public int transmit(PacketBurst from) {
        if (closed) {
            return 0;
        }
        pool.reclaim();
        int taken = 0;
        int published = 0;
        while (taken < from.count()) {
            long entry = tx.nextWriteOffset();
            if (entry < 0) {
                break; // ring full: the rest stays with the caller
            }
            PacketBuffer frame = from.get(taken);
            int length = frame.frameLength();
            if (length < MIN_FRAME || length > maxFrame) {
                statistics.recordTxError();
                frame.release();
                taken++;
                continue;
            }
            PacketBuffer slot = frame;
            if (!pool.canPublishInPlace(frame)) {
                slot = pool.allocate();
                if (slot == null) {
                    break; // every slot in flight: back-pressure
                }
                copyFrame(frame, slot);
                frame.release();
                copiedFrames++;
            }
            mapping.set(JAVA_INT, entry + ShmLayout.DESC_SLOT, slot.index());
            mapping.set(JAVA_INT, entry + ShmLayout.DESC_OFFSET, slot.start());
            mapping.set(JAVA_INT, entry + ShmLayout.DESC_LENGTH, length);
            tx.commitWrite();
            pool.markInFlight(slot);
            statistics.recordTx(length);
            taken++;
            published++;
        }
        if (published > 0) {
            tx.publish();
        }
        from.removeFirst(taken);
        return taken;
    }

    /** Gathers every segment of {@code frame} into {@code slot}'s window. */
    private static void copyFrame(PacketBuffer frame, PacketBuffer slot) {
        for (PacketBuffer s = frame; s != null; s = s.next()) {
            int at = slot.append(s.length());
            MemorySegment.copy(s.segment(), s.start(), slot.segment(), at, s.length());
        }
    }

    /** Recycler of the peer's slots: our stack released a received frame, so the slot goes home. */
    private void returnToPeer(PacketBuffer buffer) {
        if (!closed) {
            pushReturn(buffer.index());
        }
    }

    private void pushReturn(int slot) {
        long entry = peerReturns.nextWriteOffset();
        if (entry < 0) {
            corruptDescriptors++; // cannot happen with a sane peer: the ring has room for every slot
            return;
        }
        mapping.set(JAVA_INT, entry, slot);
        peerReturns.commitWrite();
        peerReturns.publish();
    }

    // ------------------------------------------------------------------ the rest of NetworkDevice

    @Override
    public BufferPool pool() {
        return pool;
    }

    @Override
    public long macAddress() {
        return sideA ? config.macA() : config.macB();
    }

    @Override
    public int mtu() {
        return config.mtu();
    }

    @Override
    public DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    @Override
    public LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether this is side A (the creator). */
    public boolean isSideA() {
        return sideA;
    }

    /** The link's geometry, as read from the file. */
    public ShmConfig config() {
        return config;
    }

    /** Whether the other side is attached right now. */
    public boolean peerAttached() {
        return (int) ShmLayout.INT.getAcquire(mapping, peerStateOffset) == ShmLayout.STATE_ATTACHED;
    }

    /** Whether the other side attached and has since left. */
    public boolean peerLeft() {
        return (int) ShmLayout.INT.getAcquire(mapping, peerStateOffset) == ShmLayout.STATE_LEFT;
    }

    /** Frames that had to be copied into a slot because they were not a free single slot of this pool. */
    public long copiedFrames() {
        return copiedFrames;
    }

    /** Descriptors or returns from the peer that made no sense (a buggy or corrupt peer). */
    public long corruptDescriptors() {
        return corruptDescriptors + pool.badReturns();
    }

    /** Slots of this side published to the peer and not yet returned. */
    public int framesInFlight() {
        return pool.inFlight();
    }

    /**
     * Leaves the link (the peer sees {@link #peerLeft()}), drops the in-flight slots and unmaps the file.
     * Buffers the stack still holds become unusable, so close the stack first. The file stays; delete it
     * when both sides are done. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        ShmLayout.INT.setRelease(mapping, ownStateOffset, ShmLayout.STATE_LEFT);
        pool.abandonInFlight();
        closed = true;
        pool.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "ShmDevice[" + name + " " + MacAddress.format(macAddress()) + ", " + config.slotsPerSide() + " slots of "
                + config.slotBytes() + " B, " + pool.inFlight() + " in flight, " + statistics + "]";
    }
}
