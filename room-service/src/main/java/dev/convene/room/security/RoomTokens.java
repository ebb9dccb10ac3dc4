package dev.convene.room.security;

import dev.convene.room.config.RoomServiceConfig;
import dev.convene.room.entity.Room;
import dev.convene.room.service.RoomSettingsEvents;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Issues room tokens, and reads back this service's own ones when a client renews. */
@ApplicationScoped
public class RoomTokens {

    public static final String CLAIM_ROOM = "room";
    public static final String CLAIM_ROLE = "role";
    public static final String CLAIM_GRANTS = "grants";
    public static final String CLAIM_GUEST = "guest";
    public static final String CLAIM_MEETING = "meeting";
    public static final String CLAIM_SETTINGS = "settings";

    @Inject
    RoomServiceConfig config;

    @Inject
    RoomTokenKeys keys;

    @Inject
    JWTParser parser;

    public record Issued(String token, long expiresInSeconds, RoomRole role, List<String> grants) {
    }

    /**
     * A token for the room's current meeting. It carries a snapshot of the room settings
     * (claim {@code settings}) so signaling knows the media mode and capacity at the first
     * join, before any {@code room.settings-changed} event.
     */
    public Issued issue(Caller caller, Room room, RoomRole role) {
        String slug = room.slug;
        UUID meetingId = room.currentMeetingId;
        RoomServiceConfig.RoomToken settings = config.roomToken();
        Instant now = Instant.now();
        List<String> grants = Grant.forRole(role, caller.guest());
        String token = Jwt.issuer(settings.issuer())
                .audience(settings.audience())
                .subject(caller.userId().toString())
                .claim("name", caller.name())
                .claim(CLAIM_ROOM, slug)
                .claim(CLAIM_ROLE, role.claim())
                .claim(CLAIM_GRANTS, grants)
                .claim(CLAIM_GUEST, caller.guest())
                .claim(CLAIM_MEETING, meetingId.toString())
                .claim(CLAIM_SETTINGS, withoutNulls(RoomSettingsEvents.payload(room)))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(settings.ttl()))
                .jws()
                .keyId(keys.signingKeyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
        return new Issued(token, settings.ttl().toSeconds(), role, grants);
    }

    /**
     * A room token this service signed, checked for signature, issuer and audience, and not
     * expired for longer than the renewal grace. Empty if it is not such a token.
     */
    public Optional<JsonWebToken> readForRenewal(String token) {
        RoomServiceConfig.RoomToken settings = config.roomToken();
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(keys.jwksJson());
        context.setIssuedBy(settings.issuer());
        context.setExpectedAudience(Set.of(settings.audience()));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        context.setExpGracePeriodSecs((int) settings.renewGrace().toSeconds());
        context.setRequiredClaims(Set.of(CLAIM_ROOM, CLAIM_MEETING));
        try {
            return Optional.of(parser.parse(token, context));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    // JWT claims are JSON-P values, which have no place for a Java null.
    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
