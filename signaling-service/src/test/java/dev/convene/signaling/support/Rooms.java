package dev.convene.signaling.support;

import java.security.SecureRandom;
import java.util.UUID;

/** Random room slugs and user ids: tests never share a room, so they can run again on the same Redis. */
public final class Rooms {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Rooms() {
    }

    public static String slug() {
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            slug.append((char) ('a' + RANDOM.nextInt(26)));
            if (i == 2 || i == 6) {
                slug.append('-');
            }
        }
        return slug.toString();
    }

    public static String user() {
        return UUID.randomUUID().toString();
    }
}
