package dev.convene.auth.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A registered account. Username and email are stored lower-case (unique case-insensitively). */
@Entity
@Table(name = "users")
public class UserAccount extends PanacheEntityBase {

    public static final String GROUP_USER = "user";
    public static final String GROUP_ADMIN = "admin";
    public static final String GROUP_GUEST = "guest";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String username;

    /** null once the account is deleted (anonymised). */
    public String email;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** bcrypt hash; null once the account is deleted. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(nullable = false)
    public boolean admin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public static UserAccount create(String username, String email, String displayName, String passwordHash) {
        Instant now = Instant.now();
        UserAccount user = new UserAccount();
        user.id = UUID.randomUUID();
        user.username = username;
        user.email = email;
        user.displayName = displayName;
        user.passwordHash = passwordHash;
        user.status = AccountStatus.ACTIVE;
        user.createdAt = now;
        user.updatedAt = now;
        user.passwordChangedAt = now;
        return user;
    }

    public static Optional<UserAccount> findByUsername(String normalizedUsername) {
        return find("username", normalizedUsername).firstResultOptional();
    }

    public static Optional<UserAccount> findByEmail(String normalizedEmail) {
        return find("email", normalizedEmail).firstResultOptional();
    }

    /** The JWT {@code groups} of this account. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>(2);
        groups.add(GROUP_USER);
        if (admin) {
            groups.add(GROUP_ADMIN);
        }
        return groups;
    }

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }

    public void touch() {
        updatedAt = Instant.now();
    }
}
