package dev.convene.room.service;

import dev.convene.room.entity.MeetingCohost;
import dev.convene.room.entity.Room;
import dev.convene.room.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.regex.Pattern;

/** Finds rooms by slug and answers "is this caller a host here?" for every service. */
@ApplicationScoped
public class RoomGuard {

    private static final Pattern SLUG = Pattern.compile(SlugGenerator.PATTERN);

    public Room find(String slug) {
        requireSlugShape(slug);
        return Room.findBySlug(slug).orElseThrow(RoomErrors::roomNotFound);
    }

    /** The room, row-locked until the transaction ends: for changes of its state. */
    public Room findForUpdate(String slug) {
        requireSlugShape(slug);
        return Room.findBySlugForUpdate(slug).orElseThrow(RoomErrors::roomNotFound);
    }

    /** Host = the owner, or a co-host of the current meeting. */
    public boolean isHost(Room room, UUID userId) {
        return room.isOwnedBy(userId) || (room.isOpen() && MeetingCohost.exists(room.currentMeetingId, userId));
    }

    public void requireHost(Room room, Caller caller) {
        if (!isHost(room, caller.userId())) {
            throw RoomErrors.notHost();
        }
    }

    public void requireOwner(Room room, Caller caller) {
        if (!room.isOwnedBy(caller.userId())) {
            throw RoomErrors.notOwner();
        }
    }

    public void requireOpen(Room room) {
        if (!room.isOpen()) {
            throw RoomErrors.roomClosed();
        }
    }

    // Anything that is not slug-shaped cannot be a room: answer without asking the database.
    private static void requireSlugShape(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw RoomErrors.roomNotFound();
        }
    }
}
