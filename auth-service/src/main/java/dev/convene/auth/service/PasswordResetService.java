package dev.convene.auth.service;

import dev.convene.auth.config.PasswordConfig;
import dev.convene.auth.entity.PasswordResetToken;
import dev.convene.auth.entity.Session.RevokeReason;
import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.security.SecretTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * "Forgot password": a single-use token, valid for a short time, mailed as a link. Only the
 * newest link of an account works. Resetting ends every session of the account.
 */
@ApplicationScoped
public class PasswordResetService {

    private final PasswordConfig config;
    private final ResetMailLimiter limiter;
    private final PasswordRules rules;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final LoginThrottle throttle;

    public PasswordResetService(PasswordConfig config, ResetMailLimiter limiter, PasswordRules rules,
            PasswordHasher hasher, SessionService sessions, LoginThrottle throttle) {
        this.config = config;
        this.limiter = limiter;
        this.rules = rules;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /**
     * @return the mail to send, or empty when nothing is to be sent (no active account with
     *         this address, or too many mails to it lately) — the caller answers the same way
     */
    @Transactional
    public Optional<ResetMail> request(String rawEmail) {
        String email = Identifiers.email(rawEmail);
        Optional<UserAccount> found = UserAccount.findByEmail(email).filter(UserAccount::isActive);
        if (found.isEmpty() || !limiter.allow(email)) {
            return Optional.empty();
        }
        UserAccount user = found.get();
        PasswordResetToken.invalidateAllOf(user.id);
        String value = SecretTokens.generate();
        PasswordResetToken token = new PasswordResetToken();
        token.id = UUID.randomUUID();
        token.userId = user.id;
        token.tokenHash = SecretTokens.hash(value);
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(config.resetTtl());
        token.persist();
        return Optional.of(new ResetMail(user.email, user.username, value));
    }

    /** A policy failure leaves the token unused, so the user can try another password. */
    @Transactional
    public void reset(String presented, String newPassword) {
        PasswordResetToken token = PasswordResetToken.findByHashForUpdate(SecretTokens.hash(presented))
                .orElseThrow(() -> AuthErrors.reset(AuthErrors.RESET_TOKEN_INVALID));
        if (token.usedAt != null) {
            throw AuthErrors.reset(AuthErrors.RESET_TOKEN_USED);
        }
        if (!Instant.now().isBefore(token.expiresAt)) {
            throw AuthErrors.reset(AuthErrors.RESET_TOKEN_EXPIRED);
        }
        UserAccount user = UserAccount.findById(token.userId);
        if (!user.isActive()) {
            throw AuthErrors.reset(AuthErrors.RESET_TOKEN_INVALID);
        }
        rules.require("newPassword", newPassword, user.username, user.email);
        token.usedAt = Instant.now();
        PasswordResetToken.invalidateAllOf(user.id);
        user.passwordHash = hasher.hash(newPassword);
        user.passwordChangedAt = token.usedAt;
        user.touch();
        sessions.revokeAll(user.id, RevokeReason.PASSWORD_RESET);
        // whoever was locked out by guessers can log in with the new password right away
        throttle.forgive(user.id.toString());
    }

    /** What the reset mail needs; {@code token} is the only copy of the secret. */
    public record ResetMail(String email, String username, String token) {

        @Override
        public String toString() {
            return "ResetMail[username=" + username + "]";
        }
    }
}
