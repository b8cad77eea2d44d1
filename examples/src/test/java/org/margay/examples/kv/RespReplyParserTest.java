package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-side reply reader: every RESP2 type, partial input, and malformed replies. */
class RespReplyParserTest {

    @Test
    void everyTypeRoundTripsThroughTheWriter() {
        RespWriter w = new RespWriter();
        w.simple("OK").error("ERR nope").integer(-42).bulk("héllo").nullBulk().array(2).integer(1).bulk("");
        RespReplyParser p = new RespReplyParser();
        p.feed(w.toByteArray());
        assertEquals("OK", p.next().toString());
        assertEquals("(error) ERR nope", p.next().toString());
        assertEquals("(integer) -42", p.next().toString());
        assertEquals("\"héllo\"", p.next().toString());
        assertEquals("(nil)", p.next().toString());
        assertEquals(new RespValue.Array(List.of(new RespValue.Int(1), new RespValue.Bulk(new byte[0]))), p.next());
        assertNull(p.next());
    }

    @Test
    void partialRepliesWaitForTheRest() {
        byte[] all = "*2\r\n$3\r\nabc\r\n:7\r\n".getBytes(StandardCharsets.US_ASCII);
        RespReplyParser p = new RespReplyParser();
        for (int i = 0; i < all.length - 1; i++) {
            p.feed(new byte[] {all[i]});
            assertNull(p.next(), "incomplete after " + (i + 1) + " bytes");
        }
        p.feed(new byte[] {all[all.length - 1]});
        assertEquals("[\"abc\", (integer) 7]", p.next().toString());
    }

    @Test
    void malformedRepliesAreReported() {
        RespReplyParser p = new RespReplyParser();
        p.feed("?what\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, p::next);
        RespReplyParser q = new RespReplyParser();
        q.feed(":12a\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, q::next);
        RespReplyParser r = new RespReplyParser();
        r.feed("$1\r\nabc".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, r::next);
    }
}
