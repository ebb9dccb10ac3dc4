package dev.convene.signaling.security;

import java.util.Set;

/** Who a verified room token says the caller is, in which room. */
public record RoomIdentity(String userId, String name, String room, String role, Set<String> grants, boolean guest) {

    public static final String HOST = "host";
    public static final String PARTICIPANT = "participant";

    public boolean isHost() {
        return HOST.equals(role);
    }
}
