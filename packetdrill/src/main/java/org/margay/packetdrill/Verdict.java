package org.margay.packetdrill;

/** How a script ended. */
public enum Verdict {
    /** Every event happened as the script says. */
    PASSED,
    /** The stack did something else (or the script is malformed); the result names the first difference. */
    FAILED,
    /** The script needs something Margay or the runner does not model; the result names it. */
    UNSUPPORTED
}
