package org.margay.apps.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 responses (with Content-Length bodies) from a stream, for tests. */
final class HttpResponseReader {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;

    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /** Parses every complete response in {@code bytes}; {@code heads[i]} says whether response i answers a HEAD. */
    static List<Response> parseAll(byte[] bytes, boolean... heads) {
        HttpResponseReader r = new HttpResponseReader(new ByteArrayInputStream(bytes));
        List<Response> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Response resp = r.read(i < heads.length && heads[i]);
            if (resp == null) {
                return out;
            }
            out.add(resp);
        }
    }

    /** The next response, or null at end of stream before one starts. */
    Response read(boolean head) {
        try {
            String status = line();
            if (status == null) {
                return null;
            }
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IllegalStateException("not a status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
            byte[] body = head ? new byte[0] : in.readNBytes((int) length);
            if (body.length != (head ? 0 : length)) {
                throw new IllegalStateException("body cut short: " + body.length + " of " + length);
            }
            return new Response(code, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
