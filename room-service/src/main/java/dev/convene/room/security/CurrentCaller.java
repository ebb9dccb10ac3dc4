package dev.convene.room.security;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, read from its access token (contract: docs/room-service.md). */
@RequestScoped
public class CurrentCaller {

    static final int MAX_NAME_LENGTH = 100;

    @Inject
    JsonWebToken jwt;

    public Caller get() {
        UUID userId = parseSubject(jwt.getSubject());
        Set<String> groups = jwt.getGroups();
        // Guest tokens carry only "guest"; anything without an account group is a guest.
        boolean guest = !groups.contains("user") && !groups.contains("admin");
        return new Caller(userId, displayName(), guest, groups.contains("admin"));
    }

    private static UUID parseSubject(String subject) {
        try {
            return UUID.fromString(subject);
        } catch (RuntimeException e) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "The access token does not name a user");
        }
    }

    private String displayName() {
        String name = jwt.getClaim("name");
        if (name == null || name.isBlank()) {
            name = jwt.getClaim("upn");
        }
        if (name == null || name.isBlank()) {
            return "Guest";
        }
        name = name.strip();
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }
}
