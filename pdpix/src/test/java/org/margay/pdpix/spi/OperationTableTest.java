package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;

class OperationTableTest {
    private final OperationTable table = new OperationTable(5, 4);
    private final QResult result = new QResult();

    @Test
    void aTokenIsValidUntilConsumedThenStale() {
        long qt = table.begin(Opcode.POP, 3, false);
        assertTrue(qt > 0);
        assertEquals(5, QTokens.instance(qt));
        assertEquals(Errno.OK, table.validate(qt));
        assertFalse(table.isDone(qt));
        table.complete(QTokens.slot(qt), null, -1, 0x0A000001, 99);
        assertTrue(table.isDone(qt));
        table.consume(QTokens.slot(qt), result);
        assertEquals(Opcode.POP, result.opcode());
        assertEquals(3, result.qd());
        assertEquals(qt, result.qt());
        assertEquals(99, result.peerPort());
        assertEquals(Errno.ESTALE, table.validate(qt), "a consumed token is stale");
        long reused = table.begin(Opcode.PUSH, 1, false);
        assertEquals(QTokens.slot(qt), QTokens.slot(reused), "the freed slot is reused first");
        assertNotEquals(qt, reused);
        assertEquals(Errno.ESTALE, table.validate(qt), "still stale once its slot is reused");
        assertEquals(Errno.OK, table.validate(reused));
    }

    @Test
    void foreignAndMalformedTokensAreRecognised() {
        long qt = table.begin(Opcode.POP, 0, false);
        assertEquals(Errno.EXDEV, table.validate(QTokens.make(6, QTokens.generation(qt), QTokens.slot(qt))));
        assertEquals(Errno.EINVAL, table.validate(0));
        assertEquals(Errno.EINVAL, table.validate(-Errno.EBADF));
        assertEquals(Errno.EINVAL, table.validate(QTokens.make(5, 1, 4)), "slot beyond the capacity");
        assertEquals(Errno.ESTALE, table.validate(QTokens.make(5, 1, 2)), "a free slot");
    }

    @Test
    void exhaustionAnswersEnomemAndCounts() {
        for (int i = 0; i < 4; i++) {
            assertTrue(table.begin(Opcode.POP, i, false) > 0);
        }
        assertEquals(-Errno.ENOMEM, table.begin(Opcode.POP, 9, false));
        assertEquals(-Errno.ENOMEM, table.begin(Opcode.PUSH, 9, true));
        assertEquals(2, table.exhaustedCount());
        assertEquals(4, table.inUse());
    }

    @Test
    void failedOperationsCarryTheirOpcodeAndErrno() {
        long qt = table.begin(Opcode.CONNECT, 2, false);
        table.fail(QTokens.slot(qt), Errno.ECONNREFUSED);
        table.consume(QTokens.slot(qt), result);
        assertEquals(Opcode.FAILED, result.opcode());
        assertEquals(Opcode.CONNECT, result.failedOpcode());
        assertEquals(Errno.ECONNREFUSED, result.ret());
        assertFalse(result.ok());
        assertNull(result.sga());
        long zero = table.begin(Opcode.POP, 2, false);
        table.fail(QTokens.slot(zero), 0);
        table.consume(QTokens.slot(zero), result);
        assertEquals(Opcode.FAILED, result.opcode(), "failing with 0 must not read as success");
    }

    @Test
    void nextCompletedFollowsCompletionOrderAndSkipsConsumedAndInternal() {
        long a = table.begin(Opcode.POP, 0, false);
        long b = table.begin(Opcode.POP, 0, false);
        long internal = table.begin(Opcode.POP, 0, true);
        long c = table.begin(Opcode.POP, 0, false);
        table.complete(QTokens.slot(c));
        table.complete(QTokens.slot(internal));
        table.complete(QTokens.slot(a));
        table.complete(QTokens.slot(b));
        table.consume(QTokens.slot(a), result); // consumed by a wait: must vanish from the order
        assertEquals(c, table.nextCompleted());
        assertEquals(b, table.nextCompleted());
        assertEquals(0, table.nextCompleted(), "the internal one is never reported");
        assertTrue(table.isDone(internal));
        assertEquals(3, table.inUse(), "taken off the list, b and c are still to be consumed");
    }

    @Test
    void completionOrderSurvivesHeavyMixedUse() {
        OperationTable big = new OperationTable(1, 64);
        long[] live = new long[64];
        // Fill, complete everything, consume all but the oldest by wait, many times over: the oldest must
        // still come out of nextCompleted first (a ring of capacity entries would have lost it).
        long oldest = big.begin(Opcode.POP, 0, false);
        big.complete(QTokens.slot(oldest));
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < 63; i++) {
                live[i] = big.begin(Opcode.PUSH, 0, false);
                big.complete(QTokens.slot(live[i]));
            }
            for (int i = 0; i < 63; i++) {
                big.consume(QTokens.slot(live[i]), result);
            }
        }
        assertEquals(oldest, big.nextCompleted());
        assertEquals(0, big.nextCompleted());
    }

    @Test
    void misuseByALibraryOsThrows() {
        long qt = table.begin(Opcode.POP, 0, false);
        int slot = QTokens.slot(qt);
        assertThrows(IllegalStateException.class, () -> table.consume(slot, result), "consume of a pending slot");
        table.complete(slot);
        assertThrows(IllegalStateException.class, () -> table.complete(slot), "completed twice");
        assertThrows(IllegalStateException.class, () -> table.fail(slot, Errno.EIO), "failed after completion");
        table.consume(slot, result);
        assertThrows(IllegalStateException.class, () -> table.release(slot), "released twice");
        assertThrows(IllegalStateException.class, () -> table.abandon(slot), "abandon of a free slot");
        assertThrows(IllegalArgumentException.class, () -> new OperationTable(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new OperationTable(0, 4));
    }

    @Test
    void anAbandonedOperationIsStaleAndReleasedWhenItCompletes() {
        long qt = table.begin(Opcode.PUSH, 0, false);
        assertEquals(1, table.applicationOperations());
        table.abandon(QTokens.slot(qt));
        assertEquals(Errno.ESTALE, table.validate(qt));
        assertEquals(1, table.inUse(), "still held by its queue");
        assertEquals(0, table.applicationOperations(), "nobody waits for it any more");
        table.complete(QTokens.slot(qt));
        assertEquals(0, table.inUse(), "released on completion");
        assertEquals(0, table.applicationOperations());
        assertEquals(0, table.nextCompleted(), "never reported");
        assertEquals(1, table.abandonedCount());
    }

    @Test
    void duplicatesAreFoundWithoutAllocating() {
        long a = table.begin(Opcode.POP, 0, false);
        long b = table.begin(Opcode.POP, 0, false);
        assertFalse(table.hasDuplicate(new long[] {a, b}, 2));
        assertTrue(table.hasDuplicate(new long[] {a, b, a}, 3));
        assertFalse(table.hasDuplicate(new long[] {a, b, a}, 2), "only the first count tokens matter");
        for (int i = 0; i < 10; i++) {
            assertFalse(table.hasDuplicate(new long[] {b, a}, 2), "marks of earlier calls do not leak");
        }
    }

    @Test
    void generationsWrapWithoutEverBeingZero() {
        OperationTable one = new OperationTable(1, 1);
        long first = one.begin(Opcode.POP, 0, false);
        one.release(0);
        long previous = first;
        for (int i = 0; i < QTokens.GENERATION_MASK + 2; i++) {
            long qt = one.begin(Opcode.POP, 0, false);
            int generation = QTokens.generation(qt);
            if (generation == 0 || qt == previous) {
                throw new AssertionError("generation " + generation + " at round " + i);
            }
            previous = qt;
            one.release(0);
        }
        long qt = one.begin(Opcode.POP, 0, false);
        assertEquals(Errno.OK, one.validate(qt));
    }
}
