package org.margay.pdpix.contract.memory;

import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * A test-only library OS of in-memory byte pipes and datagram queues, built on the service layer, so that the
 * contract suite itself can be checked before (and independently of) the real library OSes. One instance has one
 * IPv4 address; instances on one {@link MemoryNetwork} reach each other, and polling one polls all.
 */
final class MemoryLibOS extends AbstractLibOS {
    private final MemoryNetwork network;
    private final int address;
    private final ArenaBufferPool pool;

    private MemoryLibOS(MemoryNetwork network, int address, ArenaBufferPool pool) {
        super("memory", LibOSConfig.of("memory"), pool);
        this.network = network;
        this.address = address;
        this.pool = pool;
        network.join(this);
    }

    /** An instance whose elements come from {@code buffers} buffers of {@code bufferSize} bytes (no headroom). */
    static MemoryLibOS open(MemoryNetwork network, int address, int bufferSize, int buffers) {
        return new MemoryLibOS(network, address, new ArenaBufferPool("memory", buffers, bufferSize, 0));
    }

    MemoryNetwork network() {
        return network;
    }

    int address() {
        return address;
    }

    int registerAccepted(MemoryStreamQueue q) {
        return register(q);
    }

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        return switch (type) {
            case STREAM -> new MemoryStreamQueue(this);
            case DGRAM -> new MemoryDatagramQueue(this);
            case RAW -> throw new PdpixException(Errno.EPROTONOSUPPORT, "no RAW queues in memory");
        };
    }

    @Override
    protected int pollIo() {
        return network.pollOthers(this);
    }

    @Override
    protected long nanoTime() {
        return System.nanoTime();
    }

    @Override
    protected void closeResources() {
        network.leave(this);
        pool.close();
    }
}
