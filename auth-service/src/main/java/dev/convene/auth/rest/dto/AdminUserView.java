package dev.convene.auth.rest.dto;

import dev.convene.auth.entity.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** An account as administrators see it. {@code status}: active, disabled or deleted. */
public record AdminUserView(UUID id, String username, String email, String displayName, List<String> groups,
        String status, Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    public static AdminUserView of(UserAccount user) {
        return new AdminUserView(user.id, user.username, user.email, user.displayName, user.groups(),
                user.status.name().toLowerCase(Locale.ROOT), user.createdAt, user.updatedAt, user.lastLoginAt);
    }
}
