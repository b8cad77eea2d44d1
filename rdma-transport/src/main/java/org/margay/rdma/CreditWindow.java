package org.margay.rdma;

/**
 * Credit-based flow control for one RC connection, so that a sender never overruns the receives its peer has
 * posted (HotOS '19 §2: too few posted buffers make RDMA communication fail with receiver-not-ready errors; too
 * many waste memory).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Each side keeps {@code window} receives posted for the peer and grants that many credits when connecting.
 *       Every message the peer sends, data or control, consumes one.</li>
 *   <li>A receive is re-posted when its message has been consumed (a data message when the application popped it,
 *       a control message at once); each re-post is owed back to the peer, and every outgoing message carries
 *       everything owed in its immediate data ({@link ImmData}).</li>
 *   <li>A data message needs two credits: the last one is kept for a message that returns credits (or a FIN), so
 *       the two sides can never both wait for credits only the other could return.</li>
 *   <li>With no data to carry them, owed credits go back in a credit-only message once at least half the window
 *       is owed and at least one data message was consumed since the last return (credit-only messages do not
 *       trigger credit-only answers, so they never ping-pong).</li>
 * </ul>
 * Why nothing deadlocks: with nothing in flight, {@code sendCredits(A) + owed(B) = window}, so a sender held at one
 * credit means the peer owes {@code window - 1 ≥ window / 2} and will return them. Pure bookkeeping, allocation-free;
 * property-tested.
 */
final class CreditWindow {
    /** The smallest receive window that keeps the reserve rule deadlock-free. */
    static final int MIN_WINDOW = 4;

    private final int window;
    private final int threshold;
    private int sendCredits;
    private int owedData;
    private int owedControl;

    /** A window of {@code window} receives on this side, and {@code peerWindow} initial credits from the peer. */
    CreditWindow(int window, int peerWindow) {
        if (window < MIN_WINDOW || window > ImmData.MAX_CREDITS) {
            throw new IllegalArgumentException("receive window must be " + MIN_WINDOW + ".." + ImmData.MAX_CREDITS + ": " + window);
        }
        this.window = window;
        this.threshold = (window + 1) / 2;
        this.sendCredits = peerWindow;
    }

    /** Receives kept posted for the peer. */
    int window() {
        return window;
    }

    /** Messages this side may still send. */
    int sendCredits() {
        return sendCredits;
    }

    /** Credits owed to the peer. */
    int owed() {
        return owedData + owedControl;
    }

    /** Whether a data message may go now (two credits: one stays in reserve). */
    boolean canSendData() {
        return sendCredits >= 2;
    }

    /** Whether a control message (credit return, FIN) may go now. */
    boolean canSendControl() {
        return sendCredits >= 1;
    }

    /** Spends one credit on a message and returns the credits it carries back (then owed nothing). */
    int spend() {
        if (sendCredits < 1) {
            throw new IllegalStateException("no credit left: a message would overrun the peer's receives");
        }
        sendCredits--;
        int carried = Math.min(owedData + owedControl, ImmData.MAX_CREDITS);
        owedData = 0;
        owedControl = 0;
        return carried;
    }

    /** Whether a credit-only message should go now. */
    boolean creditReturnDue() {
        return sendCredits >= 1 && owedData >= 1 && owedData + owedControl >= threshold;
    }

    /** The peer returned {@code credits}. */
    void granted(int credits) {
        sendCredits += credits;
    }

    /** A receive was re-posted after a data message was consumed. */
    void repostedAfterData() {
        owedData++;
    }

    /** A receive was re-posted after a control message. */
    void repostedAfterControl() {
        owedControl++;
    }
}
