package org.margay.explain.sim;

import java.util.Locale;
import org.margay.explain.model.Explanation;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;

/**
 * What {@code margay explain --sim} runs: two hosts (client 10.0.0.1, server 10.0.0.2) on the lab network, a
 * request/response transfer over {@code connections} connections, with the same knobs as {@code margay sim}
 * (loss, reordering, duplication on each host's uplink, delay, rate, MTU, congestion control, seed).
 *
 * @param connections   concurrent connections
 * @param bytesUp       request bytes per connection
 * @param bytesDown     answer bytes per connection
 * @param lossPercent   random loss per uplink, percent
 * @param reorderPercent reordering per uplink, percent
 * @param duplicatePercent duplication per uplink, percent
 * @param delayMillis   one-way delay between the hosts
 * @param rateMbit      link rate, Mbit/s (0: unlimited)
 * @param queueFrames   each link's transmit queue, frames (0: unlimited)
 * @param mtu           MTU of both hosts
 * @param cc            congestion control, "cubic" or "newreno"
 * @param sack          offer SACK (RFC 2018)
 * @param seed          seeds the impairments and the TCP keys
 */
public record SimSpec(int connections, long bytesUp, long bytesDown, double lossPercent, double reorderPercent,
                      double duplicatePercent, double delayMillis, double rateMbit, int queueFrames, int mtu, String cc,
                      boolean sack, long seed) {
    /** Checks the ranges. */
    public SimSpec {
        if (mtu < 576 || mtu > 9000) {
            throw new IllegalArgumentException("mtu must be 576..9000: " + mtu);
        }
        if (delayMillis < 0 || rateMbit < 0 || queueFrames < 0) {
            throw new IllegalArgumentException("delay, rate and queue must not be negative");
        }
    }

    /** One connection, 64 KiB up and down, 1 ms each way, 100 Mbit/s, no loss, CUBIC, SACK, seed 1. */
    public static SimSpec defaults() {
        return new SimSpec(1, 64 * 1024, 64 * 1024, 0, 0, 0, 1, 100, 0, 1500, "cubic", true, 1);
    }

    /** Runs it and explains what happened. */
    public Explanation run() {
        ImpairmentProfile uplink = ImpairmentProfile.builder().loss(lossPercent).reorder(reorderPercent, 0)
                .duplicate(duplicatePercent).seed(seed).build();
        TcpConfig tcp = TcpConfig.builder().mtu(mtu).congestionControl(cc).sack(sack).build();
        long oneWay = Math.round(delayMillis * 1e6);
        LinkProfile link = LabNetwork.link(oneWay / 2, rateMbit <= 0 ? LinkProfile.UNLIMITED : Math.round(rateMbit * 1e6),
                queueFrames, uplink.isNone() ? uplink : uplink.withSeed(seed));
        try (LabNetwork network = new LabNetwork()) {
            network.addHost(1, "client", tcp, mtu, link, DropRule.NONE, seed);
            network.addHost(2, "server", tcp, mtu, link, DropRule.NONE, seed);
            TransferApp app = new TransferApp(TransferApp.Plan.simple(connections, bytesUp, bytesDown));
            app.start(network);
            network.run(app, 600_000_000_000L);
            return RunExplainer.explain(network, "simulated transfer", describe(), app.summary());
        }
    }

    /** The parameters in one line. */
    public String describe() {
        return String.format(Locale.ROOT, "--sim connections=%d up=%d down=%d loss=%s%% reorder=%s%% duplicate=%s%%"
                        + " delay=%sms rate=%s mtu=%d cc=%s sack=%s seed=%d", connections, bytesUp, bytesDown, lossPercent,
                reorderPercent, duplicatePercent, delayMillis, rateMbit <= 0 ? "unlimited" : rateMbit + "Mbit/s", mtu,
                cc, sack, seed);
    }
}
