package org.margay.packetdrill.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
    private static List<Token> lex(String s) throws ScriptSyntaxException {
        return Lexer.tokenize(s);
    }

    private static String kinds(List<Token> tokens) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) {
            b.append(t.kind().name().charAt(0)).append(':').append(t.text()).append(' ');
        }
        return b.toString().strip();
    }

    @Test
    void numbersWordsAndPunctuation() throws Exception {
        assertEquals("P:+ N:.1 W:S P:. N:0 P:: N:0 P:( N:0 P:) E:", kinds(lex("+.1 S. 0:0(0)")));
        assertEquals("P:+ N:0 P:... N:0.200 W:accept P:( N:3 P:) E:", kinds(lex("+0...0.200 accept(3)")));
        assertEquals("N:0x02 N:4294967295 E:", kinds(lex("0x02 4294967295")));
        assertEquals("P:+ N:.3 P:~ P:+ N:.303 E:", kinds(lex("+.3~+.303")));
    }

    @Test
    void commentsAreSkippedAndLinesCounted() throws Exception {
        List<Token> t = lex("// one\n/* two\nthree */ 0 // four\n  +1 close(3)");
        assertEquals("0", t.get(0).text());
        assertEquals(3, t.get(0).line());
        assertEquals(4, t.get(1).line());
    }

    @Test
    void commandsAndCodeBlocksMaySpanLines() throws Exception {
        List<Token> t = lex("`a\nb`\n+0 %{ assert x\n}%");
        assertEquals(Token.Kind.COMMAND, t.get(0).kind());
        assertEquals("a\nb", t.get(0).text());
        assertEquals(Token.Kind.CODE, t.get(3).kind());
        assertEquals(" assert x\n", t.get(3).text());
        assertEquals(3, t.get(3).line());
    }

    @Test
    void optionsOnlyAtLineStart() throws Exception {
        List<Token> t = lex("--tolerance_usecs=10000\n  --mss=1000\n< - 1:1(0)");
        assertEquals(Token.Kind.OPTION, t.get(0).kind());
        assertEquals("tolerance_usecs=10000", t.get(0).text());
        assertEquals(Token.Kind.OPTION, t.get(1).kind());
        assertEquals("-", t.get(3).text());
        assertEquals(Token.Kind.PUNCT, t.get(3).kind());
    }

    @Test
    void spaceBeforeIsRecorded() throws Exception {
        List<Token> t = lex("S. . F");
        assertFalse(t.get(1).spaceBefore());
        assertTrue(t.get(2).spaceBefore());
    }

    @Test
    void stringsWithEscapes() throws Exception {
        List<Token> t = lex("\"a\\\"b\\n\"");
        assertEquals(Token.Kind.STRING, t.get(0).kind());
        assertEquals("a\"b\n", t.get(0).text());
    }

    @Test
    void unterminatedConstructsNameTheirLine() {
        assertEquals("line 2: unterminated backquoted command",
                assertThrows(ScriptSyntaxException.class, () -> lex("0 close(3) = 0\n`sysctl")).getMessage());
        assertEquals("line 1: unterminated %{ code }% block",
                assertThrows(ScriptSyntaxException.class, () -> lex("%{ assert")).getMessage());
        assertEquals(3, assertThrows(ScriptSyntaxException.class, () -> lex("\n\n/* x")).line());
        assertEquals(1, assertThrows(ScriptSyntaxException.class, () -> lex("\"abc\nd\"")).line());
    }

    @Test
    void oddCharactersBecomePunctuation() throws Exception {
        assertEquals("P:@ P:$ P:' E:", kinds(lex("@ $ '")));
    }
}
