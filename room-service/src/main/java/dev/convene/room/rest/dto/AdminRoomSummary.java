package dev.convene.room.rest.dto;

import dev.convene.room.entity.MediaMode;
import dev.convene.room.entity.Room;
import java.time.Instant;
import java.util.UUID;

/** One row of the admin room list. */
public record AdminRoomSummary(String slug, String name, UUID ownerId, String ownerName, MediaMode mediaMode,
        String state, boolean locked, boolean active, int participants, Instant createdAt) {

    public static AdminRoomSummary of(Room room, int participants) {
        return new AdminRoomSummary(room.slug, room.name, room.ownerId, room.ownerName, room.mediaMode,
                RoomView.state(room), room.locked, participants > 0, participants, room.createdAt);
    }
}
