package org.margay.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target-to-file mapping: what is served, what is refused, and that nothing leads outside the root. */
class StaticFilesTest {
    @TempDir
    Path base;
    private Path root;
    private StaticFiles files;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(base.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Files.writeString(root.resolve("with space.txt"), "x");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<p>docs</p>");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(base.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("escape"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("hello.txt"));
        files = new StaticFiles(root);
    }

    @Test
    void filesAreFoundWithTheirSize() {
        StaticFiles.FileFound f = assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/hello.txt"));
        assertEquals(6, f.size());
        assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/with%20space.txt"));
        assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/hello.txt?x=1"));
        assertInstanceOf(StaticFiles.FileFound.class, files.resolve("http://host:8080/hello.txt"));
        assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/docs/../hello.txt"), "dot segments inside the root are fine");
        assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/inside"), "a link within the root is followed");
    }

    @Test
    void directoriesRedirectThenServeTheirIndexOrAListing() {
        assertEquals(new StaticFiles.Redirect("/docs/"), files.resolve("/docs"));
        StaticFiles.FileFound index = assertInstanceOf(StaticFiles.FileFound.class, files.resolve("/docs/"));
        assertEquals("index.html", index.file().getFileName().toString());
        assertInstanceOf(StaticFiles.DirectoryFound.class, files.resolve("/empty/"));
        assertInstanceOf(StaticFiles.DirectoryFound.class, files.resolve("/"));
    }

    @Test
    void traversalAndEscapesAreRefused() {
        assertStatus(403, "/../secret.txt");
        assertStatus(403, "/%2e%2e/secret.txt");
        assertStatus(403, "/docs/../../secret.txt");
        assertStatus(403, "/escape");
        assertStatus(400, "/a%00b");
        assertStatus(400, "/a%5c..%5csecret.txt");
        assertStatus(400, "/bad%zz");
        assertStatus(400, "/bad%e9");   // not UTF-8
        assertStatus(400, "relative");
        assertStatus(400, "*");
        assertStatus(404, "/missing.txt");
    }

    @Test
    void noTargetThrowsOrLeavesTheRoot() {
        qt().withExamples(2000).forAll(strings().ascii().ofLengthBetween(0, 40)).checkAssert(t -> {
            StaticFiles.Resolution r = files.resolve(t);
            if (r instanceof StaticFiles.FileFound f) {
                assertEquals(true, f.file().startsWith(files.root()), t + " -> " + f.file());
            }
        });
    }

    @Test
    void aMissingRootIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StaticFiles(base.resolve("nope")));
        assertEquals(true, e.getMessage().contains("no such directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StaticFiles(root.resolve("hello.txt")));
    }

    private void assertStatus(int status, String target) {
        StaticFiles.Refused r = assertInstanceOf(StaticFiles.Refused.class, files.resolve(target), target);
        assertEquals(status, r.status(), target + ": " + r.reason());
    }
}
