package org.margay.apps.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Maps request targets to files under one root directory, refusing anything that would leave it.
 *
 * <h2>How a target is resolved</h2>
 * <ol>
 *   <li>The path is the target up to {@code ?} (an absolute-form target, RFC 9112 §3.2.2, gives its path); it must
 *       start with {@code /}.</li>
 *   <li>It is percent-decoded (RFC 3986 §2.1) and the bytes must be UTF-8; {@code %00}, NUL and backslashes are
 *       refused (400).</li>
 *   <li>Dot segments are removed (RFC 3986 §5.2.4); a {@code ..} that would climb above the root is a traversal
 *       attempt and refused with 403.</li>
 *   <li>The file is looked up under the root, symbolic links followed, and the real path must still be under the
 *       root's real path (403 otherwise): a link cannot lead out either.</li>
 * </ol>
 * A directory is served through its {@code index.html}, or as a generated listing; a directory target without a
 * trailing slash is redirected (301) to the one with it, so relative links work.
 *
 * <p>Immutable and thread-safe; does file-system calls (cold path, once per request).
 */
public final class StaticFiles {
    private final Path root;

    /**
     * Serves files under {@code root}.
     *
     * @throws IllegalArgumentException when {@code root} is not an existing directory
     */
    public StaticFiles(Path root) {
        Objects.requireNonNull(root, "root");
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("http: no such directory: " + root, e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("http: not a directory: " + root);
        }
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /** What a target resolved to. */
    public sealed interface Resolution {
    }

    /** A regular file to send. */
    public record FileFound(Path file, long size) implements Resolution {
    }

    /** A directory without an index page: send a listing. */
    public record DirectoryFound(Path directory, String path) implements Resolution {
    }

    /** Redirect to {@code location} (a directory named without its trailing slash). */
    public record Redirect(String location) implements Resolution {
    }

    /** Refuse with {@code status} (400, 403, 404). */
    public record Refused(int status, String reason) implements Resolution {
    }

    /** Resolves {@code target}. Never throws for any target text. */
    public Resolution resolve(String target) {
        String path = pathOf(target);
        if (path == null || !path.startsWith("/")) {
            return new Refused(400, "the request target is not an absolute path");
        }
        String decoded = percentDecode(path);
        if (decoded == null) {
            return new Refused(400, "bad percent-encoding or not UTF-8");
        }
        if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
            return new Refused(400, "NUL or backslash in the path");
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : decoded.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return new Refused(403, "path traversal above the root");
                }
                segments.removeLast();
                continue;
            }
            segments.addLast(s);
        }
        Path candidate = root;
        try {
            for (String s : segments) {
                candidate = candidate.resolve(s);
            }
        } catch (RuntimeException e) {   // InvalidPathException
            return new Refused(400, "not a valid file name");
        }
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
            return new Refused(404, "no such file");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            return new Refused(404, "no such file");
        }
        if (!real.startsWith(root)) {
            return new Refused(403, "the path leads outside the root");
        }
        if (Files.isDirectory(real)) {
            if (!decoded.endsWith("/")) {
                return new Redirect(path + "/");
            }
            Path index = real.resolve("index.html");
            if (Files.isRegularFile(index) && Files.isReadable(index)) {
                return fileOf(index);
            }
            return new DirectoryFound(real, decoded);
        }
        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
            return new Refused(403, "not a readable regular file");
        }
        return fileOf(real);
    }

    private static Resolution fileOf(Path file) {
        try {
            return new FileFound(file, Files.size(file));
        } catch (IOException e) {
            return new Refused(404, "cannot read the file size");
        }
    }

    /** The path part of an origin-form or absolute-form target, or null. */
    static String pathOf(String target) {
        String t = target;
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash);
        }
        int query = t.indexOf('?');
        if (query >= 0) {
            t = t.substring(0, query);
        }
        if (t.startsWith("/")) {
            return t;
        }
        int scheme = t.indexOf("://");
        if (scheme > 0 && (t.regionMatches(true, 0, "http", 0, scheme))) {
            int slash = t.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : t.substring(slash);
        }
        return null;
    }

    /** Percent-decodes and checks UTF-8; null when malformed. */
    static String percentDecode(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return null;
                }
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;   // the parser admits only US-ASCII targets
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
