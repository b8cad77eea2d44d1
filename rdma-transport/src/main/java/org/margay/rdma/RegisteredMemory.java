package org.margay.rdma;

import java.util.List;
import org.margay.fastpath.buffer.ArenaMemoryManager;
import org.margay.fastpath.buffer.MemoryManager;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.Verbs;
import org.margay.rdma.verbs.VerbsConstants;

/**
 * The RDMA library OS's memory manager: two registered pools behind fastpath's {@link MemoryManager} interface, so
 * that every buffer the library OS or its application touches is already known to the device.
 * <ul>
 *   <li>the <b>element pool</b> ({@code rdma.element-size} bytes each): what {@code sgaAlloc} hands out and what
 *       large received elements are reassembled into;</li>
 *   <li>the <b>receive pool</b> ({@code rdma.message-size} bytes each): what the library OS posts as receive
 *       buffers; a received element that fits one message is popped in its receive buffer without a copy.</li>
 * </ul>
 * {@link #lkeyOf} finds the key of any buffer from either pool by address (two compares), and answers
 * {@link #UNREGISTERED} for memory from elsewhere. Regions allow local write and remote read/write, so the same
 * memory serves SEND/RECV and one-sided operations.
 */
final class RegisteredMemory implements AutoCloseable {
    /** What {@link #lkeyOf} answers for a buffer outside both pools. */
    static final long UNREGISTERED = Long.MIN_VALUE;
    private static final int ACCESS = VerbsConstants.ACCESS_LOCAL_WRITE | VerbsConstants.ACCESS_REMOTE_READ
            | VerbsConstants.ACCESS_REMOTE_WRITE;

    private final RegisteredBufferPool elements;
    private final RegisteredBufferPool receives;
    private final MemoryManager manager;

    RegisteredMemory(String name, Verbs verbs, ProtectionDomain pd, RdmaSettings s) {
        this.elements = new RegisteredBufferPool(name + "-elements", verbs, pd, s.elements(), s.elementSize(), 0, ACCESS);
        RegisteredBufferPool r;
        try {
            r = new RegisteredBufferPool(name + "-receives", verbs, pd, s.receiveBuffers(), s.messageSize(), 0, ACCESS);
        } catch (RuntimeException e) {
            elements.close();
            throw e;
        }
        this.receives = r;
        this.manager = new ArenaMemoryManager(name, List.of(elements, receives));
    }

    /** Where application elements come from. */
    RegisteredBufferPool elementPool() {
        return elements;
    }

    /** Where receive buffers come from. */
    RegisteredBufferPool receivePool() {
        return receives;
    }

    /** Both pools as fastpath's memory manager. */
    MemoryManager manager() {
        return manager;
    }

    /**
     * The local key covering {@code length} bytes of {@code b} from absolute offset {@code offset} (as an unsigned
     * value in a long), or {@link #UNREGISTERED}. Allocation-free.
     */
    long lkeyOf(PacketBuffer b, int offset, int length) {
        long address = b.segment().address() + offset;
        if (elements.contains(address, length)) {
            return elements.lkey() & 0xFFFF_FFFFL;
        }
        if (receives.contains(address, length)) {
            return receives.lkey() & 0xFFFF_FFFFL;
        }
        return UNREGISTERED;
    }

    /** Deregisters both regions and frees their memory. */
    @Override
    public void close() {
        manager.close();
    }
}
