package dev.convene.auth.support;

import dev.convene.auth.entity.PasswordResetToken;
import dev.convene.auth.entity.RefreshToken;
import dev.convene.auth.entity.Session;
import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.security.SecretTokens;
import dev.convene.auth.service.AdminBootstrap;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Direct database access for what the API cannot do in a test's time: letting time pass
 * (moving timestamps back) and reading what is stored.
 */
@ApplicationScoped
public class TestData {

    @Inject
    AdminBootstrap bootstrap;

    /** A new administrator (created the way the startup bootstrap creates one), logged in. */
    public Account newAdmin() {
        String username = Api.unique("admin");
        String email = username + "@example.org";
        bootstrap.ensureAdmin(username, Optional.of(email), Optional.of(Api.PASSWORD));
        Response login = Api.login(username, Api.PASSWORD);
        login.then().statusCode(200);
        return new Account(UUID.fromString(login.path("user.id")), username, email, Api.PASSWORD,
                login.path("accessToken"), login.getCookie(Api.COOKIE));
    }

    /** As if the token had been rotated {@code ago}. */
    @Transactional
    public void backdateRotation(String refreshToken, Duration ago) {
        RefreshToken token = refreshToken(refreshToken);
        token.rotatedAt = token.rotatedAt.minus(ago);
    }

    @Transactional
    public void expireRefreshToken(String refreshToken) {
        refreshToken(refreshToken).expiresAt = Instant.now().minusSeconds(1);
    }

    @Transactional
    public void expireResetToken(String resetToken) {
        PasswordResetToken.<PasswordResetToken>find("tokenHash", SecretTokens.hash(resetToken)).singleResult()
                .expiresAt = Instant.now().minusSeconds(1);
    }

    /** Moves the end of the session behind the token {@code ago} into the past. */
    @Transactional
    public UUID endSessionLongAgo(String refreshToken, Duration ago) {
        Session session = Session.findById(refreshToken(refreshToken).sessionId);
        Instant then = Instant.now().minus(ago);
        session.revokedAt = then;
        session.revokeReason = "logout";
        return session.id;
    }

    @Transactional
    public boolean sessionExists(UUID sessionId) {
        return Session.findById(sessionId) != null;
    }

    @Transactional
    public long refreshTokensOfSession(UUID sessionId) {
        return RefreshToken.count("sessionId", sessionId);
    }

    @Transactional
    public UUID sessionOf(String refreshToken) {
        return refreshToken(refreshToken).sessionId;
    }

    @Transactional
    public String passwordHashOf(UUID userId) {
        return UserAccount.<UserAccount>findById(userId).passwordHash;
    }

    @Transactional
    public void setPasswordHash(UUID userId, String hash) {
        UserAccount.<UserAccount>findById(userId).passwordHash = hash;
    }

    @Transactional
    public UserAccount user(UUID userId) {
        return UserAccount.findById(userId);
    }

    private static RefreshToken refreshToken(String value) {
        return RefreshToken.<RefreshToken>find("tokenHash", SecretTokens.hash(value)).singleResult();
    }
}
