package dev.convene.chat.security;

import dev.convene.chat.service.ChatErrors;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies room tokens offline. The injected parser is the one quarkus-smallrye-jwt builds
 * from {@code mp.jwt.verify.*}: room-service's key (JWKS in prod, PEM in dev/test), RS256,
 * issuer {@code convene-rooms}, audience {@code convene-room}, expiry.
 *
 * <p>A client sends the same token with every message for its whole (5-minute) life, so
 * verified tokens are remembered until they expire: parsing and the RSA check would otherwise
 * be a large share of a send's CPU. Only successfully verified tokens are kept, keyed by the
 * whole signed token, and the cache is bounded (cleared when full).
 *
 * <p>Cached or not, the token of a participant a host removed from the meeting is refused
 * ({@link RemovedParticipants}: 403 {@code removed_from_meeting}).
 */
@ApplicationScoped
public class RoomTokenVerifier {

    private static final int MAX_CACHED = 10_000;

    @Inject
    JWTParser parser;
    @Inject
    RemovedParticipants removed;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(RoomCaller caller, long issuedAtSeconds, long expiresAtMillis) {
    }

    /** The caller, if the token is valid and was issued for {@code room}: else 401 / 403 wrong_room. */
    public RoomCaller verify(String authorization, String room) {
        RoomCaller caller = verifyAnyRoom(authorization);
        if (!caller.room().equals(room)) {
            throw ChatErrors.wrongRoom();
        }
        return caller;
    }

    /**
     * The caller when this token was verified before and has not expired (no parsing, no key
     * lookup: safe on an event-loop thread), else null: then {@link #verify} it on a worker
     * thread, since fetching room-service's keys may block.
     */
    public RoomCaller verifyCached(String authorization, String room) {
        Verified known = verified.get(BearerTokens.extract(authorization));
        if (known == null || known.expiresAtMillis <= System.currentTimeMillis()) {
            return null;
        }
        if (!known.caller.room().equals(room)) {
            throw ChatErrors.wrongRoom();
        }
        return stillMember(known);
    }

    /** The caller of whatever room the token names (file downloads check the file's room). */
    public RoomCaller verifyAnyRoom(String authorization) {
        String token = BearerTokens.extract(authorization);
        Verified known = verified.get(token);
        if (known != null && known.expiresAtMillis > System.currentTimeMillis()) {
            return stillMember(known);
        }
        return stillMember(parse(token));
    }

    private RoomCaller stillMember(Verified token) {
        RoomCaller caller = token.caller();
        if (removed.refuses(caller.room(), caller.userId(), token.issuedAtSeconds())) {
            throw ChatErrors.removed();
        }
        return caller;
    }

    private Verified parse(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw ChatErrors.unauthorized("Invalid or expired room token");
        }
        String subject = jwt.getSubject();
        String room = BearerTokens.string(jwt.getClaim("room"));
        if (subject == null || subject.isBlank() || room == null) {
            throw ChatErrors.unauthorized("Not a room token");
        }
        String name = BearerTokens.string(jwt.getClaim("name"));
        String role = BearerTokens.string(jwt.getClaim("role"));
        RoomCaller caller = new RoomCaller(subject, name == null ? "" : name, room,
                role == null ? "participant" : role, BearerTokens.strings(jwt.getClaim("grants")),
                BearerTokens.bool(jwt.getClaim("guest")));
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        Verified fresh = new Verified(caller, jwt.getIssuedAtTime(), jwt.getExpirationTime() * 1000);
        verified.put(token, fresh);
        return fresh;
    }
}
