package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Evaluates the Python of a {@code %{ }%} block, restricted to what packetdrill scripts write there: statements
 * {@code assert EXPR[, MESSAGE]} separated by newlines or {@code ;}, where EXPR uses integers, {@code tcpi_*} fields,
 * named constants, arithmetic ({@code + - * / // %}), bit operations ({@code & | ^ ~ << >>}), comparisons (chained
 * as in Python) and {@code and}/{@code or}/{@code not}. Anything else makes the script unsupported, naming the
 * construct; a {@code tcpi_} field the engine does not expose makes it unsupported naming the field.
 */
final class AssertEvaluator {
    private final List<String> tokens = new ArrayList<>();
    private final ToLongFunction<String> fields;
    private int pos;

    private AssertEvaluator(ToLongFunction<String> fields) {
        this.fields = fields;
    }

    /**
     * The {@code tcpi_} fields {@code code} reads, in order of appearance, and throws {@link UnsupportedFeature}
     * for a construct outside the subset. Used before running, so an unsupported script is known at once.
     */
    static List<String> fieldsUsed(String code) throws UnsupportedFeature {
        List<String> used = new ArrayList<>();
        for (List<String> statement : statements(code)) {
            for (String t : statement) {
                if (t.startsWith("tcpi_") && !used.contains(t)) {
                    used.add(t);
                }
            }
        }
        return used;
    }

    /** Runs every assert; returns null when all hold, else the failed assertion's text and message. */
    static String run(String code, ToLongFunction<String> fields) throws UnsupportedFeature {
        for (List<String> statement : statements(code)) {
            AssertEvaluator e = new AssertEvaluator(fields);
            e.tokens.addAll(statement.subList(1, statement.size()));
            long ok = e.expression();
            String message = null;
            if (e.pos < e.tokens.size() && e.tokens.get(e.pos).equals(",")) {
                e.pos++;
                int start = e.pos;
                long m = e.expression();
                message = String.join(" ", e.tokens.subList(start, e.pos)) + " = " + m;
            }
            if (e.pos != e.tokens.size()) {
                throw new UnsupportedFeature("Python construct not modelled in %{ }%: '" + String.join(" ", statement)
                        + "'");
            }
            if (ok == 0) {
                return "assertion failed: " + String.join(" ", statement.subList(1, statement.size()))
                        + (message == null ? "" : " (" + message + ")");
            }
        }
        return null;
    }

    private static List<List<String>> statements(String code) throws UnsupportedFeature {
        List<List<String>> out = new ArrayList<>();
        for (String raw : code.split("[\n;]")) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            List<String> t = tokenize(line);
            if (!t.get(0).equals("assert")) {
                throw new UnsupportedFeature("Python statement not modelled in %{ }%: '" + line + "'");
            }
            if (t.size() < 2) {
                throw new UnsupportedFeature("empty assert in %{ }%");
            }
            out.add(t);
        }
        return out;
    }

    private static List<String> tokenize(String s) throws UnsupportedFeature {
        List<String> t = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                t.add(s.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)))) {
                    j++;
                }
                t.add(s.substring(i, j));
                i = j;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "//", "<<", ">>").contains(two)) {
                    t.add(two);
                    i += 2;
                } else if ("+-*/%&|^~<>(),".indexOf(c) >= 0) {
                    t.add(String.valueOf(c));
                    i++;
                } else {
                    throw new UnsupportedFeature("Python character not modelled in %{ }%: '" + c + "' in '" + s + "'");
                }
            }
        }
        return t;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : "";
    }

    private boolean accept(String t) {
        if (peek().equals(t)) {
            pos++;
            return true;
        }
        return false;
    }

    private long expression() throws UnsupportedFeature {
        long v = andExpr();
        while (accept("or")) {
            long r = andExpr();
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        return v;
    }

    private long andExpr() throws UnsupportedFeature {
        long v = notExpr();
        while (accept("and")) {
            long r = notExpr();
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private long notExpr() throws UnsupportedFeature {
        if (accept("not")) {
            return notExpr() == 0 ? 1 : 0;
        }
        return comparison();
    }

    private long comparison() throws UnsupportedFeature {
        long left = bitOr();
        boolean result = true;
        boolean any = false;
        while (List.of("==", "!=", "<", "<=", ">", ">=").contains(peek())) {
            String op = tokens.get(pos++);
            long right = bitOr();
            boolean r = switch (op) {
                case "==" -> left == right;
                case "!=" -> left != right;
                case "<" -> left < right;
                case "<=" -> left <= right;
                case ">" -> left > right;
                default -> left >= right;
            };
            result &= r;
            any = true;
            left = right;
        }
        return any ? (result ? 1 : 0) : left;
    }

    private long bitOr() throws UnsupportedFeature {
        long v = bitXor();
        while (accept("|")) {
            v |= bitXor();
        }
        return v;
    }

    private long bitXor() throws UnsupportedFeature {
        long v = bitAnd();
        while (accept("^")) {
            v ^= bitAnd();
        }
        return v;
    }

    private long bitAnd() throws UnsupportedFeature {
        long v = shift();
        while (accept("&")) {
            v &= shift();
        }
        return v;
    }

    private long shift() throws UnsupportedFeature {
        long v = sum();
        while (true) {
            if (accept("<<")) {
                v <<= sum();
            } else if (accept(">>")) {
                v >>= sum();
            } else {
                return v;
            }
        }
    }

    private long sum() throws UnsupportedFeature {
        long v = product();
        while (true) {
            if (accept("+")) {
                v += product();
            } else if (accept("-")) {
                v -= product();
            } else {
                return v;
            }
        }
    }

    private long product() throws UnsupportedFeature {
        long v = unary();
        while (true) {
            if (accept("*")) {
                v *= unary();
            } else if (accept("//") || accept("/")) {
                long d = unary();
                if (d == 0) {
                    throw new UnsupportedFeature("division by zero in %{ }%");
                }
                v = Math.floorDiv(v, d);
            } else if (accept("%")) {
                long d = unary();
                if (d == 0) {
                    throw new UnsupportedFeature("modulo by zero in %{ }%");
                }
                v = Math.floorMod(v, d);
            } else {
                return v;
            }
        }
    }

    private long unary() throws UnsupportedFeature {
        if (accept("-")) {
            return -unary();
        }
        if (accept("+")) {
            return unary();
        }
        if (accept("~")) {
            return ~unary();
        }
        return atom();
    }

    private long atom() throws UnsupportedFeature {
        String t = peek();
        if (t.isEmpty()) {
            throw new UnsupportedFeature("incomplete expression in %{ }%");
        }
        pos++;
        if (t.equals("(")) {
            long v = expression();
            if (!accept(")")) {
                throw new UnsupportedFeature("unbalanced parenthesis in %{ }%");
            }
            return v;
        }
        if (Character.isDigit(t.charAt(0))) {
            try {
                return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new UnsupportedFeature("number not modelled in %{ }%: " + t);
            }
        }
        if (t.startsWith("tcpi_")) {
            if (!TcpInfo.FIELDS.contains(t)) {
                throw new UnsupportedFeature("TCP_INFO field " + t + " is not exposed by the engine");
            }
            return fields.applyAsLong(t);
        }
        Long c = TcpInfo.constant(t);
        if (c == null) {
            throw new UnsupportedFeature("name not modelled in %{ }%: " + t);
        }
        return c;
    }
}
