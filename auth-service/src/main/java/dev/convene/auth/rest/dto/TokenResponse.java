package dev.convene.auth.rest.dto;

/** An access token (the refresh token travels only in the HttpOnly cookie). */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, UserView user) {

    public static TokenResponse bearer(String accessToken, long expiresIn, UserView user) {
        return new TokenResponse(accessToken, "Bearer", expiresIn, user);
    }
}
