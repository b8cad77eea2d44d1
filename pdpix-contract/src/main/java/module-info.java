/**
 * The PDPIX contract suite: abstract JUnit 5 classes, written once, that a library OS's tests extend by supplying
 * a {@link org.margay.pdpix.contract.LibOSUnderTest}. Test support only: depend on it in test scope.
 */
module org.margay.pdpix.contract {
    requires transitive org.margay.pdpix;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports org.margay.pdpix.contract;
    opens org.margay.pdpix.contract to org.junit.platform.commons;
}
