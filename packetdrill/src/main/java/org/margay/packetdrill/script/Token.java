package org.margay.packetdrill.script;

/**
 * One lexical token of a packetdrill script.
 *
 * @param kind        what the token is
 * @param text        its text: the digits of a number, the word, the punctuation, or the raw contents of a
 *                    command ({@code `...`}), code block ({@code %{ ... }%}), string or option
 * @param line        the 1-based line the token starts on
 * @param column      the 1-based column it starts at
 * @param spaceBefore whether whitespace (or a comment, or a line break) separates it from the previous token
 */
public record Token(Kind kind, String text, int line, int column, boolean spaceBefore) {

    /** The token kinds. */
    public enum Kind {
        /** A decimal integer, a decimal fraction ({@code 0.1}, {@code .1}) or a hexadecimal integer. */
        NUMBER,
        /** A word: a letter or underscore, then letters, digits and underscores. */
        WORD,
        /** Punctuation: {@code ...} or a single character. */
        PUNCT,
        /** A double-quoted string (text without the quotes, escapes resolved). */
        STRING,
        /** A backquoted shell command (text between the backquotes, may span lines). */
        COMMAND,
        /** An embedded code block (text between {@code %{} and {@code }%}). */
        CODE,
        /** A command-line option line {@code --name[=value]} (text without the dashes). */
        OPTION,
        /** The end of the script. */
        EOF
    }

    /** Whether this is the punctuation {@code p}. */
    public boolean is(String p) {
        return kind == Kind.PUNCT && text.equals(p);
    }

    /** Whether this is the word {@code w}. */
    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return switch (kind) {
            case EOF -> "the end of the script";
            case COMMAND -> "a `command`";
            case CODE -> "a %{ code }% block";
            case STRING -> "\"" + text + "\"";
            case OPTION -> "--" + text;
            default -> "'" + text + "'";
        };
    }
}
