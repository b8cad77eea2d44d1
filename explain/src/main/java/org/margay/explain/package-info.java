/**
 * The front door of {@code margay explain}: {@link org.margay.explain.Explain} turns a source (a capture file, a
 * simulated run, a lab scenario) into an {@link org.margay.explain.model.Explanation} and writes it as text, a
 * ladder diagram and plots.
 */
package org.margay.explain;
