package dev.convene.room.service;

import dev.convene.room.config.RoomServiceConfig;
import dev.convene.room.entity.MediaMode;
import dev.convene.room.entity.Meeting;
import dev.convene.room.entity.Room;
import dev.convene.room.events.EventTypes;
import dev.convene.room.events.RoomEvent;
import dev.convene.room.rest.dto.CreateRoomRequest;
import dev.convene.room.rest.dto.UpdateRoomRequest;
import dev.convene.room.security.Caller;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Creating, reading, changing and deleting rooms. */
@ApplicationScoped
public class RoomService {

    @Inject
    RoomServiceConfig config;

    @Inject
    SlugGenerator slugs;

    @Inject
    RoomGuard guard;

    @Inject
    Event<RoomEvent> events;

    /** A new room, open (its first meeting started) and owned by the caller. */
    @Transactional
    public Room create(Caller owner, CreateRoomRequest request) {
        Instant now = Instant.now();
        Room room = new Room();
        room.id = UUID.randomUUID();
        room.slug = freeSlug();
        room.name = request.name().strip();
        room.ownerId = owner.userId();
        room.ownerName = owner.name();
        room.passcodeHash = request.passcode() == null ? null : BcryptUtil.bcryptHash(request.passcode());
        room.mediaMode = Objects.requireNonNullElse(request.mediaMode(), MediaMode.AUTO);
        room.maxParticipants = Objects.requireNonNullElse(request.maxParticipants(),
                config.rooms().defaultMaxParticipants());
        room.guestsAllowed = Objects.requireNonNullElse(request.guestsAllowed(), true);
        room.lobbyEnabled = Objects.requireNonNullElse(request.lobbyEnabled(), false);
        room.scheduledStart = request.scheduledStart();
        room.locked = false;
        room.createdAt = now;
        room.updatedAt = now;
        room.persist();
        room.currentMeetingId = Meeting.start(room.id, now).id;
        return room;
    }

    public Room bySlug(String slug) {
        return guard.find(slug);
    }

    /** The room, if the caller is one of its hosts. */
    @Transactional
    public Room forHost(Caller caller, String slug) {
        Room room = guard.find(slug);
        guard.requireHost(room, caller);
        return room;
    }

    public List<Room> ownedBy(Caller caller) {
        return Room.list("ownerId = ?1 order by createdAt desc", caller.userId());
    }

    /** Hosts change settings; everyone in the meeting hears of it. */
    @Transactional
    public Room update(Caller caller, String slug, UpdateRoomRequest change) {
        Room room = guard.findForUpdate(slug);
        guard.requireHost(room, caller);
        if (change.getName() != null) {
            room.name = change.getName().strip();
        }
        if (change.has("passcode")) {
            room.passcodeHash = change.getPasscode() == null ? null : BcryptUtil.bcryptHash(change.getPasscode());
        }
        if (change.getMediaMode() != null) {
            room.mediaMode = change.getMediaMode();
        }
        if (change.getMaxParticipants() != null) {
            room.maxParticipants = change.getMaxParticipants();
        }
        if (change.getGuestsAllowed() != null) {
            room.guestsAllowed = change.getGuestsAllowed();
        }
        if (change.getLobbyEnabled() != null) {
            room.lobbyEnabled = change.getLobbyEnabled();
        }
        if (change.has("scheduledStart")) {
            room.scheduledStart = change.getScheduledStart();
        }
        room.updatedAt = Instant.now();
        events.fire(RoomEvent.toRoom(EventTypes.ROOM_SETTINGS_CHANGED, slug,
                Map.of("settings", RoomSettingsEvents.payload(room), "by", caller.userId().toString())));
        return room;
    }

    /** Only the owner deletes; a meeting in progress ends with it. */
    @Transactional
    public void delete(Caller caller, String slug) {
        Room room = guard.findForUpdate(slug);
        guard.requireOwner(room, caller);
        boolean wasOpen = room.isOpen();
        room.delete();
        if (wasOpen) {
            events.fire(RoomEvent.toRoom(EventTypes.ROOM_ENDED, slug,
                    Map.of("reason", "deleted", "by", caller.userId().toString())));
        }
    }

    private String freeSlug() {
        // 47 bits: a collision is astronomically rare, but cheap to rule out.
        String slug = slugs.next();
        while (Room.count("slug", slug) > 0) {
            slug = slugs.next();
        }
        return slug;
    }
}
