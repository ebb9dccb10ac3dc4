package dev.convene.room.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One instance of a room, from (re)opening until a host ends it. Removals, co-hosts and lobby
 * decisions are scoped to it.
 */
@Entity
@Table(name = "meetings")
public class Meeting extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "room_id", nullable = false)
    public UUID roomId;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** ended_by_host, closed_by_admin */
    @Column(name = "end_reason")
    public String endReason;

    public static Meeting start(UUID roomId, Instant now) {
        Meeting meeting = new Meeting();
        meeting.id = UUID.randomUUID();
        meeting.roomId = roomId;
        meeting.startedAt = now;
        meeting.persist();
        return meeting;
    }
}
