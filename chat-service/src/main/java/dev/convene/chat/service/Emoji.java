package dev.convene.chat.service;

import java.nio.charset.StandardCharsets;

/**
 * Validates a reaction: one emoji, i.e. one grapheme cluster made of emoji code points — a
 * base emoji, optionally with a variation selector, a skin-tone modifier, ZWJ-joined further
 * emoji (👩‍💻), tag characters (subdivision flags), a keycap (1️⃣) or a regional-indicator
 * pair (🇫🇷) — at most 32 bytes of UTF-8. Java 17's BreakIterator does not know emoji
 * clusters, hence this small grammar instead of a general segmenter.
 */
public final class Emoji {

    public static final int MAX_BYTES = 32;
    private static final int ZWJ = 0x200D;
    private static final int VS15 = 0xFE0E;
    private static final int VS16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;

    private Emoji() {
    }

    public static boolean valid(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        int[] cps = emoji.codePoints().toArray();
        if (cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1])) {
            return true; // a flag
        }
        if (isKeycapBase(cps[0])) {
            return cps.length == 3 && cps[1] == VS16 && cps[2] == KEYCAP
                    || cps.length == 2 && cps[1] == KEYCAP;
        }
        boolean expectBase = true;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (expectBase) {
                if (!isPictographic(cp)) {
                    return false;
                }
                expectBase = false;
            } else if (cp == ZWJ) {
                if (i == cps.length - 1) {
                    return false;
                }
                expectBase = true;
            } else if (!(cp == VS15 || cp == VS16 || isSkinTone(cp) || isTag(cp))) {
                return false; // a second base without a joiner: two clusters
            }
        }
        return !expectBase;
    }

    private static boolean isPictographic(int cp) {
        if (isSkinTone(cp) || isRegionalIndicator(cp)) {
            return false;
        }
        return cp >= 0x1F000 && cp <= 0x1FAFF // emoticons, symbols and pictographs, transport, supplemental
                || cp >= 0x2600 && cp <= 0x27BF  // miscellaneous symbols, dingbats
                || cp >= 0x2300 && cp <= 0x23FF  // miscellaneous technical (⌚ ⏰)
                || cp >= 0x2B00 && cp <= 0x2BFF  // arrows, ⭐ ⬛
                || cp >= 0x2190 && cp <= 0x21FF  // arrows
                || cp >= 0x25A0 && cp <= 0x25FF  // geometric shapes
                || cp >= 0x2934 && cp <= 0x2935
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    private static boolean isSkinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007F;
    }

    private static boolean isKeycapBase(int cp) {
        return cp >= '0' && cp <= '9' || cp == '#' || cp == '*';
    }
}
