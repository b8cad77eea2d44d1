package org.margay.fastpath.impair;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.SplittableRandom;
import org.margay.fastpath.buffer.PacketBuffer;

/**
 * The decision engine of an {@link ImpairmentProfile}: asked once per frame, it answers with a set of
 * decision bits ({@link #DROP}, {@link #DUPLICATE}, {@link #CORRUPT}, {@link #REORDER}; {@link #DELIVER}
 * when none) and counts every decision. Whoever moves the frames (an {@link ImpairedDevice}, the
 * simulator's links) acts on the answer.
 *
 * <p>Deterministic: the same profile (seed included) asked the same sequence of questions gives the same
 * answers, on every machine, because all randomness comes from one {@link SplittableRandom} seeded by the
 * profile. Allocates nothing per frame. Single-threaded.
 */
public final class Impairment {
    /** No decision bit: deliver the frame as it is. */
    public static final int DELIVER = 0;
    /** Lose the frame. Never combined with another bit. */
    public static final int DROP = 1;
    /** Deliver the frame twice. */
    public static final int DUPLICATE = 1 << 1;
    /** Flip one bit of the frame ({@link #pickBit(int)} chooses which). */
    public static final int CORRUPT = 1 << 2;
    /** Hold the frame back so that later frames overtake it. */
    public static final int REORDER = 1 << 3;

    private final ImpairmentProfile profile;
    private final SplittableRandom random;
    private final boolean passThrough;
    private final boolean bursty;
    private final double goodLoss;
    private final double badLoss;
    private final double goodToBad;
    private final double badToGood;
    private final double duplicate;
    private final double corrupt;
    private final double reorder;

    private boolean badState;
    private long frames;
    private long dropped;
    private long duplicated;
    private long corrupted;
    private long reordered;

    /** An engine for {@code profile}, seeded by {@code profile.seed()}. */
    public Impairment(ImpairmentProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.random = new SplittableRandom(profile.seed());
        this.passThrough = profile.isNone();
        this.bursty = profile.isBursty();
        this.goodLoss = profile.lossPercent() / 100;
        this.badLoss = profile.badLossPercent() / 100;
        this.goodToBad = profile.goodToBadPercent() / 100;
        this.badToGood = profile.badToGoodPercent() / 100;
        this.duplicate = profile.duplicatePercent() / 100;
        this.corrupt = profile.corruptPercent() / 100;
        this.reorder = profile.reorderPercent() / 100;
    }

    /** The profile this engine follows. */
    public ImpairmentProfile profile() {
        return profile;
    }

    /** Whether this engine never changes a frame (its profile {@link ImpairmentProfile#isNone() is none}). */
    public boolean isPassThrough() {
        return passThrough;
    }

    /**
     * Decides the fate of the next frame and counts the decision. Loss is decided first (in the current
     * Gilbert-Elliott state, which then moves); a surviving frame is independently considered for
     * duplication, corruption and reordering, in that order.
     */
    public int decide() {
        frames++;
        if (passThrough) {
            return DELIVER;
        }
        double lossProbability = badState ? badLoss : goodLoss;
        boolean lost = lossProbability > 0 && random.nextDouble() < lossProbability;
        if (bursty) {
            badState = badState ? !(random.nextDouble() < badToGood) : random.nextDouble() < goodToBad;
        }
        if (lost) {
            dropped++;
            return DROP;
        }
        int decision = DELIVER;
        if (duplicate > 0 && random.nextDouble() < duplicate) {
            decision |= DUPLICATE;
            duplicated++;
        }
        if (corrupt > 0 && random.nextDouble() < corrupt) {
            decision |= CORRUPT;
            corrupted++;
        }
        if (reorder > 0 && random.nextDouble() < reorder) {
            decision |= REORDER;
            reordered++;
        }
        return decision;
    }

    /**
     * A uniformly chosen bit of a frame of {@code frameLength} bytes, numbered from 0 (the most significant
     * bit of the first byte), or -1 for an empty frame. Consumes randomness: call it once per
     * {@link #CORRUPT} decision, right after {@link #decide()}, to stay deterministic.
     */
    public long pickBit(int frameLength) {
        if (frameLength <= 0) {
            return -1;
        }
        return random.nextLong((long) frameLength * 8);
    }

    /**
     * Flips one {@link #pickBit(int) randomly chosen} bit of {@code frame} in place and returns its number
     * (-1 for an empty frame). The caller must hold the only reference (count 1), or every holder sees the
     * damage.
     */
    public long corrupt(PacketBuffer frame) {
        long bit = pickBit(frame.frameLength());
        flipBit(frame, bit);
        return bit;
    }

    /**
     * Flips bit {@code bit} of the frame's data (chain included; bit 0 is the most significant bit of the
     * first byte). Does nothing for a negative {@code bit} or one past the frame's end.
     */
    public static void flipBit(PacketBuffer frame, long bit) {
        if (bit < 0) {
            return;
        }
        long byteIndex = bit >>> 3;
        for (PacketBuffer segment = frame; segment != null; segment = segment.next()) {
            int length = segment.length();
            if (byteIndex < length) {
                MemorySegment memory = segment.segment();
                long at = segment.start() + byteIndex;
                byte value = memory.get(ValueLayout.JAVA_BYTE, at);
                memory.set(ValueLayout.JAVA_BYTE, at, (byte) (value ^ (0x80 >>> (int) (bit & 7))));
                return;
            }
            byteIndex -= length;
        }
    }

    /** Whether the Gilbert-Elliott chain is in its bad state now. */
    public boolean inBadState() {
        return badState;
    }

    /** Frames decided on. */
    public long frames() {
        return frames;
    }

    /** Frames decided {@link #DROP}. */
    public long dropped() {
        return dropped;
    }

    /** Frames that were not dropped. */
    public long delivered() {
        return frames - dropped;
    }

    /** Frames decided {@link #DUPLICATE}. */
    public long duplicated() {
        return duplicated;
    }

    /** Frames decided {@link #CORRUPT}. */
    public long corrupted() {
        return corrupted;
    }

    /** Frames decided {@link #REORDER}. */
    public long reordered() {
        return reordered;
    }

    @Override
    public String toString() {
        return "Impairment[frames " + frames + ", dropped " + dropped + ", duplicated " + duplicated
                + ", corrupted " + corrupted + ", reordered " + reordered + "]";
    }
}
