package dev.convene.room.service;

import dev.convene.room.entity.Room;
import dev.convene.room.security.RoomTokens;
import java.util.UUID;

/** What a join (or a lobby poll) gives: a room token now, or a place in the lobby. */
public sealed interface JoinOutcome {

    Room room();

    record Joined(Room room, RoomTokens.Issued token) implements JoinOutcome {
    }

    record Waiting(Room room, UUID requestId) implements JoinOutcome {
    }
}
