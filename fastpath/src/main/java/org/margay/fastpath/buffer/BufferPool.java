package org.margay.fastpath.buffer;

/**
 * A source of {@link PacketBuffer}s of one size, for one device or one stack.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>{@link #allocate()} never hands out a buffer that some holder still holds;</li>
 *   <li>exhaustion is an answer, not an error: {@code allocate()} returns {@code null} and counts an
 *       {@link #allocationFailures() allocation failure}; the caller drops, or retries later;</li>
 *   <li>{@code available() + outstanding() == capacity()} at all times;</li>
 *   <li>allocating and releasing allocate no Java objects (unless leak tracking is on).</li>
 * </ul>
 * Implementations say which threads may use them; {@link ArenaBufferPool} is single-threaded.
 */
public interface BufferPool extends AutoCloseable {
    /**
     * A buffer with a count of 1, an empty window at {@link #defaultHeadroom()}, no chain and no timestamp;
     * or {@code null} when every buffer is out.
     */
    PacketBuffer allocate();

    /** The pool's name, used in messages and leak reports. */
    String name();

    /** The size of every buffer's slot in bytes. */
    int bufferSize();

    /** Where the window of a freshly allocated buffer starts: room for headers to be prepended. */
    int defaultHeadroom();

    /** How many buffers the pool holds in all. */
    int capacity();

    /** How many buffers can be allocated right now. */
    int available();

    /** How many buffers are held by somebody. */
    int outstanding();

    /** How many times {@link #allocate()} found the pool empty. */
    long allocationFailures();

    /** Whether allocation sites are recorded for {@link #leakReport()}. */
    boolean tracksLeaks();

    /**
     * A human-readable list of every outstanding buffer, with the stack trace of the code that allocated it
     * when {@link #tracksLeaks()} (otherwise only the slots); the empty string when nothing is outstanding.
     */
    String leakReport();

    /**
     * Throws a {@link BufferLeakError} carrying the {@link #leakReport()} if any buffer is outstanding.
     * Meant for the end of a test, when every holder should have released.
     */
    default void assertNoLeaks() {
        if (outstanding() != 0) {
            throw new BufferLeakError(leakReport());
        }
    }

    /** Frees the pool's memory; buffers still held become unusable (access throws). */
    @Override
    void close();
}
