package org.margay.explain.render;

/**
 * The rectangle a text label occupies in a picture, for layout and for checking that no two labels overlap.
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width (not negative)
 * @param height height (not negative)
 * @param text   the label
 */
public record Box(double x, double y, double width, double height, String text) {
    /** Checks the size. */
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size");
        }
    }

    /** Whether the interiors of this box and {@code o} intersect (touching edges do not count). */
    public boolean overlaps(Box o) {
        double eps = 0.01;
        return x + width > o.x + eps && o.x + o.width > x + eps && y + height > o.y + eps && o.y + o.height > y + eps;
    }

    /** The right edge. */
    public double right() {
        return x + width;
    }

    /** The bottom edge. */
    public double bottom() {
        return y + height;
    }
}
