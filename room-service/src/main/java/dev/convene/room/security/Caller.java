package dev.convene.room.security;

import java.util.UUID;

/** Who is calling, from a verified auth-service access token. */
public record Caller(UUID userId, String name, boolean guest, boolean admin) {
}
