package org.margay.packetdrill.run;

/** The script failed: the stack did something other than the script expects (or the script cannot go on). */
public final class ScriptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with its explanation. */
    public ScriptFailure(String message) {
        super(message);
    }
}
