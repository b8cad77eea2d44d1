package org.margay.fastpath.impair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImpairmentProfileTest {
    @Test
    void builderSetsEachField() {
        ImpairmentProfile profile = ImpairmentProfile.builder()
                .loss(1).gilbertElliott(2, 30, 40).reorder(5, 1_000).duplicate(6).corrupt(7).seed(99).build();
        assertEquals(new ImpairmentProfile(1, 2, 30, 40, 5, 1_000, 6, 7, 99), profile);
        assertEquals(100, profile.withSeed(100).seed());
        assertTrue(profile.isBursty());
        assertFalse(profile.isNone());
        assertTrue(ImpairmentProfile.NONE.isNone());
    }

    @Test
    void percentagesOutsideZeroToHundredAreRefusedByName() {
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProfile.builder().loss(120).build());
        assertEquals("lossPercent must be a percentage within 0..100, was 120.0", loss.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProfile.builder().corrupt(Double.NaN).build());
        assertTrue(nan.getMessage().startsWith("corruptPercent"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImpairmentProfile.builder().duplicate(-0.5).build());
        assertThrows(IllegalArgumentException.class, () -> ImpairmentProfile.builder().reorder(101, 0).build());
        IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProfile.builder().reorder(10, -1).build());
        assertTrue(delay.getMessage().startsWith("reorderDelayNanos"), delay.getMessage());
    }

    @Test
    void aBadStateWithNoWayOutIsRefused() {
        IllegalArgumentException stuck = assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProfile.builder().gilbertElliott(1, 0, 100).build());
        assertTrue(stuck.getMessage().contains("never leave the bad state"), stuck.getMessage());
    }

    @Test
    void expectedLossMixesTheTwoStates() {
        assertEquals(3.0, ImpairmentProfile.builder().loss(3).build().expectedLossPercent(), 1e-12);
        // πB = 1/(1+9) = 0.1: 0.9 * 0 + 0.1 * 50 = 5 %.
        assertEquals(5.0, ImpairmentProfile.builder().gilbertElliott(1, 9, 50).build().expectedLossPercent(), 1e-12);
    }
}
