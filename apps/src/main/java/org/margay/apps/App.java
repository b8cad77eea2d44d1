package org.margay.apps;

import org.margay.examples.AppTrace;
import org.margay.pdpix.LibOS;

/**
 * An application {@code margay serve} can run: a server written only against PDPIX, named on the command line by a
 * spec ({@code echo}, {@code discard}, {@code http:DIR}, {@code kv}, {@code iperf3}; see {@link Apps#parse}).
 *
 * <p>{@link #open} makes one running instance (a {@link Service}: its event-driven parts, not started yet) on a
 * library OS and port; {@link #serve} runs one on the calling thread until a {@link StopSignal} asks it to stop.
 * An App itself holds only configuration and can open any number of services.
 */
public interface App {
    /** The spec this app was parsed from ({@code http:/srv}). */
    String spec();

    /** One line saying what it serves, for help texts and the start-up line. */
    String description();

    /** The port it listens on unless told otherwise (discard 9, echo 7, http 80, kv 6379, iperf3 5201). */
    int defaultPort();

    /**
     * A new instance serving on {@code los} at {@code port} (every local address), not yet started: an
     * {@link AppHost} or an {@link org.margay.examples.AppRunner} starts its parts.
     */
    Service open(LibOS los, int port);

    /**
     * Serves on {@code los} at {@code port} on the calling thread until {@code stop} is requested, then stops
     * accepting, lets connections in progress finish (a short grace) and returns what happened. The library OS stays
     * the caller's to close.
     */
    default HostReport serve(LibOS los, int port, StopSignal stop) {
        return AppHost.serve(this, los, port, stop, AppTrace.NONE);
    }
}
