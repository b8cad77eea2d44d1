/**
 * Live mode: a running Margay stack's own capture and event log as a source. {@link
 * org.margay.explain.live.LiveProbe} writes the event log while the stack runs (fed by the capture device with
 * every frame it records); {@link org.margay.explain.live.LiveCaptureExplainer} reads the capture and the log back
 * into the same model the simulator fills, so {@code margay explain FILE.pcapng} shows the stack's exact events.
 */
package org.margay.explain.live;
