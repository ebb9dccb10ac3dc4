package dev.convene.auth.service;

import dev.convene.auth.entity.Session.RevokeReason;
import dev.convene.auth.entity.UserAccount;
import dev.convene.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Creating accounts and the changes a user makes to their own account. */
@ApplicationScoped
public class AccountService {

    private final PasswordHasher hasher;
    private final PasswordRules rules;
    private final SessionService sessions;
    private final LoginThrottle throttle;

    public AccountService(PasswordHasher hasher, PasswordRules rules, SessionService sessions, LoginThrottle throttle) {
        this.hasher = hasher;
        this.rules = rules;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Transactional
    public UserAccount signup(String rawUsername, String rawEmail, String rawDisplayName, String password) {
        String username = Identifiers.username(rawUsername);
        String email = Identifiers.email(rawEmail);
        rules.require("password", password, username, email);
        if (UserAccount.findByUsername(username).isPresent()) {
            throw usernameTaken();
        }
        if (UserAccount.findByEmail(email).isPresent()) {
            throw emailTaken();
        }
        UserAccount user = UserAccount.create(username, email, Identifiers.displayName(rawDisplayName), hasher.hash(password));
        try {
            user.persistAndFlush();
        } catch (PersistenceException e) {
            throw translateUniqueViolation(e);
        }
        return user;
    }

    /** After a successful password check: remember the login, upgrade an outdated hash. */
    @Transactional
    public UserAccount recordLogin(UUID userId, String password) {
        UserAccount user = UserAccount.findById(userId);
        if (hasher.needsRehash(user.passwordHash)) {
            user.passwordHash = hasher.hash(password);
        }
        user.lastLoginAt = Instant.now();
        return user;
    }

    @Transactional
    public UserAccount updateDisplayName(UUID userId, String displayName) {
        UserAccount user = Accounts.requireActive(userId);
        user.displayName = Identifiers.displayName(displayName);
        user.touch();
        return user;
    }

    /**
     * Needs the current password (counted like a login attempt against guessing with a stolen
     * access token). Ends every other session; the caller's own session stays.
     */
    @Transactional
    public void changePassword(UUID userId, UUID currentSession, String currentPassword, String newPassword,
            String clientAddress) {
        UserAccount user = Accounts.requireActive(userId);
        LoginThrottle.Attempt attempt = throttle.begin(user.id.toString(), clientAddress);
        if (!hasher.matches(currentPassword, user.passwordHash)) {
            throw new ApiException(400, AuthErrors.CURRENT_PASSWORD_INCORRECT, "The current password is not correct");
        }
        throttle.succeeded(attempt);
        rules.require("newPassword", newPassword, user.username, user.email);
        user.passwordHash = hasher.hash(newPassword);
        user.passwordChangedAt = Instant.now();
        user.touch();
        sessions.revokeAllExcept(user.id, currentSession, RevokeReason.PASSWORD_CHANGED);
    }

    /** Two signups raced past the existence checks: the unique indexes decide. */
    private static RuntimeException translateUniqueViolation(PersistenceException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof ConstraintViolationException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
            String constraint = violation.getConstraintName();
            if (constraint.contains("users_username_key")) {
                return usernameTaken();
            }
            if (constraint.contains("users_email_key")) {
                return emailTaken();
            }
        }
        return e;
    }

    private static ApiException usernameTaken() {
        return new ApiException(409, AuthErrors.USERNAME_TAKEN, "This username is taken");
    }

    private static ApiException emailTaken() {
        return new ApiException(409, AuthErrors.EMAIL_TAKEN, "An account with this email address exists");
    }
}
