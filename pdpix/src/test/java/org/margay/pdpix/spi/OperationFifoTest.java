package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QTokens;

class OperationFifoTest {
    private final OperationTable table = new OperationTable(1, 16);

    private int slot() {
        return QTokens.slot(table.begin(Opcode.POP, 0, false));
    }

    @Test
    void keepsOrderAndRemovesAnywhere() {
        OperationFifo fifo = new OperationFifo(table);
        assertTrue(fifo.isEmpty());
        assertEquals(-1, fifo.poll());
        assertEquals(-1, fifo.peek());
        int a = slot();
        int b = slot();
        int c = slot();
        int d = slot();
        fifo.add(a);
        fifo.add(b);
        fifo.add(c);
        fifo.add(d);
        assertEquals(4, fifo.size());
        assertTrue(fifo.remove(c), "middle");
        assertTrue(fifo.remove(a), "head");
        assertTrue(fifo.remove(d), "tail");
        assertFalse(fifo.remove(d), "not there any more");
        assertEquals(b, fifo.peek());
        int e = slot();
        fifo.add(e);
        assertEquals(b, fifo.poll());
        assertEquals(e, fifo.poll());
        assertTrue(fifo.isEmpty());
        assertEquals(0, fifo.size());
    }

    @Test
    void twoListsOverOneTableStayApart() {
        OperationFifo pops = new OperationFifo(table);
        OperationFifo pushes = new OperationFifo(table);
        int a = slot();
        int b = slot();
        int c = slot();
        pops.add(a);
        pushes.add(b);
        pops.add(c);
        assertFalse(pushes.remove(a));
        assertEquals(a, pops.poll());
        assertEquals(c, pops.poll());
        assertEquals(b, pushes.poll());
    }

    @Test
    void behavesLikeADequeUnderRandomOperations() {
        qt().withFixedSeed(4_002L).withExamples(300)
                .forAll(lists().of(integers().between(0, 2)).ofSizeBetween(1, 200), integers().between(0, 15))
                .checkAssert((ops, pick) -> {
                    OperationTable t = new OperationTable(1, 16);
                    OperationFifo fifo = new OperationFifo(t);
                    ArrayDeque<Integer> model = new ArrayDeque<>();
                    List<Integer> free = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        free.add(QTokens.slot(t.begin(Opcode.POP, 0, false)));
                    }
                    for (int op : ops) {
                        if (op == 0 && !free.isEmpty()) {
                            int s = free.remove(free.size() - 1);
                            fifo.add(s);
                            model.add(s);
                        } else if (op == 1) {
                            int s = fifo.poll();
                            Integer m = model.poll();
                            assertEquals(m == null ? -1 : m, s);
                            if (s >= 0) {
                                free.add(s);
                            }
                        } else if (!model.isEmpty()) {
                            int s = new ArrayList<>(model).get(pick % model.size());
                            assertTrue(fifo.remove(s));
                            model.remove(s);
                            free.add(s);
                        }
                        assertEquals(model.size(), fifo.size());
                        assertEquals(model.isEmpty() ? -1 : model.peek(), fifo.peek());
                    }
                });
    }
}
