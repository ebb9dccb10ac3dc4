package dev.convene.chat.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {"👍", "❤️", "❤", "😂", "🎉", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "1️⃣", "#⃣",
            "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", "☕", "⭐", "©️"})
    void singleEmojiAreValid(String emoji) {
        assertTrue(Emoji.valid(emoji), emoji);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1", "ab", "👍👍", "👍 ", " 👍", "\u200D", "👍\u200D", "\uFE0F", "🏽", "🇫", "🇫🇷🇩🇪",
            "👍\u0000", "<script>", "😀😀😀😀😀😀😀😀😀", "👩‍👩‍👧‍👦‍👩‍👩‍👧"})
    void everythingElseIsRefused(String text) {
        assertFalse(Emoji.valid(text), text);
    }
}
