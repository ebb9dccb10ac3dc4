package dev.convene.room.rest.dto;

import dev.convene.room.entity.LobbyRequest;
import java.time.Instant;
import java.util.UUID;

/** Someone waiting in the lobby, as hosts see them. */
public record LobbyEntry(UUID requestId, UUID userId, String name, boolean guest, Instant waitingSince) {

    public static LobbyEntry of(LobbyRequest request) {
        return new LobbyEntry(request.id, request.userId, request.name, request.guest, request.createdAt);
    }
}
