package dev.convene.room.service;

import dev.convene.room.config.RoomServiceConfig;
import dev.convene.room.entity.LobbyRequest;
import dev.convene.room.entity.LobbyStatus;
import dev.convene.room.entity.Meeting;
import dev.convene.room.entity.MeetingRemoval;
import dev.convene.room.entity.Room;
import dev.convene.room.events.EventTypes;
import dev.convene.room.events.RoomEvent;
import dev.convene.room.security.Caller;
import dev.convene.room.security.RoomRole;
import dev.convene.room.security.RoomTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lobby: non-hosts of a room with the lobby on wait here until a host admits or denies
 * them. Requests live in PostgreSQL (any replica can answer a poll); decisions are also
 * announced on Redis, which wakes long polls and lets signaling-service push them.
 */
@ApplicationScoped
public class LobbyService {

    @Inject
    RoomServiceConfig config;

    @Inject
    RoomGuard guard;

    @Inject
    RoomTokens tokens;

    @Inject
    Event<RoomEvent> events;

    /** The caller's waiting request in the room's meeting: the existing one, or a new one. */
    JoinOutcome.Waiting enqueue(Room room, Caller caller) {
        Instant now = Instant.now();
        LobbyRequest request = LobbyRequest.latest(room.currentMeetingId, caller.userId())
                .filter(existing -> existing.status == LobbyStatus.WAITING)
                .orElse(null);
        if (request == null) {
            request = new LobbyRequest();
            request.id = UUID.randomUUID();
            request.meetingId = room.currentMeetingId;
            request.userId = caller.userId();
            request.name = caller.name();
            request.guest = caller.guest();
            request.status = LobbyStatus.WAITING;
            request.createdAt = now;
            request.lastSeenAt = now;
            request.persist();
            events.fire(RoomEvent.toRoom(EventTypes.LOBBY_WAITING, room.slug, Map.of(
                    "requestId", request.id.toString(),
                    "userId", caller.userId().toString(),
                    "name", caller.name(),
                    "guest", caller.guest())));
        }
        request.lastSeenAt = now;
        return new JoinOutcome.Waiting(room, request.id);
    }

    /** Requests still waiting whose user is still polling, oldest first (hosts only). */
    @Transactional
    public List<LobbyRequest> waiting(Caller caller, String slug) {
        Room room = guard.find(slug);
        guard.requireOpen(room);
        guard.requireHost(room, caller);
        return LobbyRequest.waiting(room.currentMeetingId, Instant.now().minus(config.lobby().staleAfter()));
    }

    @Transactional
    public LobbyRequest decide(Caller caller, String slug, UUID requestId, boolean admit) {
        Room room = guard.find(slug);
        guard.requireOpen(room);
        guard.requireHost(room, caller);
        LobbyRequest request = LobbyRequest.<LobbyRequest>findByIdOptional(requestId)
                .filter(found -> found.meetingId.equals(room.currentMeetingId))
                .orElseThrow(RoomErrors::lobbyRequestNotFound);
        if (request.status != LobbyStatus.WAITING) {
            throw RoomErrors.lobbyRequestDecided();
        }
        request.status = admit ? LobbyStatus.ADMITTED : LobbyStatus.DENIED;
        request.decidedAt = Instant.now();
        request.decidedBy = caller.userId();
        events.fire(RoomEvent.toUser(admit ? EventTypes.LOBBY_ADMITTED : EventTypes.LOBBY_DENIED, slug,
                request.userId, Map.of(
                        "requestId", request.id.toString(),
                        "userId", request.userId.toString(),
                        "name", request.name,
                        "by", caller.userId().toString())));
        return request;
    }

    /**
     * Where the caller's request stands: still waiting, or admitted (with a fresh room token),
     * or refused (denied, removed, meeting over) as an exception.
     */
    @Transactional
    public JoinOutcome check(Caller caller, String slug, UUID requestId) {
        Room room = guard.find(slug);
        LobbyRequest request = LobbyRequest.<LobbyRequest>findByIdOptional(requestId)
                .filter(found -> found.userId.equals(caller.userId()))
                .orElseThrow(RoomErrors::lobbyRequestNotFound);
        if (!request.meetingId.equals(room.currentMeetingId)) {
            boolean ofThisRoom = Meeting.count("id = ?1 and roomId = ?2", request.meetingId, room.id) > 0;
            throw ofThisRoom ? RoomErrors.roomClosed() : RoomErrors.lobbyRequestNotFound();
        }
        if (MeetingRemoval.exists(room.currentMeetingId, caller.userId())) {
            throw RoomErrors.removed();
        }
        request.lastSeenAt = Instant.now();
        return switch (request.status) {
            case WAITING -> new JoinOutcome.Waiting(room, request.id);
            case DENIED -> throw RoomErrors.lobbyDenied();
            case ADMITTED -> new JoinOutcome.Joined(room,
                    tokens.issue(caller, room, RoomRole.PARTICIPANT));
        };
    }
}
