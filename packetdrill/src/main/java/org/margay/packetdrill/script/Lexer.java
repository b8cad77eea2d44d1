package org.margay.packetdrill.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a packetdrill script into {@link Token}s. Comments ({@code //} to the end of the line and
 * {@code /* ... *}{@code /}) and whitespace separate tokens and are dropped. Backquoted commands, {@code %{ }%}
 * code blocks and strings are single tokens that may span lines. A line that starts with {@code --} followed by
 * a letter is an option. Any other character becomes one-character punctuation, so the lexer itself never fails
 * on odd text except for an unterminated command, code block, string or comment.
 */
public final class Lexer {
    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private boolean atLineStart = true;

    private Lexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code script}, ending with one {@link Token.Kind#EOF} token. */
    public static List<Token> tokenize(String script) throws ScriptSyntaxException {
        return new Lexer(script).run();
    }

    private List<Token> run() throws ScriptSyntaxException {
        List<Token> tokens = new ArrayList<>();
        boolean space = true;
        while (true) {
            space |= skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.EOF, "", line, column, true));
                return tokens;
            }
            int startLine = line;
            int startColumn = column;
            boolean lineStart = atLineStart;
            atLineStart = false;
            char c = text.charAt(pos);
            Token t;
            if (c == '`') {
                t = new Token(Token.Kind.COMMAND, delimited("`", "`", "backquoted command"), startLine, startColumn, space);
            } else if (c == '%' && peek(1) == '{') {
                t = new Token(Token.Kind.CODE, delimited("%{", "}%", "%{ code }% block"), startLine, startColumn, space);
            } else if (c == '"') {
                t = new Token(Token.Kind.STRING, string(), startLine, startColumn, space);
            } else if (lineStart && c == '-' && peek(1) == '-' && Character.isLetter(peek(2))) {
                advance(2);
                int start = pos;
                while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                    advance(1);
                }
                t = new Token(Token.Kind.OPTION, text.substring(start, pos), startLine, startColumn, space);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                t = new Token(Token.Kind.NUMBER, number(), startLine, startColumn, space);
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    advance(1);
                }
                t = new Token(Token.Kind.WORD, text.substring(start, pos), startLine, startColumn, space);
            } else if (c == '.' && peek(1) == '.' && peek(2) == '.') {
                advance(3);
                t = new Token(Token.Kind.PUNCT, "...", startLine, startColumn, space);
            } else {
                advance(1);
                t = new Token(Token.Kind.PUNCT, String.valueOf(c), startLine, startColumn, space);
            }
            tokens.add(t);
            space = false;
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private void advance(int n) {
        for (int i = 0; i < n && pos < text.length(); i++) {
            if (text.charAt(pos) == '\n') {
                line++;
                column = 1;
                atLineStart = true;
            } else {
                column++;
            }
            pos++;
        }
    }

    /** Skips whitespace and comments; returns whether anything was skipped. */
    private boolean skipSpaceAndComments() throws ScriptSyntaxException {
        boolean skipped = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                advance(1);
                skipped = true;
            } else if (Character.isWhitespace(c)) {
                boolean keepLineStart = atLineStart;
                advance(1);
                atLineStart = keepLineStart;
                skipped = true;
            } else if (c == '/' && peek(1) == '/') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    advance(1);
                }
                skipped = true;
            } else if (c == '/' && peek(1) == '*') {
                int startLine = line;
                advance(2);
                while (pos < text.length() && !(text.charAt(pos) == '*' && peek(1) == '/')) {
                    advance(1);
                }
                if (pos >= text.length()) {
                    throw new ScriptSyntaxException(startLine, "unterminated /* comment");
                }
                advance(2);
                skipped = true;
            } else {
                break;
            }
        }
        return skipped;
    }

    private String delimited(String open, String close, String what) throws ScriptSyntaxException {
        int startLine = line;
        advance(open.length());
        int end = text.indexOf(close, pos);
        if (end < 0) {
            throw new ScriptSyntaxException(startLine, "unterminated " + what);
        }
        String body = text.substring(pos, end);
        advance(end - pos + close.length());
        return body;
    }

    private String string() throws ScriptSyntaxException {
        int startLine = line;
        advance(1);
        StringBuilder b = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos);
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char e = text.charAt(pos + 1);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '0' -> '\0';
                    default -> e;
                });
                advance(2);
            } else {
                b.append(c);
                advance(1);
            }
        }
        if (pos >= text.length() || text.charAt(pos) != '"') {
            throw new ScriptSyntaxException(startLine, "unterminated string");
        }
        advance(1);
        return b.toString();
    }

    private String number() {
        int start = pos;
        if (text.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHex(peek(2))) {
            advance(2);
            while (pos < text.length() && isHex(text.charAt(pos))) {
                advance(1);
            }
            return text.substring(start, pos);
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            advance(1);
        }
        if (pos < text.length() && text.charAt(pos) == '.' && Character.isDigit(peek(1))) {
            advance(1);
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                advance(1);
            }
        }
        return text.substring(start, pos);
    }

    private static boolean isHex(char c) {
        return Character.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
