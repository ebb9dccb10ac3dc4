package dev.convene.chat.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesSingleRanges() throws Exception {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=-10", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-5000", 1000));
    }

    @Test
    void ignoresWhatItDoesNotServeAndRefusesTheUnsatisfiable() {
        assertNull(assertDoesNotThrow("bytes=0-1,5-6"));
        assertNull(assertDoesNotThrow("items=0-1"));
        assertNull(assertDoesNotThrow("bytes=abc"));
        assertNull(assertDoesNotThrow("bytes=9-3"));
        assertNull(assertDoesNotThrow(null));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }

    private static ByteRange assertDoesNotThrow(String header) {
        try {
            return ByteRange.parse(header, 1000);
        } catch (ByteRange.Unsatisfiable e) {
            throw new AssertionError(header, e);
        }
    }

    @Test
    void contentDispositionEncodesTheExactNameAndAnAsciiFallback() {
        assertEquals("attachment; filename=\"na_ve _.txt\"; filename*=UTF-8''na%C3%AFve%20%F0%9F%98%80.txt",
                ContentDisposition.attachment("naïve 😀.txt"));
        assertEquals("a\"b%", ContentDisposition.decode("a%22b%"));
        assertEquals("💻 x", ContentDisposition.decode("%F0%9F%92%BB%20x"));
    }
}
