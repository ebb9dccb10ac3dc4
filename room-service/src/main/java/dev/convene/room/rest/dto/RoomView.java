package dev.convene.room.rest.dto;

import dev.convene.room.entity.MediaMode;
import dev.convene.room.entity.Room;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What anyone with the link may see: only what a joiner needs")
public record RoomView(
        String slug,
        String name,
        MediaMode mediaMode,
        boolean passcodeRequired,
        boolean guestsAllowed,
        boolean lobbyEnabled,
        Instant scheduledStart,
        @Schema(enumeration = {"open", "closed"}) String state,
        boolean locked) {

    public static RoomView of(Room room) {
        return new RoomView(room.slug, room.name, room.mediaMode, room.hasPasscode(), room.guestsAllowed,
                room.lobbyEnabled, room.scheduledStart, state(room), room.locked);
    }

    static String state(Room room) {
        return room.isOpen() ? "open" : "closed";
    }
}
