package org.margay.pdpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class QTokensTest {
    @Test
    void fieldsRoundTripAndTokensArePositive() {
        qt().withFixedSeed(4_001L).withExamples(2000)
                .forAll(integers().between(1, QTokens.MAX_INSTANCES - 1),
                        integers().between(1, QTokens.GENERATION_MASK),
                        integers().between(0, QTokens.MAX_SLOTS - 1))
                .checkAssert((instance, generation, slot) -> {
                    long token = QTokens.make(instance, generation, slot);
                    assertTrue(token > 0, "token must be positive");
                    assertFalse(QTokens.isError(token));
                    assertEquals(0, QTokens.errno(token));
                    assertEquals(instance, QTokens.instance(token));
                    assertEquals(generation, QTokens.generation(token));
                    assertEquals(slot, QTokens.slot(token));
                });
    }

    @Test
    void extremesStayInTheirFields() {
        long token = QTokens.make(QTokens.MAX_INSTANCES - 1, QTokens.GENERATION_MASK, QTokens.MAX_SLOTS - 1);
        assertEquals(Long.MAX_VALUE, token, "all 63 value bits set, sign bit clear");
        // Out-of-range inputs are masked into their field, never spilling into a neighbour or the sign bit.
        long masked = QTokens.make(QTokens.MAX_INSTANCES + 3, QTokens.GENERATION_MASK + 2, QTokens.MAX_SLOTS + 5);
        assertEquals(3, QTokens.instance(masked));
        assertEquals(1, QTokens.generation(masked));
        assertEquals(5, QTokens.slot(masked));
        assertTrue(masked > 0);
    }

    @Test
    void errorsAreNegatedErrnos() {
        long error = -Errno.EBADF;
        assertTrue(QTokens.isError(error));
        assertEquals(Errno.EBADF, QTokens.errno(error));
        assertEquals("-EBADF", QTokens.toString(error));
        assertEquals("qt#7.3@2", QTokens.toString(QTokens.make(2, 3, 7)));
    }
}
