package org.margay.fastpath.impair;

/**
 * What a link does wrong, and the seed that makes it do so reproducibly. Margay injects its own faults (there
 * is no {@code tc netem} on every machine it runs on), at the device layer, so every stack above meets them.
 *
 * <h2>Loss</h2>
 * Plain random loss drops each frame with probability {@code lossPercent}. Bursty loss follows the
 * Gilbert-Elliott model: a two-state Markov chain moved once per frame, from "good" to "bad" with
 * probability {@code goodToBadPercent} and back with {@code badToGoodPercent}; a frame is lost with
 * {@code lossPercent} in the good state and {@code badLossPercent} in the bad state. With
 * {@code goodToBadPercent == 0} the chain never leaves the good state and the model is plain random loss.
 * The long-run loss rate is {@link #expectedLossPercent()}.
 *
 * <h2>The other faults</h2>
 * Each delivered frame is, independently: duplicated with {@code duplicatePercent}; corrupted with
 * {@code corruptPercent} (one uniformly chosen bit of the whole frame is flipped, headers included: the
 * checksums above must catch it); reordered with {@code reorderPercent}, by holding it back
 * {@code reorderDelayNanos} while later frames pass, or, when that delay is {@link #HOLD_FOR_NEXT_FRAME},
 * until the next delivered frame has passed it.
 *
 * <p>Invariants, checked on construction with messages naming the field: every percentage is a number in
 * {@code [0, 100]}; the delay is not negative; a bursty chain that can enter the bad state can leave it.
 *
 * @param lossPercent       loss probability, in percent, in the good state (or always, without bursts)
 * @param goodToBadPercent  Gilbert-Elliott: per-frame probability of moving from good to bad
 * @param badToGoodPercent  Gilbert-Elliott: per-frame probability of moving from bad to good
 * @param badLossPercent    Gilbert-Elliott: loss probability in the bad state
 * @param reorderPercent    probability that a frame is held back so that later frames overtake it
 * @param reorderDelayNanos how long a reordered frame is held, or {@link #HOLD_FOR_NEXT_FRAME}
 * @param duplicatePercent  probability that a frame is delivered twice
 * @param corruptPercent    probability that one bit of a frame is flipped
 * @param seed              the seed of the decisions: the same seed gives the same decisions
 */
public record ImpairmentProfile(
        double lossPercent,
        double goodToBadPercent,
        double badToGoodPercent,
        double badLossPercent,
        double reorderPercent,
        long reorderDelayNanos,
        double duplicatePercent,
        double corruptPercent,
        long seed) {

    /** {@code reorderDelayNanos} value: hold a reordered frame until the next frame has gone past it. */
    public static final long HOLD_FOR_NEXT_FRAME = 0;

    /** A perfect link. */
    public static final ImpairmentProfile NONE = new ImpairmentProfile(0, 0, 0, 0, 0, HOLD_FOR_NEXT_FRAME, 0, 0, 0);

    public ImpairmentProfile {
        checkPercent("lossPercent", lossPercent);
        checkPercent("goodToBadPercent", goodToBadPercent);
        checkPercent("badToGoodPercent", badToGoodPercent);
        checkPercent("badLossPercent", badLossPercent);
        checkPercent("reorderPercent", reorderPercent);
        checkPercent("duplicatePercent", duplicatePercent);
        checkPercent("corruptPercent", corruptPercent);
        if (reorderDelayNanos < 0) {
            throw new IllegalArgumentException("reorderDelayNanos must not be negative (0 = hold for the next frame), was "
                    + reorderDelayNanos);
        }
        if (goodToBadPercent > 0 && badToGoodPercent == 0) {
            throw new IllegalArgumentException("badToGoodPercent must be above 0 when goodToBadPercent is "
                    + goodToBadPercent + ": the Gilbert-Elliott chain would never leave the bad state");
        }
    }

    /** A builder starting from a perfect link with seed 0. */
    public static Builder builder() {
        return new Builder(NONE);
    }

    /** A builder starting from this profile. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This profile with another seed. */
    public ImpairmentProfile withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** Whether this profile never changes a frame (every percentage is zero). */
    public boolean isNone() {
        return lossPercent == 0 && goodToBadPercent == 0 && reorderPercent == 0 && duplicatePercent == 0
                && corruptPercent == 0;
    }

    /** Whether loss follows the two-state Gilbert-Elliott chain rather than a fixed rate. */
    public boolean isBursty() {
        return goodToBadPercent > 0;
    }

    /**
     * The long-run fraction of frames lost, in percent: the stationary mix of the two states' loss rates,
     * {@code πG·lossPercent + πB·badLossPercent} with {@code πB = p/(p+r)}.
     */
    public double expectedLossPercent() {
        if (!isBursty()) {
            return lossPercent;
        }
        double bad = goodToBadPercent / (goodToBadPercent + badToGoodPercent);
        return (1 - bad) * lossPercent + bad * badLossPercent;
    }

    private static void checkPercent(String name, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be a percentage within 0..100, was " + value);
        }
    }

    /** Builds a profile field by field; {@link #build()} validates. */
    public static final class Builder {
        private double lossPercent;
        private double goodToBadPercent;
        private double badToGoodPercent;
        private double badLossPercent;
        private double reorderPercent;
        private long reorderDelayNanos;
        private double duplicatePercent;
        private double corruptPercent;
        private long seed;

        private Builder(ImpairmentProfile from) {
            lossPercent = from.lossPercent;
            goodToBadPercent = from.goodToBadPercent;
            badToGoodPercent = from.badToGoodPercent;
            badLossPercent = from.badLossPercent;
            reorderPercent = from.reorderPercent;
            reorderDelayNanos = from.reorderDelayNanos;
            duplicatePercent = from.duplicatePercent;
            corruptPercent = from.corruptPercent;
            seed = from.seed;
        }

        /** Random loss (or the good state's loss, with bursts). */
        public Builder loss(double percent) {
            lossPercent = percent;
            return this;
        }

        /** Gilbert-Elliott bursty loss: transition probabilities and the bad state's loss rate. */
        public Builder gilbertElliott(double goodToBad, double badToGood, double badLoss) {
            goodToBadPercent = goodToBad;
            badToGoodPercent = badToGood;
            badLossPercent = badLoss;
            return this;
        }

        /** Reordering: the share of frames held back, and for how long ({@link #HOLD_FOR_NEXT_FRAME} = until the next frame). */
        public Builder reorder(double percent, long delayNanos) {
            reorderPercent = percent;
            reorderDelayNanos = delayNanos;
            return this;
        }

        /** Duplication. */
        public Builder duplicate(double percent) {
            duplicatePercent = percent;
            return this;
        }

        /** Single-bit corruption. */
        public Builder corrupt(double percent) {
            corruptPercent = percent;
            return this;
        }

        /** The seed of the decisions. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** The validated profile. */
        public ImpairmentProfile build() {
            return new ImpairmentProfile(lossPercent, goodToBadPercent, badToGoodPercent, badLossPercent,
                    reorderPercent, reorderDelayNanos, duplicatePercent, corruptPercent, seed);
        }
    }
}
