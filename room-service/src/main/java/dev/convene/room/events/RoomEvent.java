package dev.convene.room.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * The one envelope of every room-scoped event on Redis (docs/events.md). {@code target} is
 * the user addressed, or null for everyone in the room; it is always serialised.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
// Read/written with ObjectMapper outside REST: native images need it registered.
@RegisterForReflection
public record RoomEvent(String type, String room, String sender, String target, String id, long timestamp,
        Map<String, Object> payload) {

    public static final String SENDER = "room-service";

    public static RoomEvent toRoom(String type, String slug, Map<String, Object> payload) {
        return new RoomEvent(type, slug, SENDER, null, UUID.randomUUID().toString(), System.currentTimeMillis(), payload);
    }

    public static RoomEvent toUser(String type, String slug, UUID userId, Map<String, Object> payload) {
        return new RoomEvent(type, slug, SENDER, userId.toString(), UUID.randomUUID().toString(),
                System.currentTimeMillis(), payload);
    }
}
