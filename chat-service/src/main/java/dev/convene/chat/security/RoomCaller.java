package dev.convene.chat.security;

import java.util.Set;

/** The holder of a verified room token, for the room the request addresses. */
public record RoomCaller(String userId, String name, String room, String role, Set<String> grants, boolean guest) {

    public boolean isHost() {
        return "host".equals(role);
    }

    public boolean has(String grant) {
        return grants.contains(grant);
    }
}
