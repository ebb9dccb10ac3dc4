package dev.convene.chat.support;

import java.security.SecureRandom;

/** Fresh room slugs, so tests can run again on the same database. */
public final class Rooms {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Rooms() {
    }

    public static String fresh() {
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 3 || i == 7) {
                slug.append('-');
            }
            slug.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return slug.toString();
    }
}
