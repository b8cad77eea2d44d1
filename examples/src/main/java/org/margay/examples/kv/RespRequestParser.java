package org.margay.examples.kv;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.margay.pdpix.Sga;

/**
 * Cuts a RESP byte stream (Redis's protocol, as redis-cli and redis-benchmark send it) into commands, however the
 * bytes were split across elements. It accepts the two request forms Redis accepts:
 * <ul>
 *   <li>a multibulk: {@code *<n>\r\n} then {@code n} bulk strings {@code $<len>\r\n<len bytes>\r\n};</li>
 *   <li>an inline command: one line of words separated by spaces or tabs, ending in {@code \n} (a {@code \r}
 *       before it is dropped), where a word may be quoted: {@code "..."} with the escapes {@code \n \r \t \b \a
 *       \\ \" \xHH}, or {@code '...'} with {@code \'}; a closing quote must be followed by a space or the end.</li>
 * </ul>
 * An empty multibulk ({@code *0}, {@code *-1}) and an empty line are skipped, as Redis does.
 *
 * <h2>Malformed input</h2>
 * A count or length that is not a decimal integer, a bulk that does not start with {@code $} or is not followed by
 * CRLF, more than {@code maxArguments} words, a bulk longer than {@code maxBulk}, a header or inline line longer
 * than {@link #MAX_INLINE} bytes, or unbalanced quotes make {@link #next} return {@link #ERROR} with a message in
 * Redis's words ({@link #error()}); the parser then stays failed (the server answers the error and closes the
 * connection, as Redis does). Whatever the bytes, the parser never throws and never buffers more than one command
 * plus one fed chunk.
 */
public final class RespRequestParser {
    /** More bytes are needed before the next command is complete. */
    public static final int NEED_MORE = 0;
    /** A command was parsed into the caller's {@link RespCommand}. */
    public static final int COMMAND = 1;
    /** The input is malformed; see {@link #error()}. */
    public static final int ERROR = -1;

    /** Internal: a header or the bulks of a multibulk were read. */
    private static final int PARSED = 2;

    /** The longest inline command, or multibulk/bulk header line, in bytes (Redis's PROTO_INLINE_MAX_SIZE). */
    public static final int MAX_INLINE = 64 * 1024;
    /** Default limit on words per command. */
    public static final int DEFAULT_MAX_ARGUMENTS = 1024;
    /** Default limit on one bulk string: 16 MiB. */
    public static final int DEFAULT_MAX_BULK = 16 << 20;

    private final int maxArguments;
    private final int maxBulk;
    private byte[] buf = new byte[1024];
    private MemorySegment bufView = MemorySegment.ofArray(buf);
    private int start;
    private int end;
    /** Words still expected in the current multibulk, or -1 outside one. */
    private int pendingWords = -1;
    /** Length of the bulk being read, or -1 when its header is next. */
    private int bulkLength = -1;
    private String error;

    /** A parser with the default limits. */
    public RespRequestParser() {
        this(DEFAULT_MAX_ARGUMENTS, DEFAULT_MAX_BULK);
    }

    /** A parser refusing commands of more than {@code maxArguments} words or bulks over {@code maxBulk} bytes. */
    public RespRequestParser(int maxArguments, int maxBulk) {
        if (maxArguments < 1 || maxBulk < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxArguments + ", " + maxBulk);
        }
        this.maxArguments = maxArguments;
        this.maxBulk = maxBulk;
    }

    // ------------------------------------------------------------------ input

    /** Appends {@code length} bytes of {@code source} from {@code offset}. */
    public void feed(byte[] source, int offset, int length) {
        if (error != null) {
            return;   // a failed parser reads nothing more
        }
        room(length);
        System.arraycopy(source, offset, buf, end, length);
        end += length;
    }

    /** Appends every byte of a popped element, segments in order. */
    public void feed(Sga element) {
        if (error != null) {
            return;
        }
        long total = element.totalLength();
        if (total > Integer.MAX_VALUE - 16) {
            fail("Protocol error: element too large");
            return;
        }
        room((int) total);
        end += element.copyTo(bufView, end);
    }

    /** Bytes fed but not yet consumed by a complete command. */
    public int buffered() {
        return end - start;
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Parses the next command into {@code out}: {@link #COMMAND}, {@link #NEED_MORE}, or {@link #ERROR} (and
     * every later call too). Pass the same {@code out} again after {@link #NEED_MORE}: a multibulk's words
     * collect in it across calls.
     */
    public int next(RespCommand out) {
        if (error != null) {
            return ERROR;
        }
        while (true) {
            if (pendingWords < 0) {
                if (start == end) {
                    return NEED_MORE;
                }
                out.clear();
                if (buf[start] != '*') {
                    int r = inline(out);
                    if (r != COMMAND) {
                        return r;
                    }
                    if (out.size() == 0) {
                        continue;   // an empty line
                    }
                    return COMMAND;
                }
                int r = multibulkHeader();
                if (r != PARSED) {
                    return r;
                }
                if (pendingWords == 0) {
                    pendingWords = -1;   // *0 or *-1: nothing to run
                    continue;
                }
            }
            int r = bulks(out);
            if (r != PARSED) {
                return r;
            }
            pendingWords = -1;
            return COMMAND;
        }
    }

    /** The message of the last {@link #ERROR}, in Redis's words ({@code "Protocol error: ..."}), or null. */
    public String error() {
        return error;
    }

    private int multibulkHeader() {
        int cr = lineEnd(start);
        if (cr == -2) {
            return fail("Protocol error: too big mbulk count string");
        }
        if (cr < 0) {
            return NEED_MORE;
        }
        long n = parseInteger(start + 1, cr);
        if (n == Long.MIN_VALUE || n > maxArguments) {
            return fail("Protocol error: invalid multibulk length");
        }
        start = cr + 2;
        pendingWords = n <= 0 ? 0 : (int) n;
        bulkLength = -1;
        return PARSED;
    }

    private int bulks(RespCommand out) {
        while (pendingWords > 0) {
            if (bulkLength < 0) {
                if (start == end) {
                    return NEED_MORE;
                }
                if (buf[start] != '$') {
                    return fail("Protocol error: expected '$', got '" + printable(buf[start]) + "'");
                }
                int cr = lineEnd(start);
                if (cr == -2) {
                    return fail("Protocol error: too big bulk count string");
                }
                if (cr < 0) {
                    return NEED_MORE;
                }
                long n = parseInteger(start + 1, cr);
                if (n == Long.MIN_VALUE || n < 0 || n > maxBulk) {
                    return fail("Protocol error: invalid bulk length");
                }
                bulkLength = (int) n;
                start = cr + 2;
            }
            if (end - start < bulkLength + 2) {
                room(bulkLength + 2 - (end - start));
                return NEED_MORE;
            }
            if (buf[start + bulkLength] != '\r' || buf[start + bulkLength + 1] != '\n') {
                return fail("Protocol error: expected CRLF after a bulk string");
            }
            out.add(Arrays.copyOfRange(buf, start, start + bulkLength));
            start += bulkLength + 2;
            bulkLength = -1;
            pendingWords--;
        }
        return PARSED;
    }

    /**
     * Where the CR of the line starting at {@code from} is: an index, -1 when the line is incomplete, -2 when it
     * is already longer than {@link #MAX_INLINE}. A CR not followed by LF is an error for headers, reported by the
     * integer parse (the line then contains the stray byte).
     */
    private int lineEnd(int from) {
        int limit = Math.min(end, from + MAX_INLINE + 2);
        for (int i = from; i < limit - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return end - from > MAX_INLINE ? -2 : -1;
    }

    /** The decimal integer in {@code buf[from, to)}: an optional '-', then 1 to 18 digits; else Long.MIN_VALUE. */
    private long parseInteger(int from, int to) {
        boolean negative = from < to && buf[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    // ------------------------------------------------------------------ inline commands

    private int inline(RespCommand out) {
        int nl = -1;
        int limit = Math.min(end, start + MAX_INLINE + 1);
        for (int i = start; i < limit; i++) {
            if (buf[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            return end - start > MAX_INLINE ? fail("Protocol error: too big inline request") : NEED_MORE;
        }
        int lineEnd = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
        int r = splitWords(start, lineEnd, out);
        if (r == ERROR) {
            return r;   // fail() has already dropped the input
        }
        start = nl + 1;
        pendingWords = -1;
        return r;
    }

    /** Splits {@code buf[from, to)} into words as Redis's sdssplitargs does. */
    private int splitWords(int from, int to, RespCommand out) {
        int i = from;
        byte[] word = new byte[to - from];
        while (true) {
            while (i < to && isSpace(buf[i])) {
                i++;
            }
            if (i == to) {
                return COMMAND;
            }
            if (out.size() == maxArguments) {
                return fail("Protocol error: too many arguments in an inline request");
            }
            int n = 0;
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i == to) {
                        return fail("Protocol error: unbalanced quotes in request");
                    }
                    byte c = buf[i];
                    if (c == '\\' && i + 3 < to && buf[i + 1] == 'x' && isHex(buf[i + 2]) && isHex(buf[i + 3])) {
                        word[n++] = (byte) (hex(buf[i + 2]) * 16 + hex(buf[i + 3]));
                        i += 4;
                    } else if (c == '\\' && i + 1 < to) {
                        byte e = buf[i + 1];
                        word[n++] = switch (e) {
                            case 'n' -> (byte) '\n';
                            case 'r' -> (byte) '\r';
                            case 't' -> (byte) '\t';
                            case 'b' -> (byte) '\b';
                            case 'a' -> (byte) 7;
                            default -> e;
                        };
                        i += 2;
                    } else if (c == '"') {
                        if (i + 1 < to && !isSpace(buf[i + 1])) {
                            return fail("Protocol error: unbalanced quotes in request");
                        }
                        i++;
                        done = true;
                    } else {
                        word[n++] = c;
                        i++;
                    }
                } else if (inSingle) {
                    if (i == to) {
                        return fail("Protocol error: unbalanced quotes in request");
                    }
                    byte c = buf[i];
                    if (c == '\\' && i + 1 < to && buf[i + 1] == '\'') {
                        word[n++] = '\'';
                        i += 2;
                    } else if (c == '\'') {
                        if (i + 1 < to && !isSpace(buf[i + 1])) {
                            return fail("Protocol error: unbalanced quotes in request");
                        }
                        i++;
                        done = true;
                    } else {
                        word[n++] = c;
                        i++;
                    }
                } else if (i == to || isSpace(buf[i])) {
                    done = true;
                } else if (buf[i] == '"') {
                    inDouble = true;
                    i++;
                } else if (buf[i] == '\'') {
                    inSingle = true;
                    i++;
                } else {
                    word[n++] = buf[i++];
                }
            }
            out.add(Arrays.copyOf(word, n));
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int hex(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    // ------------------------------------------------------------------ internals

    private int fail(String message) {
        error = message;
        start = 0;
        end = 0;
        return ERROR;
    }

    /** Makes room for {@code more} bytes after {@code end}, compacting first. */
    private void room(int more) {
        if (start > 0 && (start == end || end + more > buf.length)) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + more));
            bufView = MemorySegment.ofArray(buf);
        }
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
