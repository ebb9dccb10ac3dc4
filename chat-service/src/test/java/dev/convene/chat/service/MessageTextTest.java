package dev.convene.chat.service;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MessageTextTest {

    @Test
    void countsCodePointsNotUtf16Units() {
        assertNull(MessageText.problem("👍".repeat(10), 10));
        assertNotNull(MessageText.problem("👍".repeat(11), 10));
    }

    @Test
    void refusesControlsExceptNewlineAndTabAndBrokenSurrogates() {
        assertNull(MessageText.problem("a\nb\tc", 100));
        assertNotNull(MessageText.problem("a\rb", 100));
        assertNotNull(MessageText.problem("\u0000", 100));
        assertNotNull(MessageText.problem("x\u009b", 100));
        assertNotNull(MessageText.problem("x\uD800", 100));
        assertNotNull(MessageText.problem("\uDC00x", 100));
        assertNotNull(MessageText.problem(" \n ", 100));
        assertNotNull(MessageText.problem(null, 100));
        assertNull(MessageText.problem("שלום \u202Bמעורב\u202C", 100), "bidi marks are text, not controls");
    }
}
