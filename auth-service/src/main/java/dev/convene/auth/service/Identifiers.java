package dev.convene.auth.service;

import java.util.Locale;

/** Formats of usernames, emails and display names, and their canonical (stored) form. */
public final class Identifiers {

    /** Letters are accepted in either case and stored lower-case; no '@', so logins can tell emails apart. */
    public static final String USERNAME_REGEX = "[A-Za-z0-9._-]{3,32}";
    public static final String USERNAME_MESSAGE = "must be 3 to 32 characters: letters, digits, '.', '_' or '-'";
    public static final int EMAIL_MAX = 254;
    public static final int DISPLAY_NAME_MAX = 64;
    /**
     * Something visible (not only spaces of any kind), no control characters (C0, DEL, C1) and
     * no line or paragraph separators. Emoji sequences (ZWJ) stay allowed.
     */
    public static final String DISPLAY_NAME_REGEX = "(?=.*[^\\p{Z}\\s])[^\\p{Cc}\\u2028\\u2029]*";

    private Identifiers() {
    }

    public static String username(String raw) {
        return raw.trim().toLowerCase(Locale.ROOT);
    }

    public static String email(String raw) {
        return raw.trim().toLowerCase(Locale.ROOT);
    }

    public static String displayName(String raw) {
        return raw.strip();
    }

    public static boolean isUsername(String raw) {
        return raw != null && raw.matches(USERNAME_REGEX);
    }
}
