package dev.convene.room.events;

/** The event types room-service publishes; each one's payload is defined in docs/events.md. */
public final class EventTypes {
    public static final String ROOM_LOCKED = "room.locked";
    public static final String ROOM_UNLOCKED = "room.unlocked";
    public static final String ROOM_SETTINGS_CHANGED = "room.settings-changed";
    public static final String ROOM_ENDED = "room.ended";
    public static final String ROOM_MUTE_ALL = "room.mute-all";
    public static final String PARTICIPANT_REMOVED = "participant.removed";
    public static final String PARTICIPANT_MUTE_REQUESTED = "participant.mute-requested";
    public static final String PARTICIPANT_ROLE_CHANGED = "participant.role-changed";
    public static final String LOBBY_WAITING = "lobby.waiting";
    public static final String LOBBY_ADMITTED = "lobby.admitted";
    public static final String LOBBY_DENIED = "lobby.denied";

    private EventTypes() {
    }
}
