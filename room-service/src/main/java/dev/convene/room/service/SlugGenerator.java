package dev.convene.room.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;

/**
 * Room slugs like {@code abc-defg-hij}: 10 letters from a CSPRNG, 26^10 ≈ 1.4·10^14
 * possibilities (47 bits), so a link cannot be guessed by trying.
 */
@ApplicationScoped
public class SlugGenerator {

    /** what a slug looks like; anything else is not a room */
    public static final String PATTERN = "[a-z]{3}-[a-z]{4}-[a-z]{3}";

    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int[] GROUPS = {3, 4, 3};

    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder slug = new StringBuilder(12);
        for (int group = 0; group < GROUPS.length; group++) {
            if (group > 0) {
                slug.append('-');
            }
            for (int i = 0; i < GROUPS[group]; i++) {
                slug.append(LETTERS[random.nextInt(LETTERS.length)]);
            }
        }
        return slug.toString();
    }
}
