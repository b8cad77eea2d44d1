package org.margay.explain.lab;

import java.util.Objects;
import java.util.function.Supplier;
import org.margay.explain.model.Explanation;

/**
 * One lab scenario: a name to run it by, a title, a short text saying what to look for, and the run itself
 * (deterministic: the same scenario gives the same explanation every time).
 *
 * @param name     the name ({@code margay explain --scenario NAME})
 * @param title    one line
 * @param lookFor  what to look for, a paragraph
 * @param run      runs it and explains what happened
 */
public record Scenario(String name, String title, String lookFor, Supplier<Explanation> run) {
    /** Checks that nothing is missing. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(lookFor, "lookFor");
        Objects.requireNonNull(run, "run");
    }

    /** Runs the scenario; the explanation carries the "what to look for" text as its first note. */
    public Explanation explain() {
        Explanation x = run.get();
        x.notes().add(0, title + ". " + lookFor);
        return x;
    }
}
