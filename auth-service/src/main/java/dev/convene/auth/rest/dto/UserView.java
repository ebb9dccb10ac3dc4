package dev.convene.auth.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convene.auth.entity.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The signed-in user (or guest: no username, email or creation time). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(UUID id, String username, String email, String displayName, List<String> groups,
        Instant createdAt) {

    public static UserView of(UserAccount user) {
        return new UserView(user.id, user.username, user.email, user.displayName, user.groups(), user.createdAt);
    }

    public static UserView guest(UUID id, String displayName) {
        return new UserView(id, null, null, displayName, List.of(UserAccount.GROUP_GUEST), null);
    }
}
