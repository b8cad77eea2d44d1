package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each command's reply, byte for byte as Redis sends it. */
class KvCommandsTest {
    private final KvStore store = new KvStore();
    private final KvCommands commands = new KvCommands(store);
    private final RespWriter out = new RespWriter();

    private String run(String inline) {
        RespRequestParser p = new RespRequestParser();
        byte[] b = (inline + "\r\n").getBytes(StandardCharsets.UTF_8);
        p.feed(b, 0, b.length);
        RespCommand c = new RespCommand();
        assertEquals(RespRequestParser.COMMAND, p.next(c));
        out.clear();
        commands.execute(c, out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void ping() {
        assertEquals("+PONG\r\n", run("PING"));
        assertEquals("+PONG\r\n", run("ping"));
        assertEquals("$5\r\nhello\r\n", run("PING hello"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", run("PING a b"));
    }

    @Test
    void setGetDel() {
        assertEquals("$-1\r\n", run("GET k"));
        assertEquals("+OK\r\n", run("SET k v1"));
        assertEquals("$2\r\nv1\r\n", run("GET k"));
        assertEquals("+OK\r\n", run("SET k \"a longer value\""));
        assertEquals("$14\r\na longer value\r\n", run("GET k"));
        assertEquals("+OK\r\n", run("SET j x"));
        assertEquals(":2\r\n", run("DEL k j missing"));
        assertEquals(":0\r\n", run("DEL k"));
        assertEquals("$-1\r\n", run("GET k"));
        assertEquals(0, store.size());
    }

    @Test
    void arityAndSyntaxErrors() {
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", run("GET"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", run("GET a b"));
        assertEquals("-ERR wrong number of arguments for 'set' command\r\n", run("SET k"));
        assertEquals("-ERR syntax error\r\n", run("SET k v EX 10"));
        assertEquals("-ERR wrong number of arguments for 'del' command\r\n", run("DEL"));
    }

    @Test
    void unknownCommand() {
        assertEquals("-ERR unknown command 'FLUSHALL'\r\n", run("FLUSHALL"));
        assertEquals("-ERR unknown command '?bad'\r\n", run("\"\\x01bad\""));
    }

    @Test
    void quitAsksToClose() {
        RespCommand c = new RespCommand();
        RespRequestParser p = new RespRequestParser();
        p.feed("QUIT\r\n".getBytes(StandardCharsets.US_ASCII), 0, 6);
        p.next(c);
        assertTrue(commands.execute(c, out));
        assertEquals("+OK\r\n", new String(out.toByteArray(), StandardCharsets.US_ASCII));
        p.feed("PING\r\n".getBytes(StandardCharsets.US_ASCII), 0, 6);
        p.next(c);
        assertFalse(commands.execute(c, out));
    }

    @Test
    void whatTheRedisToolsAskFirst() {
        assertEquals("*0\r\n", run("COMMAND DOCS"));
        assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", run("CONFIG GET save"));
        assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", run("CONFIG GET appendonly"));
        assertEquals("*0\r\n", run("CONFIG GET maxmemory"));
        assertTrue(run("CONFIG SET save x").startsWith("-ERR "));
    }
}
