package org.margay.pdpix.memory;

import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * The library OS with no device: only in-memory queues ({@link #queue()}) and the queue operators over them. For
 * programs that build pipelines out of operators, for tests of PDPIX applications that need no network, and for
 * measuring PDPIX's own cost (push, pop and wait with nothing underneath). {@code socket} is refused with
 * {@link Errno#EAFNOSUPPORT}.
 *
 * <p>Configuration ({@code libos=memory}): {@code memory.buffers} (default 4096) buffers of
 * {@code memory.buffer-size} bytes (default 2048) with {@code memory.headroom} bytes in front (default 0), plus
 * the {@code pdpix.*} keys of {@link LibOSConfig}. Runs on the system clock; single-threaded like every library OS.
 */
public final class MemoryLibOS extends AbstractLibOS {
    /** The name configurations use. */
    public static final String NAME = "memory";

    private final BufferPool buffers;
    private final boolean ownsBuffers;

    /** A memory library OS with its own buffer pool, sized from {@code config}. */
    public MemoryLibOS(LibOSConfig config) {
        this(config, newPool(config), true);
    }

    /**
     * A memory library OS whose elements come from {@code buffers}, which the caller keeps owning (a test's
     * leak-tracked pool, say): closing the library OS does not close it.
     */
    public MemoryLibOS(LibOSConfig config, BufferPool buffers) {
        this(config, buffers, false);
    }

    private MemoryLibOS(LibOSConfig config, BufferPool buffers, boolean ownsBuffers) {
        super(NAME, config, buffers);
        this.buffers = buffers;
        this.ownsBuffers = ownsBuffers;
    }

    private static BufferPool newPool(LibOSConfig config) {
        int count = config.getInt("memory.buffers", 4096);
        int size = config.getInt("memory.buffer-size", 2048);
        int headroom = config.getInt("memory.headroom", 0);
        if (count <= 0 || size <= 0 || headroom < 0 || headroom >= size) {
            throw new PdpixException(Errno.EINVAL, "memory library OS: need memory.buffers > 0, memory.buffer-size > 0 and"
                    + " 0 <= memory.headroom < buffer size; got " + count + ", " + size + ", " + headroom);
        }
        return new ArenaBufferPool(NAME, count, size, headroom);
    }

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        throw new PdpixException(Errno.EAFNOSUPPORT, "the memory library OS has no network (" + domain + " " + type
                + "): use queue() and the queue operators, or choose libos=inet or libos=kernel");
    }

    @Override
    protected int pollIo() {
        return 0;
    }

    @Override
    protected long nanoTime() {
        return System.nanoTime();
    }

    @Override
    protected void closeResources() {
        if (ownsBuffers) {
            buffers.close();
        }
    }
}
