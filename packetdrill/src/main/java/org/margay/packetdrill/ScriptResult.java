package org.margay.packetdrill;

import java.util.List;

/**
 * The outcome of one script.
 *
 * @param name    the script's name in reports (its path relative to the root it was found under)
 * @param profile the profile it ran with
 * @param verdict passed, failed or unsupported
 * @param detail  for a failure: the line, the time and the first mismatch (expected against actual); for an
 *                unsupported script: the reason; empty for a pass
 * @param notes   things the run accepted but did not model (options not applied, frames ignored), for
 *                {@code --verbose} reports
 */
public record ScriptResult(String name, Profile profile, Verdict verdict, String detail, List<String> notes) {
    public ScriptResult {
        notes = List.copyOf(notes);
        detail = detail == null ? "" : detail;
    }

    /** The report line: verdict, name, profile and detail. */
    public String line() {
        String tag = switch (verdict) {
            case PASSED -> "PASS ";
            case FAILED -> "FAIL ";
            case UNSUPPORTED -> "UNSUP";
        };
        return tag + " " + name + " [" + profile.id() + "]" + (detail.isEmpty() ? "" : ": " + detail);
    }
}
