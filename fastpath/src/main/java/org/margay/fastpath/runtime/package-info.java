/**
 * The runtime beneath PDPIX: {@link org.margay.fastpath.runtime.PollLoop}, one cooperative scheduler per stack
 * instance, with the three kinds of work of Demikernel's design (SOSP '21): the fast-path I/O
 * {@link org.margay.fastpath.runtime.Poller}s, {@link org.margay.fastpath.runtime.BackgroundTask}s timed by a
 * hierarchical timing wheel, and one {@link org.margay.fastpath.runtime.Continuation} per blocked qtoken; plus
 * hosted {@link org.margay.fastpath.runtime.Agent}s for an application's own loop.
 *
 * <p>Between duty cycles that find nothing to do, an {@link org.margay.fastpath.runtime.IdleStrategy} spins,
 * backs off or parks ({@link org.margay.fastpath.runtime.IdleStrategies#parse(String)} reads
 * {@code spin}, {@code backoff}, {@code park:50us} from configuration). The loop runs on its own thread or is
 * driven by its caller ("invoker mode", as a PDPIX {@code wait} does); on a virtual clock it jumps time to the
 * next deadline, which makes tests and simulations deterministic.
 *
 * <p>One thread owns a loop and everything it runs; nothing here allocates per duty cycle, per task or per
 * continuation once built.
 */
package org.margay.fastpath.runtime;
