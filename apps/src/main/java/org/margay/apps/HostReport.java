package org.margay.apps;

import java.util.Locale;

/**
 * What one {@link AppHost#serve} run did, counted at the PDPIX boundary ({@link CountingLibOS}) plus the app's own
 * counters.
 *
 * @param app          the app's spec
 * @param connections  connections accepted
 * @param bytesIn      bytes popped
 * @param bytesOut     bytes pushed
 * @param failures     operations that completed FAILED (resets, cancellations at shutdown)
 * @param appCounters  the service's own {@code key=value} pairs (may be empty)
 * @param drained      whether every connection closed before the grace period ended
 * @param elapsedNanos wall-clock time served
 */
public record HostReport(String app, long connections, long bytesIn, long bytesOut, long failures, String appCounters,
                         boolean drained, long elapsedNanos) {
    /**
     * The counters as {@code connections=N bytes-in=N bytes-out=N failures=N [app counters] uptime=S.SSSs}: the
     * middle of {@code margay serve}'s summary line.
     */
    public String fields() {
        return String.format(Locale.ROOT, "connections=%d bytes-in=%d bytes-out=%d failures=%d%s uptime=%.3fs",
                connections, bytesIn, bytesOut, failures, appCounters.isEmpty() ? "" : " " + appCounters,
                elapsedNanos / 1e9);
    }
}
