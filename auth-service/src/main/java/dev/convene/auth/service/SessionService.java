package dev.convene.auth.service;

import dev.convene.auth.config.SessionConfig;
import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.RefreshToken;
import dev.convene.auth.entity.Session;
import dev.convene.auth.entity.Session.RevokeReason;
import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.security.SecretTokens;
import dev.convene.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sessions and their rotating refresh tokens. Every refresh exchanges the presented token for
 * a new one; presenting an exchanged token again means two parties hold it (one of them a
 * thief), so the whole session is revoked — except within a short grace period, where it is
 * most likely two tabs of the same browser racing.
 */
@ApplicationScoped
public class SessionService {

    private final SessionConfig config;

    public SessionService(SessionConfig config) {
        this.config = config;
    }

    /** Starts a session for a user who just proved their password. */
    @Transactional
    public OpenSession open(UUID userId) {
        Instant now = Instant.now();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.createdAt = now;
        session.expiresAt = now.plus(config.maxTtl());
        session.lastUsedAt = now;
        session.persist();
        return issueToken(session, now);
    }

    /**
     * Rotates {@code presented}. Refusals that revoke the session must keep that revocation,
     * hence no rollback on {@link ApiException}.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Refreshed refresh(String presented) {
        Instant now = Instant.now();
        RefreshToken token = RefreshToken.findByHashForUpdate(SecretTokens.hash(presented))
                .orElseThrow(() -> AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_INVALID));
        Session session = Session.findById(token.sessionId);
        if (session.isRevoked()) {
            throw AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_INVALID);
        }
        if (token.rotatedAt != null) {
            if (Duration.between(token.rotatedAt, now).compareTo(config.reuseGrace()) <= 0) {
                throw AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_SUPERSEDED);
            }
            session.revoke(RevokeReason.TOKEN_REUSE);
            throw AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_REUSED);
        }
        if (!now.isBefore(token.expiresAt) || !now.isBefore(session.expiresAt)) {
            throw AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_EXPIRED);
        }
        UserAccount user = UserAccount.findById(session.userId);
        if (user.status != AccountStatus.ACTIVE) {
            session.revoke(user.status == AccountStatus.DISABLED ? RevokeReason.ACCOUNT_DISABLED : RevokeReason.ACCOUNT_DELETED);
            throw user.status == AccountStatus.DISABLED ? AuthErrors.accountDisabled() : AuthErrors.accountGone();
        }
        token.rotatedAt = now;
        session.lastUsedAt = now;
        return new Refreshed(user, issueToken(session, now));
    }

    /** Ends the session the token belongs to; unknown tokens are ignored (logout is idempotent). */
    @Transactional
    public void revoke(String presented, RevokeReason reason) {
        RefreshToken.<RefreshToken>find("tokenHash", SecretTokens.hash(presented)).firstResultOptional()
                .map(token -> Session.<Session>findById(token.sessionId))
                .ifPresent(session -> session.revoke(reason));
    }

    @Transactional
    public int revokeAll(UUID userId, RevokeReason reason) {
        return Session.revokeAllOf(userId, reason);
    }

    /** @param keep the caller's own session; null (a token without session) revokes all */
    @Transactional
    public int revokeAllExcept(UUID userId, UUID keep, RevokeReason reason) {
        return keep == null ? Session.revokeAllOf(userId, reason) : Session.revokeAllOfExcept(userId, keep, reason);
    }

    private OpenSession issueToken(Session session, Instant now) {
        String value = SecretTokens.generate();
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.sessionId = session.id;
        token.tokenHash = SecretTokens.hash(value);
        token.issuedAt = now;
        Instant idleEnd = now.plus(config.refreshIdleTtl());
        token.expiresAt = idleEnd.isBefore(session.expiresAt) ? idleEnd : session.expiresAt;
        token.persist();
        return new OpenSession(session.id, value, token.expiresAt);
    }

    /** A session, the refresh token to hand to the client (in the cookie) and its expiry. */
    public record OpenSession(UUID sessionId, String refreshToken, Instant expiresAt) {
    }

    public record Refreshed(UserAccount user, OpenSession session) {
    }
}
