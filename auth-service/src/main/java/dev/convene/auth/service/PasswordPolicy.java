package dev.convene.auth.service;

import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must satisfy: 10 to 128 characters, not containing the username or the
 * email's local part, not one of the most common passwords. Pure logic, so it is unit-tested
 * directly; the bean {@link PasswordRules} applies it in the service.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    /** Names shorter than this are too likely to appear in a password by chance. */
    private static final int MIN_NAME_PART = 3;

    private final CommonPasswords common;

    public PasswordPolicy(CommonPasswords common) {
        this.common = common;
    }

    /** @return why the password is refused, or empty when it is acceptable */
    public Optional<String> problem(String password, String username, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters long");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters long");
        }
        if (password.isBlank()) {
            return Optional.of("must not be only spaces");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (containsName(lower, username)) {
            return Optional.of("must not contain your username");
        }
        if (email != null && containsName(lower, email.substring(0, Math.max(0, email.indexOf('@'))))) {
            return Optional.of("must not contain your email address");
        }
        if (common.contains(password)) {
            return Optional.of("is one of the most common passwords");
        }
        return Optional.empty();
    }

    private static boolean containsName(String lowerPassword, String name) {
        return name != null && name.length() >= MIN_NAME_PART && lowerPassword.contains(name.toLowerCase(Locale.ROOT));
    }
}
