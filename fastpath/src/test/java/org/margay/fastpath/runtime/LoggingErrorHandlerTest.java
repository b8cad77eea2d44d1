package org.margay.fastpath.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggingErrorHandlerTest {

    @Test
    void printsTheFirstErrorOfEachKindAndCountsTheRest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoggingErrorHandler handler = new LoggingErrorHandler(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            handler.onError("background task", new IllegalStateException("boom " + i));
        }
        handler.onError("background task", new IllegalArgumentException("other kind"));
        handler.onError("app", new IllegalStateException("other source"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("boom 0"));
        assertTrue(!text.contains("boom 1"));
        assertTrue(text.contains("other kind"));
        assertTrue(text.contains("other source"));
        assertEquals(4, handler.suppressed());
    }
}
