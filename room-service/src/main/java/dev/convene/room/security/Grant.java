package dev.convene.room.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Capabilities carried in the room token's {@code grants} claim; signaling-service and
 * chat-service enforce them (docs/room-service.md, "Room token").
 */
public enum Grant {
    /** send camera and microphone */
    PUBLISH,
    /** share the screen */
    SCREEN,
    /** send chat messages and reactions */
    CHAT,
    /** upload files to the chat */
    FILES,
    /** start and stop a recording */
    RECORD,
    /** host actions carried over the signaling connection (e.g. lower someone's hand) */
    MODERATE;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Hosts may do everything; guests may not upload files. */
    public static List<String> forRole(RoomRole role, boolean guest) {
        List<String> grants = new ArrayList<>(List.of(PUBLISH.claim(), SCREEN.claim(), CHAT.claim()));
        if (role == RoomRole.HOST || !guest) {
            grants.add(FILES.claim());
        }
        if (role == RoomRole.HOST) {
            grants.add(RECORD.claim());
            grants.add(MODERATE.claim());
        }
        return List.copyOf(grants);
    }
}
