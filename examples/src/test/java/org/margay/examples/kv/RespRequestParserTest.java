package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RESP request parser on hand-written input: both request forms, splits, pipelining, and every error. */
class RespRequestParserTest {
    private final RespRequestParser parser = new RespRequestParser();
    private final RespCommand command = new RespCommand();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void feed(String s) {
        byte[] b = ascii(s);
        parser.feed(b, 0, b.length);
    }

    private List<String> words() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            out.add(new String(command.arg(i), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private List<String> nextWords() {
        assertEquals(RespRequestParser.COMMAND, parser.next(command), () -> "error: " + parser.error());
        return words();
    }

    private String nextError() {
        assertEquals(RespRequestParser.ERROR, parser.next(command));
        return parser.error();
    }

    @Test
    void multibulkCommand() {
        feed("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
        assertEquals(List.of("SET", "key", "value"), nextWords());
        assertEquals("SET", command.name());
        assertEquals(RespRequestParser.NEED_MORE, parser.next(command));
        assertEquals(0, parser.buffered());
    }

    @Test
    void bulkStringsAreBinary() {
        feed("*2\r\n$4\r\na\r\nb\r\n$0\r\n\r\n");
        List<String> w = nextWords();
        assertEquals("a\r\nb", w.get(0), "CRLF inside a bulk is data");
        assertEquals("", w.get(1), "an empty bulk");
    }

    @Test
    void inlineCommands() {
        feed("PING\r\nset  k\tv\nget k\r\n");
        assertEquals(List.of("PING"), nextWords());
        assertEquals(List.of("set", "k", "v"), nextWords());
        assertEquals("SET", command.name());
        assertEquals(List.of("get", "k"), nextWords());
        assertEquals(RespRequestParser.NEED_MORE, parser.next(command));
    }

    @Test
    void inlineQuotesAndEscapes() {
        feed("SET \"a b\" 'c d'\r\n");
        assertEquals(List.of("SET", "a b", "c d"), nextWords());
        feed("SET \"\\x41\\n\\t\\\"\" 'it\\'s'\r\n");
        assertEquals(List.of("SET", "A\n\t\"", "it's"), nextWords());
        feed("ECHO \"\"\r\n");
        assertEquals(List.of("ECHO", ""), nextWords());
    }

    @Test
    void emptyRequestsAreSkipped() {
        feed("*0\r\n*-1\r\n\r\n   \r\nPING\r\n");
        assertEquals(List.of("PING"), nextWords());
    }

    @Test
    void pipelinedCommandsComeOneByOne() {
        feed("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n");
        assertEquals(List.of("PING"), nextWords());
        assertEquals(List.of("GET", "k"), nextWords());
        assertEquals(List.of("PING"), nextWords());
        assertEquals(RespRequestParser.NEED_MORE, parser.next(command));
    }

    @Test
    void anyByteSplitGivesTheSameCommands() {
        byte[] all = ascii("*3\r\n$3\r\nSET\r\n$10\r\n0123456789\r\n$2\r\nxy\r\nGET 0123456789\r\n*1\r\n$4\r\nPING\r\n");
        for (int split = 0; split <= all.length; split++) {
            RespRequestParser p = new RespRequestParser();
            RespCommand c = new RespCommand();
            List<String> seen = new ArrayList<>();
            p.feed(all, 0, split);
            drain(p, c, seen);
            p.feed(all, split, all.length - split);
            drain(p, c, seen);
            assertEquals(List.of("SET 0123456789 xy", "GET 0123456789", "PING"), seen, "split at " + split);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] all = ascii("*2\r\n$3\r\nGET\r\n$3\r\nabc\r\nPING hello\r\n");
        RespCommand c = new RespCommand();
        List<String> seen = new ArrayList<>();
        for (byte b : all) {
            parser.feed(new byte[] {b}, 0, 1);
            drain(parser, c, seen);
        }
        assertEquals(List.of("GET abc", "PING hello"), seen);
    }

    private static void drain(RespRequestParser p, RespCommand c, List<String> seen) {
        int r;
        while ((r = p.next(c)) == RespRequestParser.COMMAND) {
            seen.add(c.toString());
        }
        assertEquals(RespRequestParser.NEED_MORE, r, p::error);
    }

    @Test
    void badMultibulkLength() {
        feed("*x\r\n");
        assertEquals("Protocol error: invalid multibulk length", nextError());
    }

    @Test
    void tooManyArguments() {
        feed("*1025\r\n");
        assertEquals("Protocol error: invalid multibulk length", nextError());
    }

    @Test
    void bulkMustStartWithDollar() {
        feed("*1\r\n+PING\r\n");
        assertEquals("Protocol error: expected '$', got '+'", nextError());
    }

    @Test
    void badBulkLengths() {
        for (String bad : new String[] {"$-1", "$abc", "$", "$1x", "$99999999999999999999"}) {
            RespRequestParser p = new RespRequestParser();
            byte[] b = ascii("*1\r\n" + bad + "\r\n");
            p.feed(b, 0, b.length);
            assertEquals(RespRequestParser.ERROR, p.next(command), bad);
            assertEquals("Protocol error: invalid bulk length", p.error(), bad);
        }
    }

    @Test
    void bulkAboveTheLimit() {
        RespRequestParser small = new RespRequestParser(16, 10);
        byte[] b = ascii("*1\r\n$11\r\n");
        small.feed(b, 0, b.length);
        assertEquals(RespRequestParser.ERROR, small.next(command));
        assertEquals("Protocol error: invalid bulk length", small.error());
    }

    @Test
    void bulkWithoutItsCrlf() {
        feed("*1\r\n$3\r\nabcXY");
        assertEquals("Protocol error: expected CRLF after a bulk string", nextError());
    }

    @Test
    void endlessInlineLine() {
        byte[] b = new byte[RespRequestParser.MAX_INLINE + 10];
        java.util.Arrays.fill(b, (byte) 'a');
        parser.feed(b, 0, b.length);
        assertEquals("Protocol error: too big inline request", nextError());
    }

    @Test
    void endlessHeaderLine() {
        byte[] b = new byte[RespRequestParser.MAX_INLINE + 10];
        java.util.Arrays.fill(b, (byte) '1');
        b[0] = '*';
        parser.feed(b, 0, b.length);
        assertEquals("Protocol error: too big mbulk count string", nextError());
    }

    @Test
    void unbalancedQuotes() {
        for (String bad : new String[] {"SET \"abc\r\n", "SET 'abc\r\n", "SET \"a\"b\r\n", "SET 'a'b\r\n"}) {
            RespRequestParser p = new RespRequestParser();
            byte[] b = ascii(bad);
            p.feed(b, 0, b.length);
            assertEquals(RespRequestParser.ERROR, p.next(command), bad);
            assertEquals("Protocol error: unbalanced quotes in request", p.error());
        }
    }

    @Test
    void aFailedParserStaysFailedAndBuffersNothing() {
        feed("*1\r\n-oops\r\n");
        nextError();
        feed("PING\r\n");
        assertEquals(RespRequestParser.ERROR, parser.next(command));
        assertEquals(0, parser.buffered());
    }

    @Test
    void aBigBulkWaitsForAllItsBytes() {
        byte[] value = new byte[100_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        byte[] head = ascii("*2\r\n$3\r\nSET\r\n$100000\r\n");
        parser.feed(head, 0, head.length);
        parser.feed(value, 0, 50_000);
        assertEquals(RespRequestParser.NEED_MORE, parser.next(command));
        parser.feed(value, 50_000, 50_000);
        assertEquals(RespRequestParser.NEED_MORE, parser.next(command), "still needs the CRLF");
        parser.feed(ascii("\r\n"), 0, 2);
        assertEquals(RespRequestParser.COMMAND, parser.next(command));
        assertArrayEquals(value, command.arg(1));
        assertTrue(parser.buffered() == 0);
    }
}
