package dev.convene.room;

import static dev.convene.room.support.Api.as;
import static dev.convene.room.support.Api.createRoom;
import static dev.convene.room.support.Api.join;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import dev.convene.room.support.RedisEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every host control changes what it should and publishes its documented event on the
 * room's Redis channel, in the one envelope (docs/events.md).
 */
@QuarkusTest
class HostControlEventsTest {

    @Inject
    RedisDataSource redis;

    final TestUser owner = AccessTokens.user("Control Host");
    final TestUser pat = AccessTokens.user("Pat Participant");
    String slug;

    @BeforeEach
    void room() {
        slug = createRoom(owner);
    }

    @Test
    void lockAndUnlock() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).post("/api/rooms/{slug}/lock", slug).then().statusCode(200).body("locked", equalTo(true));
            JsonObject locked = assertEnvelope(events.next("room.locked"), null);
            assertEquals(owner.id().toString(), locked.getJsonObject("payload").getString("by"));

            // locking a locked room changes nothing and says nothing
            as(owner).post("/api/rooms/{slug}/lock", slug).then().statusCode(200);
            as(owner).post("/api/rooms/{slug}/unlock", slug).then().statusCode(200).body("locked", equalTo(false));
            assertEnvelope(events.next("room.unlocked"), null);
            events.assertQuietFor(Duration.ofMillis(200));
        }
    }

    @Test
    void removeParticipant() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).delete("/api/rooms/{slug}/participants/{user}", slug, pat.id()).then().statusCode(204);
            JsonObject removed = assertEnvelope(events.next("participant.removed"), pat.id());
            assertEquals(pat.id().toString(), removed.getJsonObject("payload").getString("userId"));
            assertEquals("removed_by_host", removed.getJsonObject("payload").getString("reason"));
        }
        join(pat, slug).statusCode(403).body("code", equalTo("removed_from_meeting"));
        as(owner).delete("/api/rooms/{slug}/participants/{user}", slug, owner.id()).then().statusCode(409)
                .body("code", equalTo("cannot_target_owner"));
    }

    @Test
    void askOneToMuteAndMuteAll() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).post("/api/rooms/{slug}/participants/{user}/mute", slug, pat.id()).then().statusCode(204);
            JsonObject mute = assertEnvelope(events.next("participant.mute-requested"), pat.id());
            assertEquals(pat.id().toString(), mute.getJsonObject("payload").getString("userId"));

            as(owner).post("/api/rooms/{slug}/mute-all", slug).then().statusCode(204);
            JsonObject all = assertEnvelope(events.next("room.mute-all"), null);
            assertEquals("host", all.getJsonObject("payload").getString("exceptRole"));
        }
    }

    @Test
    void endForEveryone() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
            JsonObject ended = assertEnvelope(events.next("room.ended"), null);
            assertEquals("ended_by_host", ended.getJsonObject("payload").getString("reason"));
        }
        // a closed room takes no more host controls
        as(owner).post("/api/rooms/{slug}/lock", slug).then().statusCode(409).body("code", equalTo("room_closed"));
        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(409).body("code", equalTo("room_closed"));
    }

    @Test
    void promoteAndDemoteCoHost() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).put("/api/rooms/{slug}/cohosts/{user}", slug, pat.id()).then().statusCode(204);
            JsonObject promoted = assertEnvelope(events.next("participant.role-changed"), pat.id());
            assertEquals("host", promoted.getJsonObject("payload").getString("role"));
            assertEquals(true, promoted.getJsonObject("payload").getBoolean("cohost"));

            // a co-host joins as host and may use host controls
            join(pat, slug).statusCode(200).body("role", equalTo("host"));
            as(pat).post("/api/rooms/{slug}/lock", slug).then().statusCode(200);
            events.next("room.locked");
            // but the owner stays out of reach, and reopening is the owner's
            as(pat).delete("/api/rooms/{slug}/participants/{user}", slug, owner.id()).then().statusCode(409);

            as(owner).delete("/api/rooms/{slug}/cohosts/{user}", slug, pat.id()).then().statusCode(204);
            JsonObject demoted = assertEnvelope(events.next("participant.role-changed"), pat.id());
            assertEquals("participant", demoted.getJsonObject("payload").getString("role"));
        }
        as(pat).post("/api/rooms/{slug}/unlock", slug).then().statusCode(403).body("code", equalTo("not_host"));
    }

    @Test
    void coHostRightsEndWithTheMeeting() {
        as(owner).put("/api/rooms/{slug}/cohosts/{user}", slug, pat.id()).then().statusCode(204);
        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
        as(owner).post("/api/rooms/{slug}/reopen", slug).then().statusCode(200);
        join(pat, slug).statusCode(200).body("role", equalTo("participant"));
    }

    @Test
    void settingsChangeIsAnnounced() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).body(Map.of("mediaMode", "SFU", "guestsAllowed", false)).patch("/api/rooms/{slug}", slug)
                    .then().statusCode(200);
            JsonObject changed = assertEnvelope(events.next("room.settings-changed"), null);
            JsonObject settings = changed.getJsonObject("payload").getJsonObject("settings");
            assertEquals("SFU", settings.getString("mediaMode"));
            assertEquals(false, settings.getBoolean("guestsAllowed"));
            assertTrue(settings.containsKey("passcodeRequired"));
        }
    }

    @Test
    void deletingAnOpenRoomEndsItsMeeting() {
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).delete("/api/rooms/{slug}", slug).then().statusCode(204);
            assertEquals("deleted", assertEnvelope(events.next("room.ended"), null).getJsonObject("payload")
                    .getString("reason"));
        }
    }

    @Test
    void nonHostsGetNotHostAndNothingIsPublished() {
        TestUser guest = AccessTokens.guest("Guest Intruder");
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            for (TestUser intruder : new TestUser[] {pat, guest}) {
                as(intruder).post("/api/rooms/{slug}/lock", slug).then().statusCode(403).body("code", equalTo("not_host"));
                as(intruder).post("/api/rooms/{slug}/unlock", slug).then().statusCode(403).body("code", equalTo("not_host"));
                as(intruder).delete("/api/rooms/{slug}/participants/{user}", slug, UUID.randomUUID()).then()
                        .statusCode(403).body("code", equalTo("not_host"));
                as(intruder).post("/api/rooms/{slug}/participants/{user}/mute", slug, owner.id()).then()
                        .statusCode(403).body("code", equalTo("not_host"));
                as(intruder).post("/api/rooms/{slug}/mute-all", slug).then().statusCode(403)
                        .body("code", equalTo("not_host"));
                as(intruder).post("/api/rooms/{slug}/end", slug).then().statusCode(403).body("code", equalTo("not_host"));
                as(intruder).put("/api/rooms/{slug}/cohosts/{user}", slug, intruder.id()).then().statusCode(403)
                        .body("code", equalTo("not_host"));
            }
            events.assertQuietFor(Duration.ofMillis(300));
        }
        join(pat, slug).statusCode(200);
    }

    @Test
    void unknownRoomsAndMalformedIdsAreClientErrors() {
        as(owner).post("/api/rooms/{slug}/lock", "zzz-zzzz-zzz").then().statusCode(404)
                .body("code", equalTo("room_not_found"));
        as(owner).delete("/api/rooms/{slug}/participants/{user}", slug, "not-a-uuid").then().statusCode(404)
                .body("code", equalTo("not_found"));
        given().post("/api/rooms/{slug}/lock", slug).then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer " + owner.expiredToken())
                .post("/api/rooms/{slug}/end", slug).then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    /** The envelope every event shares; returns the event for payload checks. */
    private JsonObject assertEnvelope(JsonObject event, UUID target) {
        assertEquals(slug, event.getString("room"));
        assertEquals("room-service", event.getString("sender"));
        assertTrue(event.containsKey("target"), "target is always present");
        if (target == null) {
            assertNull(event.getValue("target"));
        } else {
            assertEquals(target.toString(), event.getString("target"));
        }
        assertNotNull(UUID.fromString(event.getString("id")));
        long age = System.currentTimeMillis() - event.getLong("timestamp");
        assertTrue(age >= 0 && age < 10_000, "timestamp is epoch ms of now");
        assertNotNull(event.getJsonObject("payload"));
        return event;
    }
}
