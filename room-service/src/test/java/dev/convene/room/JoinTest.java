package dev.convene.room;

import static dev.convene.room.support.Api.as;
import static dev.convene.room.support.Api.createRoom;
import static dev.convene.room.support.Api.join;
import static dev.convene.room.support.Api.roomToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import dev.convene.room.support.Presence;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Who gets a room token, and every distinct refusal. */
@QuarkusTest
class JoinTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "convene.passcode.max-failures-per-user")
    int maxFailuresPerUser;

    @ConfigProperty(name = "convene.passcode.max-failures-per-room")
    int maxFailuresPerRoom;

    final TestUser owner = AccessTokens.user("Hannah Host");
    final TestUser alice = AccessTokens.user("Alice");

    @Test
    void participantGetsAShortLivedRoomToken() {
        String slug = createRoom(owner, Map.of("name", "Stand-up"));
        join(alice, slug).statusCode(200)
                .body("status", equalTo("joined"))
                .body("roomToken", notNullValue())
                .body("expiresIn", equalTo(300))
                .body("role", equalTo("participant"))
                .body("grants", contains("publish", "screen", "chat", "files"))
                .body("room.slug", equalTo(slug))
                .body("room.name", equalTo("Stand-up"));
    }

    @Test
    void ownerJoinsAsHostWithAllGrantsAndGuestsWithoutFiles() {
        String slug = createRoom(owner);
        join(owner, slug).statusCode(200).body("role", equalTo("host"))
                .body("grants", contains("publish", "screen", "chat", "files", "record", "moderate"));
        join(AccessTokens.guest("Gina"), slug).statusCode(200).body("role", equalTo("participant"))
                .body("grants", contains("publish", "screen", "chat"));
    }

    @Test
    void joinBodyIsOptionalJsonAndOtherBodiesAreRefusedCleanly() {
        String slug = createRoom(owner);
        as(alice).post("/api/rooms/{slug}/join", slug).then().statusCode(200).body("status", equalTo("joined"));
        as(alice).body("{}").post("/api/rooms/{slug}/join", slug).then().statusCode(200);
        given().header("Authorization", alice.bearer()).contentType("text/plain").body("let me in")
                .post("/api/rooms/{slug}/join", slug)
                .then().statusCode(415).contentType(ContentType.JSON).body("code", equalTo("unsupported_media_type"));
        as(alice).body("{\"passcode\": [1]}").post("/api/rooms/{slug}/join", slug)
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }

    @Test
    void passcodeRequiredWrongAndRight() {
        String slug = createRoom(owner, Map.of("passcode", "correct horse"));
        join(alice, slug).statusCode(403).body("code", equalTo("passcode_required"));
        join(alice, slug, "").statusCode(403).body("code", equalTo("passcode_required"));
        join(alice, slug, "battery staple").statusCode(403).body("code", equalTo("wrong_passcode"));
        join(alice, slug, "correct horse").statusCode(200).body("role", equalTo("participant"));
        // the owner never needs it
        join(owner, slug).statusCode(200).body("role", equalTo("host"));
    }

    @Test
    void wrongPasscodesAreThrottledPerUserEvenForTheRightOneLater() {
        String slug = createRoom(owner, Map.of("passcode", "right-one"));
        for (int i = 0; i < maxFailuresPerUser; i++) {
            join(alice, slug, "guess-" + i).statusCode(403).body("code", equalTo("wrong_passcode"));
        }
        join(alice, slug, "right-one").statusCode(429)
                .body("code", equalTo("too_many_attempts"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // another user of the same room is not affected by Alice's limit
        join(AccessTokens.user("Bob"), slug, "right-one").statusCode(200);
    }

    @Test
    void wrongPasscodesAreThrottledPerRoomAcrossUsers() {
        String slug = createRoom(owner, Map.of("passcode", "right-one"));
        for (int i = 0; i < maxFailuresPerRoom; i++) {
            join(AccessTokens.guest("Guesser " + i), slug, "nope").statusCode(403).body("code", equalTo("wrong_passcode"));
        }
        join(AccessTokens.user("Latecomer"), slug, "right-one").statusCode(429).body("code", equalTo("too_many_attempts"));
        // the host is never locked out of their own room
        join(owner, slug).statusCode(200);
        // and the limit is per room
        String other = createRoom(owner, Map.of("passcode", "right-one"));
        join(AccessTokens.user("Elsewhere"), other, "right-one").statusCode(200);
    }

    @Test
    void lockedRoomRefusesEveryoneButHosts() {
        String slug = createRoom(owner);
        as(owner).post("/api/rooms/{slug}/lock", slug).then().statusCode(200).body("locked", equalTo(true));
        join(alice, slug).statusCode(403).body("code", equalTo("room_locked"));
        join(owner, slug).statusCode(200).body("role", equalTo("host"));
        given().get("/api/rooms/{slug}", slug).then().body("locked", equalTo(true));
        as(owner).post("/api/rooms/{slug}/unlock", slug).then().statusCode(200).body("locked", equalTo(false));
        join(alice, slug).statusCode(200);
    }

    @Test
    void guestsOnlyWhereAllowed() {
        String slug = createRoom(owner, Map.of("guestsAllowed", false));
        join(AccessTokens.guest("Gina"), slug).statusCode(403).body("code", equalTo("guests_not_allowed"));
        join(alice, slug).statusCode(200);
    }

    @Test
    void fullRoomIsCountedFromLivePresence() {
        String slug = createRoom(owner, Map.of("maxParticipants", 2));
        TestUser bob = AccessTokens.user("Bob");
        try (Presence presence = new Presence(redis)) {
            String live = presence.liveReplica();
            presence.join(slug, owner.id(), "Hannah Host", "host", live);
            presence.join(slug, bob.id(), "Bob", "participant", live);
            presence.join(slug, bob.id(), "Bob (2nd tab)", "participant", live);
            // a crashed replica's leftovers do not take seats
            presence.join(slug, AccessTokens.user("Ghost").id(), "Ghost", "participant", presence.deadReplica());

            join(alice, slug).statusCode(409).body("code", equalTo("room_full"));
            // someone already inside (another tab, a reconnect) is not refused
            join(bob, slug).statusCode(200);
            join(owner, slug).statusCode(200);

            presence.leaveRoom(slug);
            join(alice, slug).statusCode(200);
        }
    }

    @Test
    void closedRoomRefusesUntilTheOwnerReopensIt() {
        String slug = createRoom(owner);
        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
        given().get("/api/rooms/{slug}", slug).then().body("state", equalTo("closed"));
        join(alice, slug).statusCode(409).body("code", equalTo("room_closed"));
        join(owner, slug).statusCode(409).body("code", equalTo("room_closed"));
        as(alice).post("/api/rooms/{slug}/reopen", slug).then().statusCode(403).body("code", equalTo("not_owner"));
        as(owner).post("/api/rooms/{slug}/reopen", slug).then().statusCode(200).body("state", equalTo("open"));
        as(owner).post("/api/rooms/{slug}/reopen", slug).then().statusCode(409).body("code", equalTo("room_open"));
        join(alice, slug).statusCode(200);
    }

    @Test
    void removedUserCannotRejoinThisMeetingButMayTheNextOne() {
        String slug = createRoom(owner);
        join(alice, slug).statusCode(200);
        as(owner).delete("/api/rooms/{slug}/participants/{user}", slug, alice.id()).then().statusCode(204);
        join(alice, slug).statusCode(403).body("code", equalTo("removed_from_meeting"));

        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
        as(owner).post("/api/rooms/{slug}/reopen", slug).then().statusCode(200);
        join(alice, slug).statusCode(200);
    }

    @Test
    void renewalNeedsNoPasscodeAndSurvivesALockButNotARemoval() {
        String slug = createRoom(owner, Map.of("passcode", "renew-me"));
        String token = join(alice, slug, "renew-me").statusCode(200).extract().path("roomToken");
        as(owner).post("/api/rooms/{slug}/lock", slug).then().statusCode(200);

        String renewed = as(alice).body(Map.of("roomToken", token)).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(200)
                .body("status", equalTo("joined"))
                .body("role", equalTo("participant"))
                .extract().path("roomToken");
        as(alice).body(Map.of("roomToken", renewed)).post("/api/rooms/{slug}/renew", slug).then().statusCode(200);

        as(owner).delete("/api/rooms/{slug}/participants/{user}", slug, alice.id()).then().statusCode(204);
        as(alice).body(Map.of("roomToken", renewed)).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(403).body("code", equalTo("removed_from_meeting"));
    }

    @Test
    void renewalRefusesTokensOfOtherRoomsUsersOrMeetings() {
        String slug = createRoom(owner);
        String other = createRoom(owner);
        String token = roomToken(alice, slug);

        as(alice).body(Map.of("roomToken", token)).post("/api/rooms/{slug}/renew", other)
                .then().statusCode(403).body("code", equalTo("invalid_room_token"));
        as(AccessTokens.user("Mallory")).body(Map.of("roomToken", token)).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(403).body("code", equalTo("invalid_room_token"));
        as(alice).body(Map.of("roomToken", token + "x")).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(403).body("code", equalTo("invalid_room_token"));
        as(alice).body(Map.of("roomToken", "garbage")).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(403).body("code", equalTo("invalid_room_token"));
        as(alice).body(Map.of()).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(400).body("code", equalTo("validation_failed"));

        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
        as(alice).body(Map.of("roomToken", token)).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(409).body("code", equalTo("room_closed"));
        as(owner).post("/api/rooms/{slug}/reopen", slug).then().statusCode(200);
        // a token of the previous meeting does not carry over
        as(alice).body(Map.of("roomToken", token)).post("/api/rooms/{slug}/renew", slug)
                .then().statusCode(403).body("code", equalTo("invalid_room_token"));
    }

    @Test
    void renewalAcceptsARecentlyExpiredTokenWithinTheGraceOnly() throws Exception {
        String slug = createRoom(owner);
        String token = roomToken(alice, slug);
        as(alice).body(Map.of("roomToken", resigned(token, Duration.ofMinutes(-1))))
                .post("/api/rooms/{slug}/renew", slug).then().statusCode(200);
        as(alice).body(Map.of("roomToken", resigned(token, Duration.ofMinutes(-6))))
                .post("/api/rooms/{slug}/renew", slug).then().statusCode(403).body("code", equalTo("invalid_room_token"));
    }

    /** The same room token, signed again with room-service's dev key, expiring at now + {@code exp}. */
    private static String resigned(String token, Duration exp) throws Exception {
        SignedJWT original = SignedJWT.parse(token);
        Instant expiresAt = Instant.now().plus(exp);
        JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT copy = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(original.getHeader().getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        copy.sign(new RSASSASigner(AccessTokens.readPrivateKey("room-jwt-private.pem")));
        return copy.serialize();
    }
}
