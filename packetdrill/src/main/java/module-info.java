/**
 * An in-process packetdrill interpreter (issue #9): {@code .pkt} scripts run against one Margay
 * {@link org.margay.stack.InetStack} on a virtual clock, the script playing the remote peer. The script language is
 * parsed by {@code org.margay.packetdrill.script}; {@code org.margay.packetdrill.run} holds the execution machinery
 * (the test device, the socket layer the system calls map onto, the segment checker, TCP_INFO and knob handling).
 *
 * <p>It knows the stack only through its public API and one {@link org.margay.fastpath.device.NetworkDevice} it
 * implements itself; it never changes the stack's behaviour, only its configuration (the profiles).
 */
module org.margay.packetdrill {
    requires transitive org.margay.stack;

    exports org.margay.packetdrill;
    exports org.margay.packetdrill.script;
}
