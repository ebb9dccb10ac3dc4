package dev.convene.auth.service;

import dev.convene.common.error.ApiException;

/** The error codes of auth-service (shared ones are in service-common's ErrorCodes). */
public final class AuthErrors {

    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String ACCOUNT_DISABLED = "account_disabled";
    public static final String ACCOUNT_GONE = "account_gone";
    public static final String USERNAME_TAKEN = "username_taken";
    public static final String EMAIL_TAKEN = "email_taken";
    public static final String CURRENT_PASSWORD_INCORRECT = "current_password_incorrect";
    public static final String REFRESH_TOKEN_MISSING = "refresh_token_missing";
    public static final String REFRESH_TOKEN_INVALID = "refresh_token_invalid";
    public static final String REFRESH_TOKEN_EXPIRED = "refresh_token_expired";
    public static final String REFRESH_TOKEN_REUSED = "refresh_token_reused";
    public static final String REFRESH_TOKEN_SUPERSEDED = "refresh_token_superseded";
    public static final String RESET_TOKEN_INVALID = "reset_token_invalid";
    public static final String RESET_TOKEN_EXPIRED = "reset_token_expired";
    public static final String RESET_TOKEN_USED = "reset_token_used";
    public static final String USER_NOT_FOUND = "user_not_found";
    public static final String USER_DELETED = "user_deleted";
    public static final String SELF_MODIFICATION = "self_modification";
    public static final String GUEST_EXPIRED = "guest_expired";

    private AuthErrors() {
    }

    /** The same answer for an unknown account and a wrong password. */
    public static ApiException invalidCredentials() {
        return new ApiException(401, INVALID_CREDENTIALS, "Wrong username, email or password");
    }

    public static ApiException accountDisabled() {
        return new ApiException(403, ACCOUNT_DISABLED, "This account is disabled");
    }

    public static ApiException accountGone() {
        return new ApiException(401, ACCOUNT_GONE, "This account no longer exists");
    }

    public static ApiException refresh(String code) {
        return switch (code) {
            case REFRESH_TOKEN_MISSING -> new ApiException(401, code, "No refresh token: log in");
            case REFRESH_TOKEN_EXPIRED -> new ApiException(401, code, "The session expired: log in again");
            case REFRESH_TOKEN_REUSED -> new ApiException(401, code,
                    "This refresh token was already used: the session was ended for safety, log in again");
            case REFRESH_TOKEN_SUPERSEDED -> new ApiException(409, code,
                    "This refresh token was just replaced by another request: retry with the current cookie");
            default -> new ApiException(401, REFRESH_TOKEN_INVALID, "The session is not valid: log in");
        };
    }

    public static ApiException reset(String code) {
        return switch (code) {
            case RESET_TOKEN_EXPIRED -> new ApiException(400, code, "This reset link expired: ask for a new one");
            case RESET_TOKEN_USED -> new ApiException(400, code,
                    "This reset link was already used or replaced by a newer one");
            default -> new ApiException(400, RESET_TOKEN_INVALID, "This reset link is not valid");
        };
    }

    public static ApiException guestExpired() {
        return new ApiException(403, GUEST_EXPIRED, "This guest identity reached its maximum age: continue as a new guest");
    }

    public static ApiException userNotFound() {
        return new ApiException(404, USER_NOT_FOUND, "No such user");
    }

    public static ApiException selfModification() {
        return new ApiException(409, SELF_MODIFICATION,
                "Administrators cannot disable, delete or demote themselves: ask another administrator");
    }
}
