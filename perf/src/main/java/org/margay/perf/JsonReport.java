package org.margay.perf;

import java.util.List;

/**
 * Writes the rows as the JSON: an array of objects with exactly the keys {@code scenario}, {@code metric},
 * {@code unit}, {@code margay}, {@code alternative}, {@code alternativeName} and {@code ratio}. The numbers are the
 * medians over the rounds; a value that was never measured is {@code null}. The spread and the probe go to the
 * text table and the plot, not here, so that the shape stays the one the issue fixed.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** The JSON text for {@code rows}, one object per line. */
    public static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.append("  {\"scenario\": ").append(string(r.scenario()))
                    .append(", \"metric\": ").append(string(r.metric()))
                    .append(", \"unit\": ").append(string(r.unit()))
                    .append(", \"margay\": ").append(number(r.margay().median()))
                    .append(", \"alternative\": ").append(number(r.alternative().median()))
                    .append(", \"alternativeName\": ").append(string(r.alternativeName()))
                    .append(", \"ratio\": ").append(number(r.ratio().median()))
                    .append('}').append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return out.append("]\n").toString();
    }

    /** A JSON number, or {@code null} for NaN and infinities (JSON has neither). */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A JSON string with the escapes RFC 8259 §7 requires. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
