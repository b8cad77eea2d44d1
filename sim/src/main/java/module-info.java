/**
 * Whole-stack simulation: {@link org.margay.sim.Simulation} builds hosts (an
 * {@link org.margay.stack.InetStack} each) on {@code netsim} switches and runs them on virtual time;
 * {@link org.margay.sim.TransferScenario} moves checked bytes over TCP and reports a {@link org.margay.sim.SimReport}.
 */
module org.margay.sim {
    requires transitive org.margay.stack;
    requires transitive org.margay.netsim;
    requires org.margay.decode;

    exports org.margay.sim;
}
