package dev.convene.room.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlugGeneratorTest {

    @Test
    void slugsHaveTheDocumentedShapeAndDoNotRepeat() {
        SlugGenerator generator = new SlugGenerator();
        Set<String> seen = new HashSet<>();
        Set<Character> letters = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String slug = generator.next();
            assertTrue(slug.matches(SlugGenerator.PATTERN), slug);
            seen.add(slug);
            slug.chars().filter(c -> c != '-').forEach(c -> letters.add((char) c));
        }
        assertEquals(10_000, seen.size());
        // 100,000 draws from 26 letters: every letter appears, or the alphabet is broken
        assertEquals(26, letters.size());
    }
}
