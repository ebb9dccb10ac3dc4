package dev.convene.room.service;

import dev.convene.room.entity.Meeting;
import dev.convene.room.entity.Room;
import dev.convene.room.events.EventTypes;
import dev.convene.room.events.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Ends a room's current meeting (host or admin) and announces {@code room.ended}. */
@ApplicationScoped
public class MeetingCloser {

    public static final String ENDED_BY_HOST = "ended_by_host";
    public static final String CLOSED_BY_ADMIN = "closed_by_admin";

    @Inject
    Event<RoomEvent> events;

    /** Call inside a transaction holding the room's row lock; the room must be open. */
    void close(Room room, String reason, UUID by) {
        Instant now = Instant.now();
        Meeting meeting = Meeting.findById(room.currentMeetingId);
        meeting.endedAt = now;
        meeting.endReason = reason;
        room.currentMeetingId = null;
        room.locked = false;
        room.updatedAt = now;
        events.fire(RoomEvent.toRoom(EventTypes.ROOM_ENDED, room.slug,
                Map.of("reason", reason, "by", by.toString())));
    }
}
