package dev.convene.room.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A room: a durable place to meet, addressed by its slug. */
@Entity
@Table(name = "rooms")
public class Room extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "owner_name", nullable = false)
    public String ownerName;

    /** bcrypt hash, null when the room has no passcode */
    @Column(name = "passcode_hash")
    public String passcodeHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "media_mode", nullable = false)
    public MediaMode mediaMode;

    @Column(name = "max_participants", nullable = false)
    public int maxParticipants;

    @Column(name = "guests_allowed", nullable = false)
    public boolean guestsAllowed;

    @Column(name = "lobby_enabled", nullable = false)
    public boolean lobbyEnabled;

    @Column(name = "scheduled_start")
    public Instant scheduledStart;

    @Column(nullable = false)
    public boolean locked;

    /** the open meeting; null while the room is closed */
    @Column(name = "current_meeting_id")
    public UUID currentMeetingId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean isOpen() {
        return currentMeetingId != null;
    }

    public boolean hasPasscode() {
        return passcodeHash != null;
    }

    public boolean isOwnedBy(UUID userId) {
        return ownerId.equals(userId);
    }

    public static Optional<Room> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** The room row locked until commit: serialises state changes (end, reopen, lock...). */
    public static Optional<Room> findBySlugForUpdate(String slug) {
        return find("slug", slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
