package org.margay.apps.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An incremental parser of HTTP/1.x request heads (RFC 9112): feed it bytes as they arrive, in pieces of any size,
 * and it reports {@link Status#NEED_MORE}, {@link Status#COMPLETE} (with the {@link #request()}) or
 * {@link Status#ERROR} (with the status code the server should answer before closing).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #feed} consumes bytes up to and including the head's last line feed, never beyond: what follows (a
 *       body, or the next pipelined request) is left to the caller. After COMPLETE or ERROR it consumes nothing until
 *       {@link #reset()}.</li>
 *   <li>It never throws on input and never reads outside what it is given; any byte sequence ends in NEED_MORE,
 *       COMPLETE or ERROR (property-tested).</li>
 *   <li>Limits: the head may have at most {@link #maxHeadBytes()} bytes (431, or 414 while still in the request
 *       line) and {@link #maxHeaders()} fields (431).</li>
 * </ul>
 *
 * <h2>What it accepts (and refuses with 400 unless said otherwise)</h2>
 * <ul>
 *   <li>Empty lines before the request line are skipped (RFC 9112 §2.2); a bare LF ends a line as CRLF does
 *       (RFC 9112 §2.2 allows it); a CR not followed by LF is an error.</li>
 *   <li>Request line {@code method SP request-target SP HTTP-version} with single spaces (RFC 9112 §3); the method a
 *       token (RFC 9110 §5.6.2), the target visible US-ASCII; version {@code HTTP/1.0} or {@code HTTP/1.1} (a later
 *       1.x is served as 1.1, RFC 9110 §2.5); {@code HTTP/2+} is 505.</li>
 *   <li>Fields {@code name ":" OWS value OWS}: whitespace before the colon is refused (RFC 9112 §5.1), as is
 *       obsolete line folding (RFC 9112 §5.2) and control characters other than HTAB in values (RFC 9110 §5.5).</li>
 *   <li>Framing (RFC 9112 §6): Transfer-Encoding is not supported (501); Content-Length must be digits, and repeated
 *       values must agree; both together are refused. HTTP/1.1 needs exactly one Host field (RFC 9112 §3.2).</li>
 * </ul>
 *
 * <p>Allocation: the request's strings are made once per request; feeding bytes allocates nothing. Not
 * thread-safe.
 */
public final class HttpRequestParser {
    /** The default limit on a request head. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 8192;
    /** The default limit on the number of fields. */
    public static final int DEFAULT_MAX_HEADERS = 100;
    private static final int MAX_LEADING_EMPTY_LINES = 8;

    /** Where the parser stands. */
    public enum Status {
        /** The head is not complete yet: feed more bytes. */
        NEED_MORE,
        /** A whole head was parsed: see {@link #request()}. */
        COMPLETE,
        /** The input is not an acceptable request: answer {@link #errorStatus()} and close. */
        ERROR
    }

    private enum State {
        LEADING, METHOD, TARGET, VERSION, REQUEST_LINE_CR, LINE_START, NAME, VALUE, FIELD_CR, HEAD_CR, DONE, FAILED
    }

    private final int maxHeadBytes;
    private final int maxHeaders;
    private final byte[] token;
    private int tokenLength;
    private State state = State.LEADING;
    private int headBytes;
    private int emptyLines;
    private boolean sawCr;
    private String method;
    private String target;
    private int minorVersion;
    private String name;
    private final List<HttpRequest.Header> headers = new ArrayList<>();
    private HttpRequest request;
    private int errorStatus;
    private String errorReason;

    /** A parser with the default limits. */
    public HttpRequestParser() {
        this(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADERS);
    }

    /** A parser allowing heads of up to {@code maxHeadBytes} bytes and {@code maxHeaders} fields. */
    public HttpRequestParser(int maxHeadBytes, int maxHeaders) {
        if (maxHeadBytes < 16 || maxHeaders < 1) {
            throw new IllegalArgumentException("limits too small: " + maxHeadBytes + " bytes, " + maxHeaders + " fields");
        }
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHeaders;
        this.token = new byte[maxHeadBytes];
    }

    /** The head size limit. */
    public int maxHeadBytes() {
        return maxHeadBytes;
    }

    /** The field count limit. */
    public int maxHeaders() {
        return maxHeaders;
    }

    /** Forgets everything, ready for the next request on the connection. */
    public void reset() {
        state = State.LEADING;
        tokenLength = 0;
        headBytes = 0;
        emptyLines = 0;
        sawCr = false;
        method = null;
        target = null;
        minorVersion = 0;
        name = null;
        headers.clear();
        request = null;
        errorStatus = 0;
        errorReason = null;
    }

    /** Where the parser stands. */
    public Status status() {
        return switch (state) {
            case DONE -> Status.COMPLETE;
            case FAILED -> Status.ERROR;
            default -> Status.NEED_MORE;
        };
    }

    /** Whether some bytes of a request have been seen (leading empty lines do not count). */
    public boolean started() {
        return state != State.LEADING || tokenLength > 0;
    }

    /** The parsed request (COMPLETE only), else null. */
    public HttpRequest request() {
        return request;
    }

    /** The status code to answer after ERROR (400, 414, 431, 501, 505), else 0. */
    public int errorStatus() {
        return errorStatus;
    }

    /** Why the request was refused (for logs), else null. */
    public String errorReason() {
        return errorReason;
    }

    /** {@link #feed(MemorySegment, long, int)} over an array. */
    public int feed(byte[] data, int offset, int length) {
        return feed(MemorySegment.ofArray(data), offset, length);
    }

    /**
     * Parses up to {@code length} bytes of {@code data} from {@code offset}; returns how many it consumed (fewer
     * than given only when the head ended or failed).
     */
    public int feed(MemorySegment data, long offset, int length) {
        int i = 0;
        while (i < length && state != State.DONE && state != State.FAILED) {
            byte b = data.get(ValueLayout.JAVA_BYTE, offset + i);
            i++;
            if (++headBytes > maxHeadBytes) {
                boolean inLine = state == State.LEADING || state == State.METHOD || state == State.TARGET
                        || state == State.VERSION || state == State.REQUEST_LINE_CR;
                fail(inLine ? 414 : 431, "request head larger than " + maxHeadBytes + " bytes");
                break;
            }
            step(b & 0xFF);
        }
        return i;
    }

    private void step(int c) {
        switch (state) {
            case LEADING -> leading(c);
            case METHOD -> method(c);
            case TARGET -> target(c);
            case VERSION -> version(c);
            case REQUEST_LINE_CR -> expectLf(c, State.LINE_START);
            case LINE_START -> lineStart(c);
            case NAME -> name(c);
            case VALUE -> value(c);
            case FIELD_CR -> {
                if (c == '\n') {
                    endField();
                } else {
                    fail(400, "CR without LF in a field");
                }
            }
            case HEAD_CR -> {
                if (c == '\n') {
                    finish();
                } else {
                    fail(400, "CR without LF at the end of the head");
                }
            }
            default -> { }
        }
    }

    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request-line.
    private void leading(int c) {
        if (c == '\r') {
            if (sawCr) {
                fail(400, "CR without LF before the request line");
            }
            sawCr = true;
        } else if (c == '\n') {
            sawCr = false;
            if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                fail(400, "too many empty lines before the request line");
            }
        } else if (sawCr) {
            fail(400, "CR without LF before the request line");
        } else {
            state = State.METHOD;
            method(c);
        }
    }

    private void method(int c) {
        if (c == ' ') {
            if (tokenLength == 0) {
                fail(400, "empty method");
                return;
            }
            method = takeToken();
            state = State.TARGET;
        } else if (isTchar(c)) {
            append(c);
        } else {
            fail(400, "bad character in the method");
        }
    }

    private void target(int c) {
        if (c == ' ') {
            if (tokenLength == 0) {
                fail(400, "empty request target");
                return;
            }
            target = takeToken();
            state = State.VERSION;
        } else if (c > 0x20 && c < 0x7F) {
            append(c);
        } else {
            fail(400, "bad character in the request target");
        }
    }

    private void version(int c) {
        if (c == '\r' || c == '\n') {
            if (!parseVersion()) {
                return;
            }
            state = c == '\r' ? State.REQUEST_LINE_CR : State.LINE_START;
        } else if (c > 0x20 && c < 0x7F) {
            append(c);
        } else {
            fail(400, "bad character in the HTTP version");
        }
    }

    // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT
    private boolean parseVersion() {
        if (tokenLength != 8 || token[0] != 'H' || token[1] != 'T' || token[2] != 'T' || token[3] != 'P'
                || token[4] != '/' || !isDigit(token[5]) || token[6] != '.' || !isDigit(token[7])) {
            fail(400, "not an HTTP version");
            return false;
        }
        int major = token[5] - '0';
        int minor = token[7] - '0';
        tokenLength = 0;
        if (major != 1) {
            fail(505, "HTTP/" + major + "." + minor + " is not supported");
            return false;
        }
        minorVersion = Math.min(minor, 1);
        return true;
    }

    private void expectLf(int c, State next) {
        if (c == '\n') {
            state = next;
        } else {
            fail(400, "CR without LF");
        }
    }

    private void lineStart(int c) {
        if (c == '\r') {
            state = State.HEAD_CR;
        } else if (c == '\n') {
            finish();
        } else if (c == ' ' || c == '\t') {
            fail(400, "obsolete line folding");   // RFC 9112 §5.2
        } else if (isTchar(c)) {
            if (headers.size() >= maxHeaders) {
                fail(431, "more than " + maxHeaders + " header fields");
                return;
            }
            state = State.NAME;
            append(c);
        } else {
            fail(400, "bad character in a field name");
        }
    }

    private void name(int c) {
        if (c == ':') {
            name = takeToken().toLowerCase(Locale.ROOT);
            state = State.VALUE;
        } else if (isTchar(c)) {
            append(c);
        } else {
            fail(400, c == ' ' || c == '\t' ? "whitespace before the colon of a field" : "bad character in a field name");
        }
    }

    private void value(int c) {
        if (c == '\r') {
            state = State.FIELD_CR;
        } else if (c == '\n') {
            endField();
        } else if (c == '\t' || (c >= 0x20 && c != 0x7F)) {
            if (tokenLength == 0 && (c == ' ' || c == '\t')) {
                return;   // OWS before the value
            }
            append(c);
        } else {
            fail(400, "control character in a field value");
        }
    }

    private void endField() {
        int end = tokenLength;
        while (end > 0 && (token[end - 1] == ' ' || token[end - 1] == '\t')) {
            end--;
        }
        String value = new String(token, 0, end, StandardCharsets.ISO_8859_1);
        tokenLength = 0;
        headers.add(new HttpRequest.Header(name, value));
        name = null;
        state = State.LINE_START;
    }

    private void finish() {
        long contentLength = 0;
        String lengthSeen = null;
        int hosts = 0;
        for (HttpRequest.Header h : headers) {
            switch (h.name()) {
                case "transfer-encoding" -> {
                    fail(501, "Transfer-Encoding is not supported");
                    return;
                }
                case "content-length" -> {
                    // RFC 9110 §8.6: a list of identical values is one value; anything else is invalid.
                    for (String part : h.value().split(",", -1)) {
                        String v = part.trim();
                        if (lengthSeen != null && !lengthSeen.equals(v)) {
                            fail(400, "conflicting Content-Length values");
                            return;
                        }
                        lengthSeen = v;
                    }
                }
                case "host" -> hosts++;
                default -> { }
            }
        }
        if (lengthSeen != null) {
            contentLength = parseLength(lengthSeen);
            if (contentLength < 0) {
                fail(400, "bad Content-Length");
                return;
            }
        }
        if (minorVersion >= 1 && hosts != 1) {
            fail(400, hosts == 0 ? "HTTP/1.1 request without Host" : "more than one Host field");
            return;
        }
        request = new HttpRequest(method, target, minorVersion, headers, contentLength);
        state = State.DONE;
    }

    private static long parseLength(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private void append(int c) {
        token[tokenLength++] = (byte) c;   // tokenLength < headBytes <= maxHeadBytes == token.length
    }

    private String takeToken() {
        String s = new String(token, 0, tokenLength, StandardCharsets.ISO_8859_1);
        tokenLength = 0;
        return s;
    }

    private void fail(int status, String reason) {
        state = State.FAILED;
        errorStatus = status;
        errorReason = reason;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    //                          / DIGIT / ALPHA
    private static boolean isTchar(int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }
}
