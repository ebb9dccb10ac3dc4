package dev.convene.chat;

import static dev.convene.chat.support.Chat.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.RedisSubscriber;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Every change is announced on {@code convene-test:room:{slug}} after it is stored, in order. */
@QuarkusTest
class EventsTest {

    @Inject
    AgroalDataSource dataSource;
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void concurrentSendsAreAnnouncedInSeqOrderWithTheEnvelope() throws Exception {
        String room = Rooms.fresh();
        try (RedisSubscriber events = RedisSubscriber.room(room)) {
            List<Callable<Response>> sends = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String token = Tokens.participant(room, Tokens.user());
                String clientId = UUID.randomUUID().toString();
                sends.add(() -> SendMessageTest.sendRetrying(token, room, clientId, "hi"));
            }
            long before = System.currentTimeMillis();
            SendMessageTest.runConcurrently(sends);

            List<JsonObject> created = events.next(30, WAIT);
            for (int i = 0; i < created.size(); i++) {
                JsonObject event = created.get(i);
                assertEquals("chat.message.created", event.getString("type"));
                assertEquals(room, event.getString("room"));
                assertEquals("chat-service", event.getString("sender"));
                assertTrue(event.containsKey("target"));
                assertNull(event.getValue("target"));
                assertNotNull(UUID.fromString(event.getString("id")));
                assertThat(event.getLong("timestamp"), greaterThan(before - 1));
                assertEquals(i + 1, event.getJsonObject("payload").getJsonObject("message").getInteger("seq"),
                        "announced in seq order");
            }
            events.assertQuiet(Duration.ofMillis(300)); // announced once each
        }
    }

    @Test
    void concurrentSendsInSeveralRoomsAreAnnouncedOnceEachInSeqOrderPerRoom() throws Exception {
        int rooms = 4;
        int perRoom = 25;
        List<String> slugs = new ArrayList<>();
        List<RedisSubscriber> subscribers = new ArrayList<>();
        try {
            List<Callable<Response>> sends = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                String room = Rooms.fresh();
                slugs.add(room);
                subscribers.add(RedisSubscriber.room(room));
                for (int i = 0; i < perRoom; i++) {
                    String token = Tokens.participant(room, Tokens.user());
                    String clientId = UUID.randomUUID().toString();
                    sends.add(() -> SendMessageTest.sendRetrying(token, room, clientId, "hi"));
                }
            }
            java.util.Collections.shuffle(sends);
            SendMessageTest.runConcurrently(sends); // 100 sends at once, interleaved over the rooms

            for (int r = 0; r < rooms; r++) {
                List<JsonObject> created = subscribers.get(r).next(perRoom, WAIT);
                for (int i = 0; i < perRoom; i++) {
                    assertEquals(slugs.get(r), created.get(i).getString("room"));
                    assertEquals(i + 1, created.get(i).getJsonObject("payload").getJsonObject("message").getInteger("seq"),
                            "room " + r + ": announced in seq order");
                }
            }
            for (RedisSubscriber events : subscribers) {
                events.assertQuiet(Duration.ofMillis(300)); // once each
            }
        } finally {
            subscribers.forEach(RedisSubscriber::close);
        }
    }

    /**
     * The outbox row is the durable copy: a row that no replica's fast path published (here:
     * inserted directly, as a replica that crashed between its commit and its publication
     * leaves it) is announced by the poller with its event id, and deleted.
     */
    @Test
    void rowsLeftByACrashedReplicaAreAnnouncedByThePoller() throws Exception {
        String room = Rooms.fresh();
        UUID eventId = UUID.randomUUID();
        try (RedisSubscriber events = RedisSubscriber.room(room)) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO chat_outbox (event_id, type, room, payload, created_at)
                    VALUES (?, 'chat.room.purged', ?, '{"by":"crashed-replica","lastSeq":0}', now() - interval '1 minute')""")) {
                ps.setObject(1, eventId);
                ps.setString(2, room);
                ps.executeUpdate();
            }
            JsonObject event = events.next(WAIT);
            assertEquals(eventId.toString(), event.getString("id"), "announced with the id fixed at commit");
            assertEquals("chat.room.purged", event.getString("type"));
            assertEquals("crashed-replica", event.getJsonObject("payload").getString("by"));
            assertEquals("chat-service", event.getString("sender"));

            // the fast path keeps working alongside
            Chat.sendNew(Tokens.participant(room, Tokens.user()), room, "after the crash");
            JsonObject created = events.next(WAIT);
            assertEquals("chat.message.created", created.getString("type"));
            events.assertQuiet(Duration.ofMillis(300));
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM chat_outbox WHERE room = ?")) {
                ps.setString(1, room);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        });
    }

    @Test
    void editsDeletesReactionsAndPurgesAreAnnounced() {
        String room = Rooms.fresh();
        String author = Tokens.user();
        String token = Tokens.participant(room, author);
        try (RedisSubscriber events = RedisSubscriber.room(room)) {
            String id = Chat.sendNew(token, room, "first");
            JsonObject created = events.next(WAIT).getJsonObject("payload").getJsonObject("message");
            assertEquals(id, created.getString("id"));
            assertEquals("first", created.getString("text"));
            assertEquals(author, created.getJsonObject("sender").getString("id"));
            assertFalse(created.containsKey("mine"));

            as(token).contentType(ContentType.JSON).body("{\"text\":\"first, edited\"}")
                    .patch("/api/chat/rooms/{room}/messages/{id}", room, id).then().statusCode(200);
            JsonObject edited = events.next(WAIT);
            assertEquals("chat.message.edited", edited.getString("type"));
            assertEquals("first, edited", edited.getJsonObject("payload").getJsonObject("message").getString("text"));
            assertNotNull(edited.getJsonObject("payload").getJsonObject("message").getString("editedAt"));

            as(token).put("/api/chat/rooms/{room}/messages/{id}/reactions/{emoji}", room, id, "🎉").then().statusCode(200);
            JsonObject reaction = events.next(WAIT);
            assertEquals("chat.reaction.changed", reaction.getString("type"));
            JsonObject payload = reaction.getJsonObject("payload");
            assertEquals("🎉", payload.getString("emoji"));
            assertEquals(author, payload.getString("userId"));
            assertTrue(payload.getBoolean("added"));
            JsonObject counted = payload.getJsonObject("message").getJsonArray("reactions").getJsonObject(0);
            assertEquals(1, counted.getInteger("count"));
            assertFalse(counted.containsKey("mine"), "events go to everyone: no per-viewer field");

            as(token).delete("/api/chat/rooms/{room}/messages/{id}/reactions/{emoji}", room, id, "🎉").then().statusCode(200);
            JsonObject removed = events.next(WAIT);
            assertEquals("chat.reaction.changed", removed.getString("type"));
            assertFalse(removed.getJsonObject("payload").getBoolean("added"));

            as(token).delete("/api/chat/rooms/{room}/messages/{id}", room, id).then().statusCode(200);
            JsonObject deleted = events.next(WAIT);
            assertEquals("chat.message.deleted", deleted.getString("type"));
            assertTrue(deleted.getJsonObject("payload").getJsonObject("message").getBoolean("deleted"));
            assertNull(deleted.getJsonObject("payload").getJsonObject("message").getValue("text"));
            assertEquals(author, deleted.getJsonObject("payload").getString("by"));
            assertEquals("author", deleted.getJsonObject("payload").getString("byRole"));

            String admin = Tokens.access(Tokens.user(), Set.of("user", "admin"));
            as(admin).post("/api/admin/chat/rooms/{room}/purge", room).then().statusCode(200);
            JsonObject purged = events.next(WAIT);
            assertEquals("chat.room.purged", purged.getString("type"));
            assertEquals(1, purged.getJsonObject("payload").getInteger("lastSeq"));

            events.assertQuiet(Duration.ofMillis(300));
        }
    }

    @Test
    void announcementLatencyIsRecordedAsAMetric() {
        String room = Rooms.fresh();
        Chat.sendNew(Tokens.participant(room, Tokens.user()), room, "metric");
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("chat_messages_persisted_total"))
                .body(org.hamcrest.Matchers.containsString("chat_announce_latency_seconds"));
    }
}
