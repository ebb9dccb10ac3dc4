package dev.convene.room.presence;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One connected participant as signaling-service records it in
 * {@code ${prefix}:presence:{slug}} (docs/events.md, "Presence").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// Read/written with ObjectMapper outside REST: native images need it registered.
@RegisterForReflection
public record PresenceEntry(String participantId, String userId, String name, String role, String replica,
        long joinedAt) {

    boolean isComplete() {
        return participantId != null && userId != null && replica != null;
    }
}
