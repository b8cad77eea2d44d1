/**
 * Test helpers over Margay's packet buffers: the JUnit 5 {@code BufferLeakExtension}. Test scope only.
 */
module org.margay.testkit.buffers {
    requires transitive org.margay.fastpath;
    requires transitive org.junit.jupiter.api;

    exports org.margay.testkit.buffers;
}
