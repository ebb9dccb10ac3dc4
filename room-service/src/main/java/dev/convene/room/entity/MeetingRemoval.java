package dev.convene.room.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user a host removed from a meeting: they cannot rejoin it. */
@Entity
@Table(name = "meeting_removals")
public class MeetingRemoval extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "removed_by", nullable = false)
    public UUID removedBy;

    @Column(name = "removed_at", nullable = false)
    public Instant removedAt;

    public static boolean exists(UUID meetingId, UUID userId) {
        return count("meetingId = ?1 and userId = ?2", meetingId, userId) > 0;
    }
}
