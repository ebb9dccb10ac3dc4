package dev.convene.signaling.ws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Welcome, participant-joined/left, state and the presence hash room-service reads (real Redis). */
@QuarkusTest
class JoinAndPresenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    private Map<String, String> presence(String room) {
        return redis.hash(String.class).hgetall("convene-test:presence:" + room);
    }

    /**
     * Two participants joining at the same instant: at least one lists the other in its welcome
     * (and, as the newcomer, offers to it). If both missed each other, each would wait for the
     * other's offer and their link would never start.
     */
    @Test
    void ofTwoSimultaneousJoinersAtLeastOneListsTheOther() throws Exception {
        for (int round = 0; round < 15; round++) {
            String room = Rooms.slug();
            java.util.concurrent.CompletableFuture<SignalingClient> first = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "A")));
            java.util.concurrent.CompletableFuture<SignalingClient> second = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "B")));
            try (SignalingClient a = first.get(); SignalingClient b = second.get()) {
                JsonNode wa = a.next("welcome");
                JsonNode wb = b.next("welcome");
                boolean aListsB = wa.get("participants").findValuesAsText("participantId").contains(wb.get("participantId").asText());
                boolean bListsA = wb.get("participants").findValuesAsText("participantId").contains(wa.get("participantId").asText());
                assertTrue(aListsB || bListsA, "round " + round + ": neither welcome lists the other");
            }
        }
    }

    @Test
    void welcomeDescribesTheParticipantRoomMediaTurnAndResume() {
        String room = Rooms.slug();
        String aliceId = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.host(room, aliceId, "Alice"))) {
            assertEquals("convene.v1", alice.subprotocol());
            JsonNode aliceWelcome = alice.next("welcome");
            String alicePid = aliceWelcome.get("participantId").asText();
            assertEquals(room, aliceWelcome.get("room").asText());
            assertEquals(0, aliceWelcome.get("participants").size());
            assertEquals("host", aliceWelcome.at("/self/role").asText());
            assertEquals("p2p", aliceWelcome.at("/media/mode").asText());
            assertEquals("AUTO", aliceWelcome.get("mediaMode").asText());
            assertFalse(aliceWelcome.get("resumed").asBoolean());
            assertTrue(aliceWelcome.at("/resume/credential").asText().startsWith(alicePid + "."));
            JsonNode turn = aliceWelcome.get("iceServers").get(1);
            assertTrue(turn.get("username").asText().endsWith(":" + aliceId));
            assertFalse(turn.get("credential").asText().isEmpty());

            // a participant's own announcements are not echoed back to it
            alice.send(Map.of("type", "state", "mic", true, "camera", true, "hand", true));
            alice.expectNone(f -> f.path("type").asText().startsWith("participant-"), 500, "echo of her own state");
        }
    }

    @Test
    void joinStateAndLeaveAreSeenByOthersAndWrittenToPresence() throws Exception {
        String room = Rooms.slug();
        String aliceId = Rooms.user();
        String bobId = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.host(room, aliceId, "Alice"))) {
            String alicePid = alice.next("welcome").get("participantId").asText();
            alice.send(Map.of("type", "state", "mic", true, "hand", true));
            await().atMost(Duration.ofSeconds(5)).until(() -> presence(room).getOrDefault(alicePid, "").contains("\"hand\":true"));

            SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, bobId, "Bob"));
            JsonNode bobWelcome = bob.next("welcome");
            String bobPid = bobWelcome.get("participantId").asText();
            assertNotEquals(alicePid, bobPid);
            JsonNode listed = bobWelcome.get("participants").get(0);
            assertEquals(alicePid, listed.get("participantId").asText());
            assertEquals("Alice", listed.get("name").asText());
            assertEquals("host", listed.get("role").asText());
            assertTrue(listed.get("mic").asBoolean());
            assertTrue(listed.get("hand").asBoolean());
            assertFalse(listed.get("camera").asBoolean());
            assertFalse(listed.has("replica"), "replica ids are internal");

            JsonNode joined = alice.next("participant-joined");
            assertEquals(bobPid, joined.at("/participant/participantId").asText());
            assertEquals("Bob", joined.at("/participant/name").asText());

            // presence contract (docs/events.md): one entry per connection, replica key alive, room active
            Map<String, String> entries = presence(room);
            assertEquals(2, entries.size());
            JsonNode entry = JSON.readTree(entries.get(bobPid));
            assertEquals(bobPid, entry.get("participantId").asText());
            assertEquals(bobId, entry.get("userId").asText());
            assertEquals("participant", entry.get("role").asText());
            assertTrue(entry.get("joinedAt").asLong() > 0);
            assertTrue(redis.key().exists("convene-test:replica:" + entry.get("replica").asText()));
            assertTrue(redis.set(String.class).sismember("convene-test:rooms:active", room));

            bob.send(Map.of("type", "state", "camera", true));
            JsonNode updated = alice.next("participant-updated");
            assertEquals(bobPid, updated.at("/participant/participantId").asText());
            assertTrue(updated.at("/participant/camera").asBoolean());

            bob.send(Map.of("type", "reaction", "emoji", "🎉"));
            JsonNode reaction = alice.next("reaction");
            assertEquals(bobPid, reaction.get("from").asText());
            assertEquals("🎉", reaction.get("emoji").asText());
            bob.send(Map.of("type", "speaking", "speaking", true, "level", 0.5));
            assertEquals(bobPid, alice.next("speaking").get("from").asText());

            bob.send(Map.of("type", "leave"));
            assertEquals(1000, bob.awaitClose());
            JsonNode left = alice.next("participant-left");
            assertEquals(bobPid, left.get("participantId").asText());
            assertEquals("left", left.get("reason").asText());
            await().atMost(Duration.ofSeconds(5)).until(() -> !presence(room).containsKey(bobPid));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> presence(room).isEmpty()
                && !redis.set(String.class).sismember("convene-test:rooms:active", room));
    }

    @Test
    void pingIsAnsweredAndEveryConnectionOfAUserIsItsOwnParticipant() {
        String room = Rooms.slug();
        String userId = Rooms.user();
        try (SignalingClient tab1 = SignalingClient.join(base, room, RoomTokens.participant(room, userId, "Carol"));
                SignalingClient tab2 = SignalingClient.join(base, room, RoomTokens.participant(room, userId, "Carol"))) {
            String first = tab1.next("welcome").get("participantId").asText();
            String second = tab2.next("welcome").get("participantId").asText();
            assertNotEquals(first, second);
            tab1.send(Map.of("type", "ping", "seq", 9));
            assertEquals(9, tab1.next("pong").get("seq").asInt());
        }
    }
}
