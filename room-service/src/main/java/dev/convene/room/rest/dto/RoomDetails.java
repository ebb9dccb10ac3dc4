package dev.convene.room.rest.dto;

import dev.convene.room.entity.MediaMode;
import dev.convene.room.entity.Room;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A room as its owner and hosts see it (the passcode itself is never shown: only its hash is stored)")
public record RoomDetails(
        String slug,
        String name,
        MediaMode mediaMode,
        boolean passcodeRequired,
        int maxParticipants,
        boolean guestsAllowed,
        boolean lobbyEnabled,
        Instant scheduledStart,
        @Schema(enumeration = {"open", "closed"}) String state,
        boolean locked,
        UUID ownerId,
        String ownerName,
        Instant createdAt,
        Instant updatedAt) {

    public static RoomDetails of(Room room) {
        return new RoomDetails(room.slug, room.name, room.mediaMode, room.hasPasscode(), room.maxParticipants,
                room.guestsAllowed, room.lobbyEnabled, room.scheduledStart, RoomView.state(room), room.locked,
                room.ownerId, room.ownerName, room.createdAt, room.updatedAt);
    }
}
