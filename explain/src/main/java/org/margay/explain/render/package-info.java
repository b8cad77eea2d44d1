/**
 * Renderers: the text timeline, the ladder (sequence) diagram and the time-series plots, as hand-written SVG with
 * a computed layout in which no two labels overlap.
 */
package org.margay.explain.render;
