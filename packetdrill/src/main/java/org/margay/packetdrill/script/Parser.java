package org.margay.packetdrill.script;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent parser for the packetdrill script language (the subset real test suites use):
 * {@code --options}, times ({@code 0.1}, {@code +0.1}, {@code *}, {@code a~b}, {@code a...b}), TCP packets with
 * flags, {@code seq:end(len)}, {@code ack}, {@code win} and options, UDP and ICMP packets, system calls with
 * expected results and errno, backquoted commands and {@code %{ }%} code blocks. A command may stand without a
 * time (packetdrill's initial command); it then runs at {@code +0}.
 *
 * <p>Malformed input raises {@link ScriptSyntaxException} with the line and what was expected; nothing else is
 * thrown for any input.
 */
public final class Parser {
    private static final String TCP_FLAG_LETTERS = ".FSRPEWAU01234567";
    /** Times beyond a million seconds are refused, so virtual time never overflows. */
    private static final long MAX_TIME_MICROS = 1_000_000L * 1_000_000L;
    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole script. */
    public static Script parse(String text) throws ScriptSyntaxException {
        try {
            return new Parser(Lexer.tokenize(text)).script();
        } catch (NumberFormatException | ArithmeticException e) {
            // Defensive: number conversions are checked where they happen, but a malformed script never escapes
            // as an unchecked exception.
            throw new ScriptSyntaxException(0, "malformed number: " + e.getMessage());
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.EOF) {
            pos++;
        }
        return t;
    }

    private ScriptSyntaxException error(Token at, String expected) {
        return new ScriptSyntaxException(at.line(), "expected " + expected + " but found " + at.describe());
    }

    private Token expect(String punct, String context) throws ScriptSyntaxException {
        Token t = peek();
        if (!t.is(punct)) {
            throw error(t, "'" + punct + "' " + context);
        }
        return next();
    }

    private Token expectWord(String context) throws ScriptSyntaxException {
        Token t = peek();
        if (t.kind() != Token.Kind.WORD) {
            throw error(t, context);
        }
        return next();
    }

    private Script script() throws ScriptSyntaxException {
        Map<String, String> options = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        while (peek().kind() != Token.Kind.EOF) {
            Token t = peek();
            if (t.kind() == Token.Kind.OPTION) {
                next();
                int eq = t.text().indexOf('=');
                if (eq < 0) {
                    options.put(t.text(), "");
                } else {
                    options.put(t.text().substring(0, eq), t.text().substring(eq + 1));
                }
                continue;
            }
            events.add(event());
        }
        return new Script(options, events);
    }

    private Event event() throws ScriptSyntaxException {
        Token first = peek();
        EventTime time;
        if (first.kind() == Token.Kind.COMMAND) {
            time = new EventTime(EventTime.Type.RELATIVE, 0, EventTime.End.NONE, -1);
        } else {
            time = time();
        }
        Token t = peek();
        EventBody body;
        if (t.is("<") || t.is(">")) {
            next();
            EventBody.Direction d = t.is("<") ? EventBody.Direction.INBOUND : EventBody.Direction.OUTBOUND;
            body = new EventBody.Packet(d, packet(d));
        } else if (t.kind() == Token.Kind.COMMAND) {
            next();
            body = new EventBody.Command(t.text());
        } else if (t.kind() == Token.Kind.CODE) {
            next();
            body = new EventBody.Code(t.text());
        } else if (t.kind() == Token.Kind.WORD && peek(1).is("(")) {
            body = syscall();
        } else {
            throw error(t, "a packet ('<' or '>'), a system call, a `command` or a %{ code }% block after the time");
        }
        if (time.end() == EventTime.End.BLOCKING && !(body instanceof EventBody.Syscall)) {
            throw new ScriptSyntaxException(first.line(), "a blocking time span (a...b) belongs to a system call");
        }
        return new Event(first.line(), time, body);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Times
    // ---------------------------------------------------------------------------------------------------------

    private EventTime time() throws ScriptSyntaxException {
        Token t = peek();
        if (t.is("*")) {
            next();
            return EventTime.ANY_TIME;
        }
        boolean relative = false;
        if (t.is("+")) {
            next();
            relative = true;
        }
        long start = seconds("a time (seconds, +seconds or *) at the start of an event");
        EventTime.Type type = relative ? EventTime.Type.RELATIVE : EventTime.Type.ABSOLUTE;
        if (peek().is("~")) {
            next();
            if (peek().is("+")) {
                next();
            }
            long end = seconds("the end of a time range a~b");
            if (end < start) {
                throw new ScriptSyntaxException(t.line(), "time range ends before it starts");
            }
            return new EventTime(type, start, EventTime.End.RANGE, end);
        }
        if (peek().is("...")) {
            next();
            if (peek().is("+")) {
                next();
            }
            long end = seconds("the end time of a blocking call a...b");
            if (end < start) {
                throw new ScriptSyntaxException(t.line(), "blocking call ends before it starts");
            }
            return new EventTime(type, start, EventTime.End.BLOCKING, end);
        }
        return new EventTime(type, start, EventTime.End.NONE, -1);
    }

    private long seconds(String what) throws ScriptSyntaxException {
        Token t = peek();
        if (t.kind() != Token.Kind.NUMBER || t.text().startsWith("0x") || t.text().startsWith("0X")) {
            throw error(t, what);
        }
        next();
        BigDecimal micros = new BigDecimal(t.text()).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        if (micros.compareTo(BigDecimal.valueOf(MAX_TIME_MICROS)) > 0) {
            throw new ScriptSyntaxException(t.line(), "time " + t.text() + " is too large (more than 1000000 s)");
        }
        return micros.longValueExact();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Packets
    // ---------------------------------------------------------------------------------------------------------

    private PacketSpec packet(EventBody.Direction direction) throws ScriptSyntaxException {
        Token t = peek();
        if (t.isWord("icmp")) {
            next();
            return icmp();
        }
        if (t.isWord("udp")) {
            next();
            expect("(", "before a UDP length");
            int len = (int) integer("a UDP payload length", 0, 65507);
            expect(")", "after a UDP length");
            return new PacketSpec.Udp(len);
        }
        String flags = flags();
        long seq = integer("a sequence number (seq:end(len))", 0, 0xFFFF_FFFFL);
        expect(":", "in seq:end(len)");
        long end = integer("an end sequence number (seq:end(len))", 0, 0xFFFF_FFFFL);
        expect("(", "in seq:end(len)");
        int len = (int) integer("a payload length (seq:end(len))", 0, 65535);
        expect(")", "in seq:end(len)");
        if (((end - seq) & 0xFFFF_FFFFL) != len) {
            throw new ScriptSyntaxException(t.line(), "in " + seq + ":" + end + "(" + len + ") the length should be "
                    + ((end - seq) & 0xFFFF_FFFFL));
        }
        Long ack = null;
        Integer window = null;
        List<TcpOption> options = List.of();
        while (true) {
            Token k = peek();
            if (k.isWord("ack")) {
                next();
                ack = integer("an acknowledgment number after 'ack'", 0, 0xFFFF_FFFFL);
            } else if (k.isWord("win")) {
                next();
                window = (int) integer("a window after 'win'", 0, 0xFFFF);
            } else {
                break;
            }
        }
        if (peek().is("<")) {
            next();
            options = tcpOptions();
        }
        if (direction == EventBody.Direction.INBOUND && window == null) {
            throw new ScriptSyntaxException(t.line(), "an inbound TCP packet needs 'win N'");
        }
        return new PacketSpec.Tcp(flags, seq, end, len, ack, window, options);
    }

    private String flags() throws ScriptSyntaxException {
        Token t = peek();
        if (t.is("-")) {
            next();
            return "";
        }
        if (!isFlagToken(t)) {
            throw error(t, "TCP flags (such as S, S., ., P., F., R or -)");
        }
        StringBuilder b = new StringBuilder();
        do {
            b.append(next().text());
        } while (isFlagToken(peek()) && !peek().spaceBefore());
        for (char c : b.toString().toCharArray()) {
            if (TCP_FLAG_LETTERS.indexOf(c) < 0) {
                throw new ScriptSyntaxException(t.line(), "invalid TCP flag '" + c + "' in '" + b + "'");
            }
        }
        return b.toString();
    }

    private static boolean isFlagToken(Token t) {
        if (t.is(".")) {
            return true;
        }
        if (t.kind() != Token.Kind.WORD) {
            return false;
        }
        for (char c : t.text().toCharArray()) {
            if (c < 'A' || c > 'Z') {
                return false; // upper-case words are flags; a wrong letter is reported by flags()
            }
        }
        return true;
    }

    private List<TcpOption> tcpOptions() throws ScriptSyntaxException {
        if (peek().is("...")) {
            next();
            expect(">", "after <...");
            return null;
        }
        List<TcpOption> options = new ArrayList<>();
        if (peek().is(">")) {
            next();
            return options;
        }
        while (true) {
            options.add(tcpOption());
            if (peek().is(",")) {
                next();
                continue;
            }
            expect(">", "or ',' after a TCP option");
            return options;
        }
    }

    private TcpOption tcpOption() throws ScriptSyntaxException {
        Token t = expectWord("a TCP option (nop, eol, mss N, wscale N, sackOK, TS val V ecr E, sack L:R ...)");
        switch (t.text()) {
            case "nop":
                return new TcpOption.Nop();
            case "eol":
                return new TcpOption.Eol();
            case "sackOK":
                return new TcpOption.SackPermitted();
            case "mss":
                return new TcpOption.Mss((int) integer("an MSS value after 'mss'", 0, 0xFFFF));
            case "wscale":
                return new TcpOption.WindowScale((int) integer("a shift after 'wscale'", 0, 255));
            case "TS": {
                Token v = expectWord("'val' after 'TS'");
                if (!v.text().equals("val")) {
                    throw error(v, "'val' after 'TS'");
                }
                long val = integer("a TS value after 'val'", 0, 0xFFFF_FFFFL);
                Token e = expectWord("'ecr' after the TS value");
                if (!e.text().equals("ecr")) {
                    throw error(e, "'ecr' after the TS value");
                }
                long ecr = integer("a TS echo reply after 'ecr'", 0, 0xFFFF_FFFFL);
                return new TcpOption.Timestamp(val, ecr);
            }
            case "sack": {
                List<long[]> blocks = new ArrayList<>();
                while (peek().kind() == Token.Kind.NUMBER) {
                    long left = integer("a SACK block left edge", 0, 0xFFFF_FFFFL);
                    expect(":", "in a SACK block L:R");
                    long right = integer("a SACK block right edge", 0, 0xFFFF_FFFFL);
                    blocks.add(new long[] {left, right});
                }
                if (blocks.size() > 4) {
                    throw new ScriptSyntaxException(t.line(), "at most 4 SACK blocks fit in a TCP header");
                }
                return new TcpOption.Sack(blocks);
            }
            case "FO", "md5", "exp", "mptcp", "tarr", "AccECN0", "AccECN1", "AccECN":
                // Options the runner does not model: skip their arguments up to the next ',' or '>'.
                while (!peek().is(",") && !peek().is(">") && peek().kind() != Token.Kind.EOF) {
                    next();
                }
                return new TcpOption.Unmodelled(t.text());
            default:
                throw error(t, "a TCP option (nop, eol, mss N, wscale N, sackOK, TS val V ecr E, sack L:R ...)");
        }
    }

    private PacketSpec icmp() throws ScriptSyntaxException {
        Token type = expectWord("an ICMP type after 'icmp' (such as unreachable)");
        String code = null;
        if (peek().kind() == Token.Kind.WORD && !peek().isWord("mtu")) {
            code = next().text();
        }
        Integer mtu = null;
        if (peek().isWord("mtu")) {
            next();
            mtu = (int) integer("an MTU after 'mtu'", 68, 65535);
        }
        Long quoted = null;
        if (peek().is("[")) {
            next();
            if (peek().isWord("udp")) {
                next();
                expect("(", "in a quoted udp (len)");
                integer("a quoted UDP length", 0, 65535);
                expect(")", "in a quoted udp (len)");
            } else {
                quoted = integer("a quoted TCP sequence number [seq:end(len)]", 0, 0xFFFF_FFFFL);
                expect(":", "in a quoted [seq:end(len)]");
                integer("a quoted end sequence number", 0, 0xFFFF_FFFFL);
                expect("(", "in a quoted [seq:end(len)]");
                integer("a quoted length", 0, 65535);
                expect(")", "in a quoted [seq:end(len)]");
            }
            expect("]", "after the quoted header");
        }
        return new PacketSpec.Icmp(type.text(), code, quoted, mtu);
    }

    // ---------------------------------------------------------------------------------------------------------
    // System calls
    // ---------------------------------------------------------------------------------------------------------

    private EventBody syscall() throws ScriptSyntaxException {
        Token name = next();
        expect("(", "after the system call name");
        List<Expr> args = new ArrayList<>();
        if (!peek().is(")")) {
            while (true) {
                args.add(expr());
                if (peek().is(",")) {
                    next();
                    continue;
                }
                break;
            }
        }
        expect(")", "or ',' in the arguments of " + name.text() + "()");
        expect("=", "and the expected result after " + name.text() + "(...)");
        Expr result = expr();
        String errno = null;
        if (peek().kind() == Token.Kind.WORD) {
            errno = next().text();
        }
        if (peek().is("(")) {
            skipBalanced();
        }
        return new EventBody.Syscall(name.text(), args, result, errno);
    }

    private void skipBalanced() throws ScriptSyntaxException {
        Token open = next();
        int depth = 1;
        while (depth > 0) {
            Token t = next();
            if (t.kind() == Token.Kind.EOF) {
                throw new ScriptSyntaxException(open.line(), "unclosed '(' in the note after a system call result");
            }
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
        }
    }

    private Expr expr() throws ScriptSyntaxException {
        Expr first = term();
        if (!peek().is("|")) {
            return first;
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(first);
        while (peek().is("|")) {
            next();
            terms.add(term());
        }
        return new Expr.BitOr(terms);
    }

    private Expr term() throws ScriptSyntaxException {
        Token t = peek();
        if (t.is("...")) {
            next();
            return new Expr.Ellipsis();
        }
        if (t.is("-") && peek(1).kind() == Token.Kind.NUMBER) {
            next();
            return new Expr.Num(-integer("a number", 0, Long.MAX_VALUE));
        }
        if (t.kind() == Token.Kind.NUMBER) {
            return new Expr.Num(integer("a number", Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (t.kind() == Token.Kind.STRING) {
            next();
            return new Expr.Str(t.text());
        }
        if (t.kind() == Token.Kind.WORD) {
            next();
            if (peek().is("(") && !peek().spaceBefore()) {
                next();
                List<Expr> args = new ArrayList<>();
                if (!peek().is(")")) {
                    while (true) {
                        args.add(expr());
                        if (!peek().is(",")) {
                            break;
                        }
                        next();
                    }
                }
                expect(")", "or ',' in the arguments of " + t.text() + "()");
                return new Expr.Call(t.text(), args);
            }
            return new Expr.Sym(t.text());
        }
        if (t.is("[")) {
            next();
            List<Expr> elements = new ArrayList<>();
            if (!peek().is("]")) {
                while (true) {
                    elements.add(expr());
                    if (!peek().is(",")) {
                        break;
                    }
                    next();
                }
            }
            expect("]", "or ',' in a [...] list");
            return new Expr.Array(elements);
        }
        if (t.is("{")) {
            next();
            List<Expr.Field> fields = new ArrayList<>();
            if (!peek().is("}")) {
                while (true) {
                    Token f = expectWord("a field name in {name=value, ...}");
                    expect("=", "after the field name " + f.text());
                    fields.add(new Expr.Field(f.text(), expr()));
                    if (!peek().is(",")) {
                        break;
                    }
                    next();
                }
            }
            expect("}", "or ',' in a {...} structure");
            return new Expr.Struct(fields);
        }
        throw error(t, "an argument (a number, a symbol, ..., [..], {..} or a string)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Numbers
    // ---------------------------------------------------------------------------------------------------------

    private long integer(String what, long min, long max) throws ScriptSyntaxException {
        Token t = peek();
        if (t.kind() != Token.Kind.NUMBER || t.text().indexOf('.') >= 0) {
            throw error(t, what);
        }
        next();
        long v;
        try {
            String s = t.text();
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseUnsignedLong(s.substring(2), 16);
                if (s.length() > 18) {
                    throw new NumberFormatException();
                }
            } else {
                v = Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            throw new ScriptSyntaxException(t.line(), "number " + t.text() + " is too large");
        }
        if (v < min || v > max) {
            throw new ScriptSyntaxException(t.line(), what + ": " + t.text() + " is out of range [" + min + ", "
                    + max + "]");
        }
        return v;
    }
}
