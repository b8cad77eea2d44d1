/**
 * Teaching and observability: a TCP connection's life told as a timeline of events (state transitions with the
 * RFC 9293 rule behind them, retransmissions with their cause, congestion window, RTT and RTO changes, window
 * updates and zero windows, SACK scoreboard changes, segments sent, received and lost), drawn as a ladder diagram
 * and as tcptrace-style plots.
 *
 * <p>Two sources feed the same model: a simulated run of two Margay stacks with observers attached (exact: the
 * stack says what it did and why) and a passive analysis of a capture from elsewhere (sequence-space reasoning
 * at one vantage point, checked against tshark's expert info). Named lab scenarios configure simulated runs that
 * show one mechanism each. The RFC index generator maps the RFC sections cited in the sources to the classes
 * citing them.
 *
 * <p>This module knows the stack's public API, the simulator and the capture formats; nothing depends on it but
 * the CLI.
 */
module org.margay.explain {
    requires transitive org.margay.net.common;
    requires transitive org.margay.net.tcp;
    requires transitive org.margay.stack;
    requires transitive org.margay.netsim;
    requires org.margay.pcap;
    requires org.margay.decode;

    exports org.margay.explain;
    exports org.margay.explain.model;
    exports org.margay.explain.passive;
    exports org.margay.explain.capture;
    exports org.margay.explain.sim;
    exports org.margay.explain.lab;
    exports org.margay.explain.render;
    exports org.margay.explain.rfc;
    exports org.margay.explain.live;
}
