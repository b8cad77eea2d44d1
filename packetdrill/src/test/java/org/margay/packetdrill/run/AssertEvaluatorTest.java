package org.margay.packetdrill.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertEvaluatorTest {
    private static final Map<String, Long> INFO = Map.of("tcpi_snd_cwnd", 10L, "tcpi_state", 9L, "tcpi_options", 3L);

    private static String run(String code) throws UnsupportedFeature {
        return AssertEvaluator.run(code, INFO::get);
    }

    @Test
    void assertsThatHold() throws Exception {
        assertNull(run(" assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd "));
        assertNull(run("\nassert tcpi_state == TCPI_LAST_ACK\nassert tcpi_snd_cwnd >= 5 and not tcpi_snd_cwnd > 20\n"));
        assertNull(run("assert (tcpi_options & TCPI_OPT_SACK) != 0, tcpi_options; assert 1 < 2 < 3"));
        assertNull(run("assert tcpi_snd_cwnd // 3 == 3 and tcpi_snd_cwnd % 3 == 1 and -tcpi_snd_cwnd + 1 == -9"));
    }

    @Test
    void failedAssertNamesItsExpressionAndMessage() throws Exception {
        assertEquals("assertion failed: tcpi_snd_cwnd == 7 , tcpi_snd_cwnd (tcpi_snd_cwnd = 10)",
                run("assert tcpi_snd_cwnd == 7, tcpi_snd_cwnd"));
        assertEquals("assertion failed: 3 < 2 < 4", run("assert 3 < 2 < 4"));
    }

    @Test
    void unexposedFieldsAndOtherPythonAreUnsupported() {
        assertEquals("TCP_INFO field tcpi_lost is not exposed by the engine",
                assertThrows(UnsupportedFeature.class, () -> run("assert tcpi_lost == 0")).getMessage());
        assertEquals("Python statement not modelled in %{ }%: 'print(tcpi_state)'",
                assertThrows(UnsupportedFeature.class, () -> run("print(tcpi_state)")).getMessage());
        assertEquals("name not modelled in %{ }%: undefined_name",
                assertThrows(UnsupportedFeature.class, () -> run("assert undefined_name == 1")).getMessage());
        assertThrows(UnsupportedFeature.class, () -> run("assert tcpi_state == 'x'"));
        assertThrows(UnsupportedFeature.class, () -> run("assert (1 == 1"));
        assertThrows(UnsupportedFeature.class, () -> run("assert 1 / 0"));
    }
}
