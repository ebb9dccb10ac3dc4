package dev.convene.auth.service;

import dev.convene.auth.entity.AccountStatus;
import java.util.Optional;

/**
 * A search of the admin user list.
 *
 * @param text matched case-insensitively against username, email and display name
 * @param status only accounts in this state; when empty, every account except deleted ones
 * @param sort a sortable property, prefixed with '-' for descending order
 */
public record UserQuery(Optional<String> text, Optional<AccountStatus> status, String sort, int page, int size) {

    public static final String SORT_REGEX = "-?(username|email|displayName|createdAt|lastLoginAt)";
    public static final int MAX_SIZE = 100;
}
