package dev.convene.auth.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One login: the family of refresh tokens rotated from it. Revoking the session ends every
 * token of the family at once (logout, password change, reuse detection, admin disable).
 */
@Entity
@Table(name = "sessions")
public class Session extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_reason")
    public String revokeReason;

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public void revoke(RevokeReason reason) {
        if (revokedAt == null) {
            revokedAt = Instant.now();
            revokeReason = reason.name().toLowerCase();
        }
    }

    /** Revokes every live session of the user; returns how many. */
    public static int revokeAllOf(UUID userId, RevokeReason reason) {
        return update("revokedAt = ?1, revokeReason = ?2 where userId = ?3 and revokedAt is null",
                Instant.now(), reason.name().toLowerCase(), userId);
    }

    /** Revokes every live session of the user but {@code keep}; returns how many. */
    public static int revokeAllOfExcept(UUID userId, UUID keep, RevokeReason reason) {
        return update("revokedAt = ?1, revokeReason = ?2 where userId = ?3 and revokedAt is null and id <> ?4",
                Instant.now(), reason.name().toLowerCase(), userId, keep);
    }

    /** Why a session ended; stored for support, never shown to other users. */
    public enum RevokeReason {
        LOGOUT,
        LOGOUT_ALL,
        PASSWORD_CHANGED,
        PASSWORD_RESET,
        TOKEN_REUSE,
        ACCOUNT_DISABLED,
        ACCOUNT_DELETED
    }
}
