package dev.convene.room.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user promoted to co-host for one meeting: same host rights as the owner there. */
@Entity
@Table(name = "meeting_cohosts")
public class MeetingCohost extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "promoted_by", nullable = false)
    public UUID promotedBy;

    @Column(name = "promoted_at", nullable = false)
    public Instant promotedAt;

    public static boolean exists(UUID meetingId, UUID userId) {
        return count("meetingId = ?1 and userId = ?2", meetingId, userId) > 0;
    }

    public static long remove(UUID meetingId, UUID userId) {
        return delete("meetingId = ?1 and userId = ?2", meetingId, userId);
    }

    public static List<MeetingCohost> ofMeeting(UUID meetingId) {
        return list("meetingId = ?1 order by promotedAt", meetingId);
    }
}
