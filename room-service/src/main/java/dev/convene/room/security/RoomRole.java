package dev.convene.room.security;

import java.util.Locale;

/** A participant's role in a meeting, as written in the room token's {@code role} claim. */
public enum RoomRole {
    /** the owner or a co-host */
    HOST,
    PARTICIPANT;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }
}
