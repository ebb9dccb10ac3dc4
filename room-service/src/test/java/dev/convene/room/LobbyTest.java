package dev.convene.room;

import static dev.convene.room.support.Api.as;
import static dev.convene.room.support.Api.createRoom;
import static dev.convene.room.support.Api.join;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import dev.convene.room.support.RedisEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lobby: waiting, the host's decision, and how it reaches the waiting user. */
@QuarkusTest
class LobbyTest {

    @Inject
    RedisDataSource redis;

    final TestUser owner = AccessTokens.user("Lobby Host");
    final TestUser walter = AccessTokens.guest("Walter Waiting");

    @Test
    void nonHostsWaitAndHostsSeeThemAndAreAnnounced() {
        String slug = createRoom(owner, Map.of("lobbyEnabled", true));
        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            String requestId = join(walter, slug).statusCode(202)
                    .body("status", equalTo("waiting"))
                    .body("lobbyRequestId", notNullValue())
                    .body("room.lobbyEnabled", equalTo(true))
                    .extract().path("lobbyRequestId");

            JsonObject waiting = events.next("lobby.waiting");
            assertEquals(slug, waiting.getString("room"));
            assertEquals("room-service", waiting.getString("sender"));
            assertTrue(waiting.containsKey("target") && waiting.getValue("target") == null, "for everyone (hosts)");
            assertEquals(requestId, waiting.getJsonObject("payload").getString("requestId"));
            assertEquals(walter.id().toString(), waiting.getJsonObject("payload").getString("userId"));
            assertEquals(true, waiting.getJsonObject("payload").getBoolean("guest"));

            // asking again does not queue twice (nor announce twice)
            join(walter, slug).statusCode(202).body("lobbyRequestId", equalTo(requestId));
            events.assertQuietFor(Duration.ofMillis(300));

            as(owner).get("/api/rooms/{slug}/lobby", slug).then().statusCode(200)
                    .body("requestId", contains(requestId))
                    .body("name", contains("Walter Waiting"))
                    .body("guest", contains(true));
            // hosts themselves never wait
            join(owner, slug).statusCode(200).body("role", equalTo("host"));
        }
    }

    @Test
    void longPollEndsAsSoonAsTheHostAdmits() throws Exception {
        String slug = createRoom(owner, Map.of("lobbyEnabled", true));
        String requestId = join(walter, slug).statusCode(202).extract().path("lobbyRequestId");

        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            long started = System.nanoTime();
            CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> as(walter)
                    .get("/api/rooms/{slug}/lobby/{id}?wait=25", slug, requestId));
            Thread.sleep(700); // the poll is parked
            as(owner).post("/api/rooms/{slug}/lobby/{id}/admit", slug, requestId).then().statusCode(204);

            Response answer = poll.get();
            long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            answer.then().statusCode(200)
                    .body("status", equalTo("joined"))
                    .body("role", equalTo("participant"))
                    .body("roomToken", notNullValue());
            // woken by the event, not by the periodic re-check (5 s)
            assertTrue(waitedMs < 4000, "answered after " + waitedMs + " ms");

            JsonObject admitted = events.next("lobby.admitted");
            assertEquals(walter.id().toString(), admitted.getString("target"));
            assertEquals(requestId, admitted.getJsonObject("payload").getString("requestId"));
            assertEquals(owner.id().toString(), admitted.getJsonObject("payload").getString("by"));
        }
        // admitted once: joins again without waiting; deciding again is a conflict
        join(walter, slug).statusCode(200);
        as(owner).post("/api/rooms/{slug}/lobby/{id}/deny", slug, requestId).then().statusCode(409)
                .body("code", equalTo("lobby_request_decided"));
        as(owner).get("/api/rooms/{slug}/lobby", slug).then().statusCode(200).body("$", empty());
    }

    @Test
    void deniedUserLearnsItByPollAndEvent() {
        String slug = createRoom(owner, Map.of("lobbyEnabled", true));
        String requestId = join(walter, slug).statusCode(202).extract().path("lobbyRequestId");
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, requestId).then().statusCode(202)
                .body("status", equalTo("waiting")).body("lobbyRequestId", equalTo(requestId));

        try (RedisEvents events = RedisEvents.listen(redis, slug)) {
            as(owner).post("/api/rooms/{slug}/lobby/{id}/deny", slug, requestId).then().statusCode(204);
            JsonObject denied = events.next("lobby.denied");
            assertEquals(walter.id().toString(), denied.getString("target"));
        }
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, requestId).then().statusCode(403)
                .body("code", equalTo("lobby_denied"));
    }

    @Test
    void onlyHostsDecideAndOnlyTheRequesterPolls() {
        String slug = createRoom(owner, Map.of("lobbyEnabled", true));
        String requestId = join(walter, slug).statusCode(202).extract().path("lobbyRequestId");
        TestUser other = AccessTokens.user("Nosy");

        as(other).get("/api/rooms/{slug}/lobby", slug).then().statusCode(403).body("code", equalTo("not_host"));
        as(other).post("/api/rooms/{slug}/lobby/{id}/admit", slug, requestId).then().statusCode(403)
                .body("code", equalTo("not_host"));
        as(other).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, requestId).then().statusCode(404)
                .body("code", equalTo("lobby_request_not_found"));
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("lobby_request_not_found"));
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, "not-a-uuid").then().statusCode(404)
                .body("code", equalTo("lobby_request_not_found"));
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=-1", slug, requestId).then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        as(owner).post("/api/rooms/{slug}/lobby/{id}/admit", slug, UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("lobby_request_not_found"));
        // a request of one room is not found through another
        String otherRoom = createRoom(owner, Map.of("lobbyEnabled", true));
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", otherRoom, requestId).then().statusCode(404)
                .body("code", equalTo("lobby_request_not_found"));
    }

    @Test
    void endingTheMeetingEndsTheWait() {
        String slug = createRoom(owner, Map.of("lobbyEnabled", true));
        String requestId = join(walter, slug).statusCode(202).extract().path("lobbyRequestId");
        as(owner).post("/api/rooms/{slug}/end", slug).then().statusCode(204);
        as(walter).get("/api/rooms/{slug}/lobby/{id}?wait=0", slug, requestId).then().statusCode(409)
                .body("code", equalTo("room_closed"));
    }
}
