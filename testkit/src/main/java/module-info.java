/**
 * Helpers shared by Margay's tests. Modules depend on it in test scope only.
 */
module org.margay.testkit {
    requires jdk.management;
    requires org.junit.jupiter.api;

    exports org.margay.testkit;
}
