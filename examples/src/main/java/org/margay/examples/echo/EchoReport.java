package org.margay.examples.echo;

/**
 * What an echo client run did: connections made, requests sent, replies that came back intact, and the first error.
 * The same report from every library OS for the same options is what the portability test compares.
 *
 * @param app         the client's name
 * @param connections connections (or UDP flows) asked for
 * @param connected   how many got connected
 * @param requests    requests sent
 * @param replies     replies received and checked
 * @param intact      replies identical to their request
 * @param bytes       bytes echoed intact
 * @param failures    operations that failed
 * @param firstError  the first failure, or empty
 */
public record EchoReport(String app, int connections, int connected, long requests, long replies, long intact,
                         long bytes, long failures, String firstError) {

    /** Whether every connection was made and every request came back intact. */
    public boolean ok(long expectedRequests) {
        return connected == connections && failures == 0 && intact == expectedRequests && replies == expectedRequests;
    }

    /** The report without byte counts and names, for comparing runs on different library OSes. */
    public String outcome() {
        return "connections=" + connected + "/" + connections + " requests=" + requests + " intact=" + intact + "/"
                + replies + " bytes=" + bytes + " failures=" + failures;
    }

    @Override
    public String toString() {
        return app + ": " + outcome() + (firstError.isEmpty() ? "" : " first error: " + firstError);
    }
}
