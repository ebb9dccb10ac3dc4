package dev.convene.signaling.security;

import dev.convene.signaling.ws.CloseCodes;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies room tokens offline: signature (RS256; room-service's JWKS in prod, its PEM in
 * dev/test), issuer, audience and expiry come from the {@code mp.jwt.verify.*} configuration;
 * this class adds what is specific to a socket: the token must be for the addressed room and
 * carry the claims the protocol relies on.
 */
@ApplicationScoped
public class RoomTokenVerifier {

    private static final Logger LOG = Logger.getLogger(RoomTokenVerifier.class);

    private final JWTParser parser;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    RoomTokenVerifier(JWTParser parser, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.parser = parser;
        this.json = json;
    }

    public TokenCheck check(String token, String room) {
        if (token == null || token.isBlank()) {
            return TokenCheck.refused(CloseCodes.UNAUTHORIZED, "missing_token");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            boolean expired = e.getCause() instanceof InvalidJwtException invalid && invalid.hasExpired();
            LOG.debugf("Refused room token: %s", e.getMessage());
            return TokenCheck.refused(CloseCodes.UNAUTHORIZED, expired ? "token_expired" : "invalid_token");
        }
        String tokenRoom = jwt.getClaim("room");
        String role = jwt.getClaim("role");
        String name = jwt.getClaim("name");
        if (jwt.getSubject() == null || tokenRoom == null || name == null
                || !(RoomIdentity.HOST.equals(role) || RoomIdentity.PARTICIPANT.equals(role))) {
            return TokenCheck.refused(CloseCodes.UNAUTHORIZED, "invalid_token");
        }
        if (!tokenRoom.equals(room)) {
            return TokenCheck.refused(CloseCodes.FORBIDDEN, "wrong_room");
        }
        Object guest = jwt.getClaim("guest");
        boolean isGuest = guest instanceof Boolean b ? b : guest instanceof jakarta.json.JsonValue v
                && v.getValueType() == jakarta.json.JsonValue.ValueType.TRUE;
        return TokenCheck.accepted(new RoomIdentity(jwt.getSubject(), name, tokenRoom, role, grants(jwt), isGuest,
                settings(jwt)));
    }

    /** The room settings snapshot room-service puts in its tokens; null if absent or not an object. */
    private com.fasterxml.jackson.databind.node.ObjectNode settings(JsonWebToken jwt) {
        Object claim = jwt.getClaim("settings");
        if (!(claim instanceof jakarta.json.JsonObject object)) {
            return null;
        }
        try {
            return json.readTree(object.toString()) instanceof com.fasterxml.jackson.databind.node.ObjectNode node ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Set<String> grants(JsonWebToken jwt) {
        Set<String> grants = new LinkedHashSet<>();
        Object claim = jwt.getClaim("grants");
        if (claim instanceof JsonArray array) {
            array.forEach(value -> {
                if (value instanceof JsonString s) {
                    grants.add(s.getString());
                }
            });
        } else if (claim instanceof Iterable<?> values) {
            values.forEach(value -> grants.add(String.valueOf(value)));
        }
        return Set.copyOf(grants);
    }
}
