package dev.convene.auth.support;

import java.util.UUID;

/** A user created through the API, with what its login returned. */
public record Account(UUID id, String username, String email, String password, String accessToken,
        String refreshToken) {

    public Account withTokens(String access, String refresh) {
        return new Account(id, username, email, password, access, refresh);
    }

    public Account withPassword(String newPassword) {
        return new Account(id, username, email, newPassword, accessToken, refreshToken);
    }
}
