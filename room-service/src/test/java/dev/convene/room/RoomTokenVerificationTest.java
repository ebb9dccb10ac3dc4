package dev.convene.room;

import static dev.convene.room.support.Api.createRoom;
import static dev.convene.room.support.Api.roomToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Room tokens checked the way signaling-service and chat-service will: with an independent
 * JOSE library (Nimbus), keys fetched from GET /api/rooms/jwks over HTTP, and the claims a
 * verifier must pin: iss, aud, exp and room == the room addressed.
 */
@QuarkusTest
class RoomTokenVerificationTest {

    final TestUser owner = AccessTokens.user("Token Host");
    final TestUser alice = AccessTokens.user("Alice Token");

    /** A verifier configured like signaling-service's for a connection to {@code slug}. */
    static DefaultJWTProcessor<SecurityContext> verifierFor(String slug, String audience) throws Exception {
        JWKSet jwks = JWKSet.parse(given().get("/api/rooms/jwks").then().statusCode(200).extract().asString());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer("convene-rooms").claim("room", slug).build(),
                Set.of("sub", "exp", "iat", "jti", "name", "role", "grants", "guest")));
        return processor;
    }

    @Test
    void tokenVerifiesForItsRoomWithTheDocumentedClaims() throws Exception {
        String slug = createRoom(owner);
        String token = roomToken(alice, slug);

        JWTClaimsSet claims = verifierFor(slug, "convene-room").process(token, null);
        assertEquals(alice.id().toString(), claims.getSubject());
        assertEquals("Alice Token", claims.getStringClaim("name"));
        assertEquals("participant", claims.getStringClaim("role"));
        assertEquals(List.of("publish", "screen", "chat", "files"), claims.getStringListClaim("grants"));
        assertFalse(claims.getBooleanClaim("guest"));
        assertNotNull(UUID.fromString(claims.getJWTID()));
        assertNotNull(UUID.fromString(claims.getStringClaim("meeting")));
        assertEquals(List.of("convene-room"), claims.getAudience());
        long lifetimeSeconds = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertEquals(300, lifetimeSeconds);

        SignedJWT parsed = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.RS256, parsed.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, parsed.getHeader().getType());
        assertNotNull(parsed.getHeader().getKeyID());
    }

    @Test
    void tokenCarriesASnapshotOfTheRoomSettings() throws Exception {
        String slug = createRoom(owner, Map.of("name", "Settings snapshot", "mediaMode", "SFU",
                "maxParticipants", 12, "lobbyEnabled", true, "passcode", "open-sesame"));
        String token = roomToken(owner, slug);

        Map<String, Object> settings = verifierFor(slug, "convene-room").process(token, null).getJSONObjectClaim("settings");
        assertEquals("Settings snapshot", settings.get("name"));
        assertEquals("SFU", settings.get("mediaMode"));
        assertEquals(12L, ((Number) settings.get("maxParticipants")).longValue());
        assertEquals(true, settings.get("lobbyEnabled"));
        assertEquals(true, settings.get("passcodeRequired"));
        assertEquals(false, settings.get("locked"));
        assertFalse(settings.containsKey("scheduledStart"), "absent values are left out, not null");
        assertFalse(token.contains("open-sesame"));
    }

    @Test
    void tokenForRoomAIsRejectedForRoomB() throws Exception {
        String roomA = createRoom(owner);
        String roomB = createRoom(owner);
        String tokenForA = roomToken(alice, roomA);

        assertNotNull(verifierFor(roomA, "convene-room").process(tokenForA, null));
        BadJOSEException refused = assertThrows(BadJOSEException.class,
                () -> verifierFor(roomB, "convene-room").process(tokenForA, null));
        assertTrue(refused.getMessage().contains("room"), refused.getMessage());
    }

    @Test
    void editingTheRoomClaimBreaksTheSignature() throws Exception {
        String roomA = createRoom(owner);
        String roomB = createRoom(owner);
        String[] parts = roomToken(alice, roomA).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(roomA, roomB);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThrows(BadJOSEException.class, () -> verifierFor(roomB, "convene-room").process(forged, null));
    }

    @Test
    void otherAudiencesAndExpiredTokensAreRejected() throws Exception {
        String slug = createRoom(owner);
        String token = roomToken(alice, slug);
        assertThrows(BadJOSEException.class, () -> verifierFor(slug, "some-other-service").process(token, null));

        // same key, same claims, but expired a minute ago
        SignedJWT original = SignedJWT.parse(token);
        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .issueTime(new Date(System.currentTimeMillis() - 400_000))
                .expirationTime(new Date(System.currentTimeMillis() - 100_000))
                .build();
        SignedJWT expired = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(original.getHeader().getKeyID()).type(JOSEObjectType.JWT).build(), expiredClaims);
        expired.sign(new RSASSASigner(AccessTokens.readPrivateKey("room-jwt-private.pem")));
        BadJOSEException refused = assertThrows(BadJOSEException.class,
                () -> verifierFor(slug, "convene-room").process(expired.serialize(), null));
        assertTrue(refused.getMessage().toLowerCase().contains("expired"), refused.getMessage());
    }

    @Test
    void jwksIsPublicCacheableAndKeyedByThumbprint() throws Exception {
        String body = given().get("/api/rooms/jwks").then().statusCode(200)
                .header("Cache-Control", containsString("max-age"))
                .extract().asString();
        RSAKey key = (RSAKey) JWKSet.parse(body).getKeys().get(0);
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());
        assertFalse(key.isPrivate(), "only public parts are published");
        assertFalse(body.contains("\"d\""));
        String kid = SignedJWT.parse(roomToken(alice, createRoom(owner))).getHeader().getKeyID();
        assertEquals(key.getKeyID(), kid);
    }
}
