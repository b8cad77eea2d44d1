/**
 * The RFC index: every {@code RFC NNNN §x.y} cited in the main sources, mapped to the classes citing it, written
 * to {@code docs/RFC-INDEX.md}.
 */
package org.margay.explain.rfc;
