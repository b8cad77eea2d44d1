/**
 * The applications {@code margay serve} runs, written only against PDPIX ({@link org.margay.pdpix.LibOS}), so each
 * runs unchanged on Margay's stack over any device and on kernel sockets: {@code discard}, {@code echo},
 * {@code http:DIR} (an HTTP/1.1 static file server), {@code kv} (the examples' RESP server) and {@code iperf3} (a
 * server the stock iperf3 client measures against). Ordinary TCP peers (curl, socat, iperf3, redis-cli) see plain
 * byte streams: every STREAM queue here uses {@link org.margay.pdpix.Framing#RAW_STREAM}.
 */
module org.margay.apps {
    requires transitive org.margay.pdpix;
    requires transitive org.margay.examples;

    exports org.margay.apps;
    exports org.margay.apps.discard;
    exports org.margay.apps.http;
    exports org.margay.apps.iperf;
}
