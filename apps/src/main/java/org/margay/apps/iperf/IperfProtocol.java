package org.margay.apps.iperf;

/**
 * The constants of iperf3's control protocol (as spoken by iperf 3.x; checked against Debian's iperf3 3.12), for a
 * server:
 *
 * <ol>
 *   <li>The client opens the control connection and sends its {@value #COOKIE_SIZE}-byte cookie (36 characters and a
 *       NUL). The server answers {@link #PARAM_EXCHANGE}; the client sends its parameters as a 4-byte big-endian
 *       length and that many bytes of JSON.</li>
 *   <li>The server answers {@link #CREATE_STREAMS}; the client opens {@code parallel} data connections to the same
 *       port, each starting with the same cookie. Once all are there the server sends {@link #TEST_START} and
 *       {@link #TEST_RUNNING}; data flows client → server, or server → client with {@code "reverse": true}.</li>
 *   <li>When its time (or byte count) is up the client sends {@link #TEST_END}; the server answers
 *       {@link #EXCHANGE_RESULTS}; the client sends its results (length + JSON), the server its own, then
 *       {@link #DISPLAY_RESULTS}; the client ends with {@link #IPERF_DONE} and both close.</li>
 *   <li>A connection arriving while a test runs gets {@link #ACCESS_DENIED}; a server that cannot run a test sends
 *       {@link #SERVER_ERROR} followed by two 4-byte big-endian integers: iperf's error code and an errno.</li>
 * </ol>
 * State messages are one signed byte each on the control connection.
 */
public final class IperfProtocol {
    /** Bytes of a cookie: 36 printable characters and a terminating NUL. */
    public static final int COOKIE_SIZE = 37;

    public static final byte TEST_START = 1;
    public static final byte TEST_RUNNING = 2;
    public static final byte TEST_END = 4;
    public static final byte PARAM_EXCHANGE = 9;
    public static final byte CREATE_STREAMS = 10;
    public static final byte SERVER_TERMINATE = 11;
    public static final byte CLIENT_TERMINATE = 12;
    public static final byte EXCHANGE_RESULTS = 13;
    public static final byte DISPLAY_RESULTS = 14;
    public static final byte IPERF_START = 15;
    public static final byte IPERF_DONE = 16;
    public static final byte ACCESS_DENIED = -1;
    public static final byte SERVER_ERROR = -2;

    /** iperf's error code for "not implemented yet" (its {@code IEUNIMP}), sent with {@link #SERVER_ERROR}. */
    public static final int IE_UNIMPLEMENTED = 13;
    /** iperf's error code for "unable to receive parameters from client" ({@code IERECVPARAMS}). */
    public static final int IE_RECEIVE_PARAMETERS = 111;

    /** The default port of an iperf3 server. */
    public static final int PORT = 5201;
    /** Largest JSON document accepted on the control connection. */
    public static final int MAX_JSON = 1 << 20;
    /** Most parallel streams accepted (iperf3's own limit is 128). */
    public static final int MAX_STREAMS = 128;

    private IperfProtocol() {
    }

    /**
     * The stream id iperf3 gives the {@code n}th stream of a test (n from 0): 1 for the first, then 3, 4, 5...
     * (its stream list numbering skips 2). Results are matched by these ids.
     */
    public static int streamId(int n) {
        return n == 0 ? 1 : n + 2;
    }
}
