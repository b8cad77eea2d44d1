package org.margay.explain.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small hand-written SVG builder: lines, paths, rectangles, circles and monospaced text, with every text's box
 * recorded so that layouts can avoid overlaps and tests can check them. Text uses DejaVu Sans Mono (monospace),
 * whose advance is 0.602 em, so a label's width is known without a font engine: {@link #textWidth}.
 */
public final class Svg {
    /** Advance of one character, in em, of the monospaced font (DejaVu Sans Mono: 1233/2048), with a margin. */
    public static final double CHAR_EM = 0.61;
    private static final String FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    private final double width;
    private double height;
    private final StringBuilder body = new StringBuilder();
    private final List<Box> boxes = new ArrayList<>();

    /** A picture {@code width} wide; the height may be set later with {@link #height(double)}. */
    public Svg(double width, double height) {
        this.width = width;
        this.height = height;
    }

    /** The width of {@code text} at {@code size} px. */
    public static double textWidth(String text, double size) {
        return text.codePointCount(0, text.length()) * size * CHAR_EM;
    }

    /** {@code text} cut to at most {@code px} wide at {@code size}, ending with "…" when cut. */
    public static String fit(String text, double px, double size) {
        int most = (int) Math.floor(px / (size * CHAR_EM));
        if (text.codePointCount(0, text.length()) <= most) {
            return text;
        }
        if (most <= 1) {
            return "";
        }
        return text.substring(0, text.offsetByCodePoints(0, most - 1)) + "…";
    }

    /** The box {@code text} would take if drawn at (x, baseline y) with {@code anchor} "start", "middle" or "end". */
    public static Box boxOf(String text, double x, double y, double size, String anchor) {
        double w = textWidth(text, size);
        double left = switch (anchor) {
            case "middle" -> x - w / 2;
            case "end" -> x - w;
            default -> x;
        };
        return new Box(left, y - 0.8 * size, w, size, text);
    }

    /** Sets the height. */
    public void height(double h) {
        height = h;
    }

    /** The height. */
    public double height() {
        return height;
    }

    /** The width. */
    public double width() {
        return width;
    }

    /** Every text box drawn so far. */
    public List<Box> boxes() {
        return boxes;
    }

    /** Draws {@code text} with its baseline at y; returns its box. */
    public Box text(double x, double y, String text, double size, String anchor, String color, boolean bold) {
        Box box = boxOf(text, x, y, size, anchor);
        boxes.add(box);
        body.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\""
                        + " fill=\"%s\"%s>%s</text>%n", x, y, size, anchor, color, bold ? " font-weight=\"bold\"" : "",
                escape(text)));
        return box;
    }

    /** Draws {@code text} on a white, slightly transparent band so it stays legible over lines. */
    public Box label(double x, double y, String text, double size, String anchor, String color) {
        Box box = boxOf(text, x, y, size, anchor);
        rect(box.x() - 1, box.y(), box.width() + 2, box.height(), "white", "none", 0.85);
        return text(x, y, text, size, anchor, color, false);
    }

    /** A line. */
    public void line(double x1, double y1, double x2, double y2, String color, double strokeWidth, String dash) {
        body.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, color, strokeWidth, dashAttr(dash)));
    }

    /** A line ending in an arrow head at (x2, y2). */
    public void arrow(double x1, double y1, double x2, double y2, String color, double strokeWidth, String dash) {
        line(x1, y1, x2, y2, color, strokeWidth, dash);
        double angle = Math.atan2(y2 - y1, x2 - x1);
        double len = 8;
        double a1 = angle + Math.PI - 0.4;
        double a2 = angle + Math.PI + 0.4;
        body.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"%s\"/>%n", x2,
                y2, x2 + len * Math.cos(a1), y2 + len * Math.sin(a1), x2 + len * Math.cos(a2), y2 + len * Math.sin(a2),
                color));
    }

    /** A cross centred at (x, y). */
    public void cross(double x, double y, double size, String color) {
        line(x - size, y - size, x + size, y + size, color, 2, null);
        line(x - size, y + size, x + size, y - size, color, 2, null);
    }

    /** A rectangle. */
    public void rect(double x, double y, double w, double h, String fill, String stroke, double opacity) {
        body.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
                + " stroke=\"%s\"%s/>%n", x, y, Math.max(0, w), Math.max(0, h), fill, stroke,
                opacity < 1 ? String.format(Locale.ROOT, " fill-opacity=\"%.2f\"", opacity) : ""));
    }

    /** A small filled circle. */
    public void dot(double x, double y, double r, String color) {
        body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y, r,
                color));
    }

    /** A polyline through {@code xs, ys} (the first {@code n} points). */
    public void polyline(double[] xs, double[] ys, int n, String color, double strokeWidth, String dash) {
        if (n < 2) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
        }
        body.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"%s/>%n", points.toString().trim(), color, strokeWidth, dashAttr(dash)));
    }

    /** A comment (for readers of the file). */
    public void comment(String text) {
        body.append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
    }

    private static String dashAttr(String dash) {
        return dash == null ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    /** XML-escapes text. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The finished document. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                        + " font-family=\"%s\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n%s</svg>%n",
                width, height, width, height, FONT, body);
    }
}
