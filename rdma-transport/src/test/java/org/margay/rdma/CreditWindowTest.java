package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Credit-based flow control, as bookkeeping (CreditWindow) and as a protocol between two simulated sides that send
 * data and credit messages through FIFO channels, consume what they receive at random moments and re-post receives:
 * a side never sends beyond the receives its peer has posted, the two never both wait for credits only the other
 * could return, and credit-only messages never ping-pong.
 */
class CreditWindowTest {

    @Test
    void theLastCreditIsKeptForCreditsAndFin() {
        CreditWindow w = new CreditWindow(4, 2);
        assertTrue(w.canSendData());
        assertEquals(0, w.spend());
        assertFalse(w.canSendData(), "one credit left: kept in reserve");
        assertTrue(w.canSendControl());
        w.repostedAfterData();
        w.repostedAfterData();
        assertTrue(w.creditReturnDue(), "half the window owed, and data consumed");
        assertEquals(2, w.spend(), "the credit message carries everything owed");
        assertEquals(0, w.owed());
        assertThrows(IllegalStateException.class, w::spend, "no credit left at all");
    }

    @Test
    void controlMessagesAloneNeverTriggerACreditReturn() {
        CreditWindow w = new CreditWindow(4, 4);
        for (int i = 0; i < 10; i++) {
            w.repostedAfterControl();
        }
        assertFalse(w.creditReturnDue(), "credit-only messages would answer each other forever");
        w.repostedAfterData();
        assertTrue(w.creditReturnDue());
    }

    @Test
    void windowsBelowFourAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CreditWindow(3, 3));
    }

    /** One side of the simulated connection. */
    private static final class Side {
        final CreditWindow credits;
        final int window;
        int posted;
        int pendingData;            // elements the application wants to send
        final ArrayDeque<Boolean> unconsumed = new ArrayDeque<>();  // received data messages not yet popped
        long sentData;
        long receivedData;

        Side(int window) {
            this.window = window;
            this.credits = new CreditWindow(window, window);
            this.posted = window;
        }
    }

    /** A message in flight: its credits, and whether it carries data. */
    private record Message(int credits, boolean data) {
    }

    @Test
    void neitherOverrunNorDeadlockUnderRandomSchedules() {
        qt().withExamples(300).forAll(integers().between(4, 12), longs().all()).checkAssert((window, seed) -> {
            SplittableRandom random = new SplittableRandom(seed);
            Side[] side = {new Side(window), new Side(window)};
            @SuppressWarnings("unchecked")
            ArrayDeque<Message>[] wire = new ArrayDeque[] {new ArrayDeque<Message>(), new ArrayDeque<Message>()};
            side[0].pendingData = 200;
            side[1].pendingData = 200;
            int idle = 0;
            for (int step = 0; step < 200_000 && idle < 1000; step++) {
                int s = random.nextInt(2);
                Side me = side[s];
                Side peer = side[1 - s];
                boolean progressed = false;
                switch (random.nextInt(4)) {
                    case 0 -> {     // send data, or a credit return, or nothing
                        if (me.pendingData > 0 && me.credits.canSendData()) {
                            wire[s].add(new Message(me.credits.spend(), true));
                            me.pendingData--;
                            me.sentData++;
                            progressed = true;
                        } else if (me.credits.creditReturnDue()) {
                            wire[s].add(new Message(me.credits.spend(), false));
                            progressed = true;
                        }
                    }
                    case 1 -> {     // a message arrives at the peer: it must find a posted receive
                        Message m = wire[s].poll();
                        if (m != null) {
                            assertTrue(peer.posted > 0, "a message arrived with no receive posted: the sender overran");
                            peer.posted--;
                            peer.credits.granted(m.credits());
                            if (m.data()) {
                                peer.unconsumed.add(Boolean.TRUE);
                                peer.receivedData++;
                            } else {
                                peer.posted++;
                                peer.credits.repostedAfterControl();
                            }
                            progressed = true;
                        }
                    }
                    default -> {    // the application pops one message: its receive is re-posted
                        if (!me.unconsumed.isEmpty()) {
                            me.unconsumed.poll();
                            me.posted++;
                            me.credits.repostedAfterData();
                            progressed = true;
                        }
                    }
                }
                idle = progressed ? 0 : idle + 1;
                assertTrue(me.posted <= me.window, "never more receives posted than the window");
            }
            assertEquals(200, side[0].sentData, "side 0 sent everything: no deadlock");
            assertEquals(200, side[1].sentData, "side 1 sent everything: no deadlock");
        });
    }
}
