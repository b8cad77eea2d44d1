package org.margay.net.tcp.engine;

/**
 * Callbacks a {@link TcpConnection} makes synchronously, from inside {@code onSegment}, {@code poll} or an API
 * call, on the engine's thread. They must not allocate per call and must not re-enter the layer's
 * {@code onSegment}/{@code poll}; calling the connection's {@code send}/{@code receive}/{@code close} is allowed.
 * Every method has an empty default.
 */
public interface TcpConnectionListener {
    /** The handshake completed (ESTABLISHED entered). */
    default void onEstablished(TcpConnection connection) {
    }

    /** In-order bytes became readable, or the peer's FIN arrived (end of stream). */
    default void onReadable(TcpConnection connection) {
    }

    /** Room appeared in the send buffer after it had been full. */
    default void onWritable(TcpConnection connection) {
    }

    /** The connection reached CLOSED; {@link TcpConnection#error()} says why (0 for a clean close). */
    default void onClosed(TcpConnection connection) {
    }
}
