package org.margay.apps.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes HTTP/1.1 response heads (RFC 9112 §4, RFC 9110 §6.6.1 Date, §8.6 Content-Length). Every response carries
 * Content-Length, so keep-alive connections need no chunked coding. The Date field is formatted once per second.
 *
 * <p>Not thread-safe (one per server).
 */
final class ResponseHead {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private long dateSecond = Long.MIN_VALUE;
    private String date;

    /** The reason phrase of the codes this server sends. */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /**
     * The head's bytes: status line, Server, Date, Content-Type (when not null), Content-Length, Connection, any
     * {@code extra} lines (each {@code "Name: value"}), then the empty line.
     */
    byte[] write(int status, String contentType, long contentLength, boolean keepAlive, String... extra) {
        StringBuilder b = new StringBuilder(192);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        b.append("Server: margay\r\n");
        b.append("Date: ").append(date()).append("\r\n");
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        b.append("Content-Length: ").append(contentLength).append("\r\n");
        b.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
        for (String line : extra) {
            b.append(line).append("\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != dateSecond) {
            dateSecond = now;
            date = IMF_FIXDATE.format(Instant.ofEpochSecond(now));
        }
        return date;
    }
}
