package dev.convene.room.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A non-host waiting to be let into a meeting whose room has the lobby on. */
@Entity
@Table(name = "lobby_requests")
public class LobbyRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean guest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LobbyStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public UUID decidedBy;

    /** The user's most recent request in this meeting, if any. */
    public static Optional<LobbyRequest> latest(UUID meetingId, UUID userId) {
        return find("meetingId = ?1 and userId = ?2 order by createdAt desc", meetingId, userId)
                .firstResultOptional();
    }

    public static boolean admitted(UUID meetingId, UUID userId) {
        return count("meetingId = ?1 and userId = ?2 and status = ?3", meetingId, userId, LobbyStatus.ADMITTED) > 0;
    }

    public static List<LobbyRequest> waiting(UUID meetingId, Instant seenSince) {
        return list("meetingId = ?1 and status = ?2 and lastSeenAt >= ?3 order by createdAt",
                meetingId, LobbyStatus.WAITING, seenSince);
    }
}
