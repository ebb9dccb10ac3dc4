package dev.convene.room.service;

import dev.convene.room.entity.Meeting;
import dev.convene.room.entity.MeetingCohost;
import dev.convene.room.entity.MeetingRemoval;
import dev.convene.room.entity.Room;
import dev.convene.room.events.EventTypes;
import dev.convene.room.events.RoomEvent;
import dev.convene.room.security.Caller;
import dev.convene.room.security.RoomRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What hosts (the owner or a co-host) do to a running meeting. Each action changes the
 * database first and is announced on Redis after commit; signaling-service enforces it on
 * the live connections (docs/events.md).
 */
@ApplicationScoped
public class HostControlService {

    @Inject
    RoomGuard guard;

    @Inject
    MeetingCloser closer;

    @Inject
    Event<RoomEvent> events;

    @Transactional
    public Room setLocked(Caller caller, String slug, boolean locked) {
        Room room = openRoomAsHost(caller, slug);
        if (room.locked != locked) {
            room.locked = locked;
            room.updatedAt = Instant.now();
            events.fire(RoomEvent.toRoom(locked ? EventTypes.ROOM_LOCKED : EventTypes.ROOM_UNLOCKED, slug, by(caller)));
        }
        return room;
    }

    /** The user leaves now and cannot come back to this meeting (a later one is fine). */
    @Transactional
    public void remove(Caller caller, String slug, UUID userId) {
        Room room = openRoomAsHost(caller, slug);
        if (room.isOwnedBy(userId)) {
            throw RoomErrors.cannotTargetOwner();
        }
        if (!MeetingRemoval.exists(room.currentMeetingId, userId)) {
            MeetingRemoval removal = new MeetingRemoval();
            removal.id = UUID.randomUUID();
            removal.meetingId = room.currentMeetingId;
            removal.userId = userId;
            removal.removedBy = caller.userId();
            removal.removedAt = Instant.now();
            removal.persist();
        }
        MeetingCohost.remove(room.currentMeetingId, userId);
        events.fire(RoomEvent.toUser(EventTypes.PARTICIPANT_REMOVED, slug, userId, Map.of(
                "userId", userId.toString(), "reason", "removed_by_host", "by", caller.userId().toString())));
    }

    /** Asks (cannot force) one participant to mute their microphone. */
    @Transactional
    public void requestMute(Caller caller, String slug, UUID userId) {
        openRoomAsHost(caller, slug);
        events.fire(RoomEvent.toUser(EventTypes.PARTICIPANT_MUTE_REQUESTED, slug, userId, Map.of(
                "userId", userId.toString(), "by", caller.userId().toString())));
    }

    /** Asks every participant except the hosts to mute. */
    @Transactional
    public void muteAll(Caller caller, String slug) {
        openRoomAsHost(caller, slug);
        events.fire(RoomEvent.toRoom(EventTypes.ROOM_MUTE_ALL, slug, Map.of(
                "exceptRole", RoomRole.HOST.claim(), "by", caller.userId().toString())));
    }

    /** Ends the meeting for everyone; the room stays closed until the owner reopens it. */
    @Transactional
    public void end(Caller caller, String slug) {
        Room room = openRoomAsHost(caller, slug);
        closer.close(room, MeetingCloser.ENDED_BY_HOST, caller.userId());
    }

    /** Starts a new meeting in a closed room: removals, co-hosts and lobby start afresh. */
    @Transactional
    public Room reopen(Caller caller, String slug) {
        Room room = guard.findForUpdate(slug);
        guard.requireOwner(room, caller);
        if (room.isOpen()) {
            throw RoomErrors.roomOpen();
        }
        Instant now = Instant.now();
        room.currentMeetingId = Meeting.start(room.id, now).id;
        room.locked = false;
        room.updatedAt = now;
        return room;
    }

    @Transactional
    public void promote(Caller caller, String slug, UUID userId) {
        Room room = openRoomAsHost(caller, slug);
        if (room.isOwnedBy(userId)) {
            throw RoomErrors.cannotTargetOwner();
        }
        if (MeetingCohost.exists(room.currentMeetingId, userId)) {
            return;
        }
        MeetingCohost cohost = new MeetingCohost();
        cohost.id = UUID.randomUUID();
        cohost.meetingId = room.currentMeetingId;
        cohost.userId = userId;
        cohost.promotedBy = caller.userId();
        cohost.promotedAt = Instant.now();
        cohost.persist();
        roleChanged(caller, slug, userId, RoomRole.HOST);
    }

    @Transactional
    public void demote(Caller caller, String slug, UUID userId) {
        Room room = openRoomAsHost(caller, slug);
        if (room.isOwnedBy(userId)) {
            throw RoomErrors.cannotTargetOwner();
        }
        if (MeetingCohost.remove(room.currentMeetingId, userId) > 0) {
            roleChanged(caller, slug, userId, RoomRole.PARTICIPANT);
        }
    }

    private void roleChanged(Caller caller, String slug, UUID userId, RoomRole role) {
        events.fire(RoomEvent.toUser(EventTypes.PARTICIPANT_ROLE_CHANGED, slug, userId, Map.of(
                "userId", userId.toString(), "role", role.claim(), "cohost", role == RoomRole.HOST,
                "by", caller.userId().toString())));
    }

    // Locked for the transaction: concurrent host actions on one room apply one after another.
    private Room openRoomAsHost(Caller caller, String slug) {
        Room room = guard.findForUpdate(slug);
        guard.requireHost(room, caller);
        guard.requireOpen(room);
        return room;
    }

    private static Map<String, Object> by(Caller caller) {
        return Map.of("by", caller.userId().toString());
    }
}
