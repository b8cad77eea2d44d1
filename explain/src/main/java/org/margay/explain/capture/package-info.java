/**
 * Captures as a source: reading pcap/pcapng files into packets, grouping them into conversations, and explaining
 * them with the passive analyser.
 */
package org.margay.explain.capture;
