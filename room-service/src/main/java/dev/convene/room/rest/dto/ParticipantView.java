package dev.convene.room.rest.dto;

import dev.convene.room.presence.PresenceEntry;
import java.time.Instant;

/** A live participant, from presence. */
public record ParticipantView(String participantId, String userId, String name, String role, String replica,
        Instant joinedAt) {

    public static ParticipantView of(PresenceEntry entry) {
        return new ParticipantView(entry.participantId(), entry.userId(), entry.name(), entry.role(), entry.replica(),
                Instant.ofEpochMilli(entry.joinedAt()));
    }
}
