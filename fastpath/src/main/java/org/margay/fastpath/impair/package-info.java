/**
 * Link impairment: seeded, deterministic loss (random and Gilbert-Elliott bursts), reordering, duplication
 * and single-bit corruption. {@link org.margay.fastpath.impair.ImpairmentProfile} says what goes wrong,
 * {@link org.margay.fastpath.impair.Impairment} decides per frame and counts, and
 * {@link org.margay.fastpath.impair.ImpairedDevice} applies it around any device. The simulator's links
 * use the same engine.
 */
package org.margay.fastpath.impair;
