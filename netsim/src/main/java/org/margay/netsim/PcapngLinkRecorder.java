package org.margay.netsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.LinkType;

/**
 * Writes the frames crossing one host port to a pcapng file with one Ethernet interface and nanosecond
 * timestamps taken from virtual time (time zero is the epoch). Chained frames are flattened into a reused
 * scratch array. Recording is opt-in and allocates a small slice per frame; I/O errors surface as
 * {@link UncheckedIOException} naming the file.
 */
final class PcapngLinkRecorder implements FrameTap {
    private static final int SCRATCH_BYTES = 64 * 1024;

    private final Path file;
    private final CaptureWriter writer;
    private final int interfaceIndex;
    private final MemorySegment scratch = MemorySegment.ofArray(new byte[SCRATCH_BYTES]);

    PcapngLinkRecorder(Path file, String portName) {
        this.file = file;
        try {
            this.writer = CaptureWriter.pcapng(file);
            this.interfaceIndex = writer.addInterface(LinkType.ETHERNET.value(), CaptureWriter.DEFAULT_SNAP_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record port " + portName + " to " + file, e);
        }
    }

    @Override
    public void record(long nanos, PacketBuffer frame, boolean outbound) {
        int length = Math.min(frame.frameLength(), SCRATCH_BYTES);
        MemorySegment data;
        if (frame.next() == null) {
            data = frame.segment().asSlice(frame.start(), length);
        } else {
            frame.copyTo(scratch, 0);
            data = scratch.asSlice(0, length);
        }
        try {
            writer.write(interfaceIndex, Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L),
                    data, frame.frameLength());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a frame to " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + file, e);
        }
    }
}
