package org.margay.pdpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errno's codes are Linux's numbers, each has its own name, and names round-trip. */
class ErrnoTest {

    @Test
    void everyCodeIsNamedAfterItsConstantAndNumbersAreUnique() throws IllegalAccessException {
        Map<Integer, String> seen = new HashMap<>();
        int count = 0;
        for (Field field : Errno.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class) {
                continue;
            }
            int code = field.getInt(null);
            assertEquals(field.getName(), Errno.name(code), "name of " + field.getName());
            String before = seen.put(code, field.getName());
            assertEquals(null, before, () -> field.getName() + " shares its number with " + before);
            assertTrue(!Errno.describe(code).isBlank());
            count++;
        }
        assertTrue(count > 40, "constants found: " + count);
    }

    @Test
    void storageAndDeviceCodesHaveLinuxNumbers() {
        // asm-generic/errno-base.h: ENOENT 2, ENODEV 19, ENOSPC 28.
        assertEquals(2, Errno.ENOENT);
        assertEquals(19, Errno.ENODEV);
        assertEquals(28, Errno.ENOSPC);
        assertEquals("no space left on device", Errno.describe(Errno.ENOSPC));
    }

    @Test
    void unknownCodesAreNamedByNumber() {
        assertEquals("E?4095", Errno.name(4095));
        assertNotEquals("", Errno.describe(4095));
    }
}
