package org.margay.explain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code margay explain} tells about one source (a capture, a simulated run, a lab scenario): its
 * conversations with their timelines, plus notes (what to look for) and summary lines.
 */
public final class Explanation {
    private final String title;
    private final String source;
    private final List<ConnectionTimeline> connections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    /** An explanation called {@code title} of {@code source} (a file name or a run's parameters). */
    public Explanation(String title, String source) {
        this.title = Objects.requireNonNull(title);
        this.source = Objects.requireNonNull(source);
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** What was explained. */
    public String source() {
        return source;
    }

    /** The conversations, in the order they started. */
    public List<ConnectionTimeline> connections() {
        return connections;
    }

    /** Paragraphs to read before the timeline (a lab scenario's "what to look for"). */
    public List<String> notes() {
        return notes;
    }

    /** Summary lines printed after the timelines (counters, outcome). */
    public List<String> summary() {
        return summary;
    }

    /** The conversation numbered {@code id}, or null. */
    public ConnectionTimeline connection(int id) {
        for (ConnectionTimeline c : connections) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }
}
