package dev.convene.room;

import static dev.convene.room.support.Api.as;
import static dev.convene.room.support.Api.createRoom;
import static dev.convene.room.support.Api.join;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import dev.convene.room.support.Presence;
import dev.convene.room.support.RedisEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The admin room API, with live participants read from presence as signaling writes it. */
@QuarkusTest
class AdminRoomsTest {

    @Inject
    RedisDataSource redis;

    final TestUser admin = AccessTokens.admin("Ada Admin");
    final TestUser owner = AccessTokens.user("Owen Owner");

    @Test
    void onlyAdminsMayUseIt() {
        String slug = createRoom(owner);
        for (TestUser notAdmin : List.of(owner, AccessTokens.guest("Guest"))) {
            as(notAdmin).get("/api/admin/rooms").then().statusCode(403).body("code", equalTo("forbidden"));
            as(notAdmin).get("/api/admin/rooms/stats").then().statusCode(403).body("code", equalTo("forbidden"));
            as(notAdmin).post("/api/admin/rooms/{slug}/close", slug).then().statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
        given().get("/api/admin/rooms").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void listFiltersByOwnerTextAndActivityWithPaging() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String quiet = createRoom(owner, Map.of("name", "Quiet " + marker));
        String busy = createRoom(owner, Map.of("name", "Busy " + marker));
        String elsewhere = createRoom(AccessTokens.user("Other"), Map.of("name", "Other " + marker));

        as(admin).queryParam("owner", owner.id().toString()).get("/api/admin/rooms").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.slug", contains(busy, quiet))
                .body("items[0].ownerName", equalTo("Owen Owner"));
        as(admin).queryParam("q", marker.toUpperCase()).get("/api/admin/rooms").then().statusCode(200)
                .body("items.slug", containsInAnyOrder(quiet, busy, elsewhere));
        as(admin).queryParam("q", marker).queryParam("size", 2).queryParam("page", 1).get("/api/admin/rooms")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("items", hasSize(1));
        // LIKE wildcards in q are taken literally
        as(admin).queryParam("q", "%").queryParam("owner", owner.id().toString()).get("/api/admin/rooms")
                .then().statusCode(200).body("total", equalTo(0));

        try (Presence presence = new Presence(redis)) {
            String replica = presence.liveReplica();
            presence.join(busy, owner.id(), "Owen Owner", "host", replica);
            presence.join(busy, UUID.randomUUID(), "Guest", "participant", replica);
            // only stale entries (crashed replica): not active
            presence.join(quiet, UUID.randomUUID(), "Ghost", "participant", presence.deadReplica());

            as(admin).queryParam("active", true).queryParam("q", marker).get("/api/admin/rooms").then().statusCode(200)
                    .body("items.slug", contains(busy))
                    .body("items[0].active", equalTo(true))
                    .body("items[0].participants", equalTo(2));
            as(admin).queryParam("active", true).get("/api/admin/rooms").then().statusCode(200)
                    .body("items.slug", hasItem(busy))
                    .body("items.slug", not(hasItem(quiet)));
        }
    }

    @Test
    void detailShowsLiveParticipantsOnly() {
        String slug = createRoom(owner, Map.of("name", "Detailed"));
        UUID guestId = UUID.randomUUID();
        try (Presence presence = new Presence(redis)) {
            String replica = presence.liveReplica();
            String hostConnection = presence.join(slug, owner.id(), "Owen Owner", "host", replica);
            presence.join(slug, guestId, "Gail", "participant", replica);
            presence.join(slug, UUID.randomUUID(), "Stale", "participant", presence.deadReplica());
            redis.hash(String.class).hset(redisKey("presence:" + slug), "garbage", "{not json");

            as(admin).get("/api/admin/rooms/{slug}", slug).then().statusCode(200)
                    .body("room.name", equalTo("Detailed"))
                    .body("room.ownerId", equalTo(owner.id().toString()))
                    .body("participants", hasSize(2))
                    .body("participants.name", contains("Owen Owner", "Gail"))
                    .body("participants[0].participantId", equalTo(hostConnection))
                    .body("participants[0].role", equalTo("host"))
                    .body("participants[0].replica", equalTo(replica))
                    .body("participants[1].userId", equalTo(guestId.toString()));
        }
        as(admin).get("/api/admin/rooms/{slug}", "zzz-zzzz-zzz").then().statusCode(404)
                .body("code", equalTo("room_not_found"));
    }

    @Test
    void forceCloseEndsTheMeetingForEveryone() {
        String slug = createRoom(owner);
        TestUser pat = AccessTokens.user("Pat");
        join(pat, slug).statusCode(200);
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(admin).post("/api/admin/rooms/{slug}/close", slug).then().statusCode(200)
                    .body("state", equalTo("closed"));
            var ended = events.next("room.ended");
            assertEquals("closed_by_admin", ended.getJsonObject("payload").getString("reason"));
            assertEquals(admin.id().toString(), ended.getJsonObject("payload").getString("by"));
        }
        join(pat, slug).statusCode(409).body("code", equalTo("room_closed"));
        // closing again is harmless
        as(admin).post("/api/admin/rooms/{slug}/close", slug).then().statusCode(200).body("state", equalTo("closed"));
    }

    @Test
    void statsCountRoomsActivityAndParticipants() {
        Map<?, ?> before = as(admin).get("/api/admin/rooms/stats").then().statusCode(200).extract().as(Map.class);
        String one = createRoom(owner);
        String two = createRoom(owner);
        as(owner).post("/api/rooms/{slug}/end", two).then().statusCode(204);
        try (Presence presence = new Presence(redis)) {
            String replica = presence.liveReplica();
            presence.join(one, owner.id(), "Owen Owner", "host", replica);
            presence.join(one, UUID.randomUUID(), "A", "participant", replica);
            presence.join(one, UUID.randomUUID(), "B", "participant", replica);
            presence.join(one, UUID.randomUUID(), "Ghost", "participant", presence.deadReplica());
            // presence of a room that does not exist is not counted
            presence.join("zzz-none-zzz", UUID.randomUUID(), "Nobody", "participant", replica);

            as(admin).get("/api/admin/rooms/stats").then().statusCode(200)
                    .body("roomsTotal", equalTo(number(before, "roomsTotal") + 2))
                    .body("roomsOpen", equalTo(number(before, "roomsOpen") + 1))
                    .body("roomsActive", equalTo(number(before, "roomsActive") + 1))
                    .body("participantsOnline", equalTo(number(before, "participantsOnline") + 3));
        }
    }

    @Test
    void badQueryParametersAreValidationErrors() {
        as(admin).queryParam("size", 0).get("/api/admin/rooms").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        as(admin).queryParam("size", 1000).get("/api/admin/rooms").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        as(admin).queryParam("page", -1).get("/api/admin/rooms").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        as(admin).queryParam("owner", "bob").get("/api/admin/rooms").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        as(admin).queryParam("q", "x".repeat(101)).get("/api/admin/rooms").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    private static int number(Map<?, ?> stats, String key) {
        return ((Number) stats.get(key)).intValue();
    }

    private static String redisKey(String suffix) {
        return ConfigProvider.getConfig()
                .getValue("convene.events.prefix", String.class) + ":" + suffix;
    }
}
