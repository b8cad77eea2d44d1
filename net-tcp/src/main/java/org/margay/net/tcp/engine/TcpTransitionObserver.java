package org.margay.net.tcp.engine;

/**
 * Sees every state transition of a {@link TcpLayer}'s connections, with the rule that caused it: for traces,
 * teaching and debugging. Called synchronously on the engine's thread at the moment of the transition; the
 * reason is a constant string (no allocation). It must not re-enter the layer.
 */
@FunctionalInterface
public interface TcpTransitionObserver {
    /**
     * @param connection the connection that moved
     * @param from       the state it left
     * @param to         the state it entered
     * @param reason     what caused it, citing the RFC section, from {@link TcpTransitions#reason}
     */
    void onTransition(TcpConnection connection, TcpState from, TcpState to, String reason);
}
