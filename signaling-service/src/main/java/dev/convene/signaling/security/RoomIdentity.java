package dev.convene.signaling.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Who a verified room token says the caller is, in which room, and the room's settings when the
 * token was issued ({@code settings} claim: name, mediaMode, maxParticipants, …; null in tokens
 * without it).
 */
public record RoomIdentity(String userId, String name, String room, String role, Set<String> grants, boolean guest,
        ObjectNode settings) {

    public RoomIdentity(String userId, String name, String room, String role, Set<String> grants, boolean guest) {
        this(userId, name, room, role, grants, guest, null);
    }

    public static final String HOST = "host";
    public static final String PARTICIPANT = "participant";

    public boolean isHost() {
        return HOST.equals(role);
    }
}
