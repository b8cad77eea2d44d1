package org.margay.packetdrill.script;

/**
 * A malformed script: the message names the line (and column) where reading stopped and what was expected. A
 * checked exception, so that a caller cannot forget that scripts come from outside.
 */
public final class ScriptSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    /** A syntax error at {@code line} with a message that does not repeat the line. */
    public ScriptSyntaxException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the error. */
    public int line() {
        return line;
    }
}
