package org.margay.explain.lab;

import java.util.List;
import org.margay.explain.model.Explanation;
import org.margay.explain.sim.LabApp;
import org.margay.explain.sim.LabNetwork;
import org.margay.explain.sim.RunExplainer;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;

/** Helpers the scenarios share. */
final class Lab {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    private Lab() {
    }

    /** Default TCP settings with RACK and tail loss probes off, so that the classic mechanisms show alone. */
    static TcpConfig.Builder classic() {
        return TcpConfig.builder().rack(false).tailLossProbe(false);
    }

    /** A host link: {@code oneWayMillis} between the hosts (half on each host's link), at {@code mbit}. */
    static LinkProfile link(double oneWayMillis, double mbit, int queueFrames) {
        return LabNetwork.link(Math.round(oneWayMillis * MS / 2), Math.round(mbit * 1e6), queueFrames,
                ImpairmentProfile.NONE);
    }

    /** Starts {@code app}, runs it (up to {@code limit}), lets the stacks run {@code linger} more, explains. */
    static Explanation run(String name, String title, LabNetwork network, LabApp app, long limit, long linger) {
        app.start(network);
        boolean finished = network.run(app, limit);
        if (linger > 0) {
            network.runFor(linger);
        }
        Explanation x = RunExplainer.explain(network, title, "--scenario " + name, app.summary());
        if (!finished) {
            x.summary().add("the applications did not finish within " + limit / S + " s of virtual time");
        }
        return x;
    }

    /** Keeps only the conversations numbered {@code ids} (in that order). */
    static Explanation keep(Explanation x, List<Integer> ids) {
        x.connections().removeIf(c -> !ids.contains(c.id()));
        x.summary().removeIf(line -> line.startsWith("connection ")
                && !ids.contains(Integer.parseInt(line.substring(11, line.indexOf(':')))));
        return x;
    }
}
