package org.margay.apps.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The HTML page listing a directory without an index page (names escaped; links relative). Cold path. */
final class DirectoryListing {
    private DirectoryListing() {
    }

    /** The page for {@code directory}, shown as {@code path}. */
    static byte[] page(Path directory, String path) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(p -> names.add(p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            names.clear();
        }
        names.sort(null);
        StringBuilder b = new StringBuilder();
        String title = "Index of " + escape(path);
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
        if (!path.equals("/")) {
            b.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (String name : names) {
            b.append("<li><a href=\"").append(escape(encode(name))).append("\">").append(escape(name)).append("</a></li>\n");
        }
        b.append("</ul></body></html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Percent-encodes what is not an unreserved character or '/' (RFC 3986 §2.3). */
    static String encode(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
