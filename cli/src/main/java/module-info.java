/**
 * The {@code margay} command line: one launcher verb per job ({@code decode}, {@code demo}, and later
 * {@code sim}, {@code serve}, {@code connect}, {@code replay}, ...). Verb names, flags and summary lines are
 * contracts that scripts outside the project rely on.
 */
module org.margay.cli {
    requires info.picocli;
    requires org.margay.net.common;
    requires org.margay.pcap;
    requires org.margay.decode;
    requires org.margay.fastpath;
    requires org.margay.netsim;
    requires org.margay.net.tcp;
    requires org.margay.sim;
    requires org.margay.explain;
    requires org.margay.packetdrill;
    requires org.margay.pdpix;
    requires org.margay.pdpix.inet;
    requires org.margay.examples;
    requires org.margay.perf;
    requires org.margay.apps;
    requires org.margay.stack;
    requires org.margay.device.linux;
    requires org.margay.device.pcap;

    opens org.margay.cli to info.picocli;
    exports org.margay.cli;
}
