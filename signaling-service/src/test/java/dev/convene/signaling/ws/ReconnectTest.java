package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reconnect grace (3 s in %test): resume keeps the id silently; after the grace it is a leave and a fresh join. */
@QuarkusTest
class ReconnectTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void resumeWithinGraceKeepsTheIdAndNobodySeesALeave() {
        String room = Rooms.slug();
        String bobUser = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            String a = alice.next("welcome").get("participantId").asText();
            SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, bobUser, "Bob"));
            JsonNode welcome = bob.next("welcome");
            String b = welcome.get("participantId").asText();
            String credential = welcome.at("/resume/credential").asText();
            alice.next("participant-joined");
            bob.send(Map.of("type", "state", "camera", true));
            alice.next("participant-updated");

            bob.abort(); // network loss: no close handshake
            // Frames written into the socket before the server sees the TCP close are lost, as on any
            // half-open connection; after that they are kept for the resume. Give the close 300 ms.
            sleep(300);
            alice.send(Map.of("type", "offer", "to", b, "sdp", "v=0 sent-during-the-gap"));

            try (SignalingClient back = SignalingClient.connect(base, room, RoomTokens.participant(room, bobUser, "Bob"), credential)) {
                JsonNode resumed = back.next("welcome");
                assertTrue(resumed.get("resumed").asBoolean());
                assertEquals(b, resumed.get("participantId").asText());
                assertTrue(resumed.at("/self/camera").asBoolean(), "state survives the reconnect");
                assertEquals(a, resumed.get("participants").get(0).get("participantId").asText());
                assertEquals("v=0 sent-during-the-gap", back.next("offer").get("sdp").asText(), "queued during the grace");

                alice.send(Map.of("type", "offer", "to", b, "sdp", "v=0 after"));
                assertEquals("v=0 after", back.next("offer").get("sdp").asText());
                alice.expectNone(f -> f.path("type").asText().matches("participant-(left|joined)"), 4000,
                        "a leave or join for a resumed participant");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void afterTheGraceItIsALeaveAndAFreshJoin() {
        String room = Rooms.slug();
        String bobUser = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            alice.next("welcome");
            SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, bobUser, "Bob"));
            JsonNode welcome = bob.next("welcome");
            String b = welcome.get("participantId").asText();
            bob.abort();

            JsonNode left = alice.next("participant-left");
            assertEquals(b, left.get("participantId").asText());
            assertEquals("disconnected", left.get("reason").asText());

            try (SignalingClient late = SignalingClient.connect(base, room, RoomTokens.participant(room, bobUser, "Bob"),
                    welcome.at("/resume/credential").asText())) {
                JsonNode fresh = late.next("welcome");
                assertFalse(fresh.get("resumed").asBoolean());
                assertNotEquals(b, fresh.get("participantId").asText());
                assertEquals(fresh.get("participantId").asText(), alice.next("participant-joined").at("/participant/participantId").asText());
            }
        }
    }

    @Test
    void aResumeCredentialIsUselessToAnotherUserAndAResumeReplacesALiveSocket() {
        String room = Rooms.slug();
        String bobUser = Rooms.user();
        try (SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, bobUser, "Bob"))) {
            JsonNode welcome = bob.next("welcome");
            String b = welcome.get("participantId").asText();
            String credential = welcome.at("/resume/credential").asText();

            try (SignalingClient thief = SignalingClient.connect(base, room, RoomTokens.participant(room, Rooms.user(), "Eve"), credential)) {
                JsonNode eve = thief.next("welcome");
                assertFalse(eve.get("resumed").asBoolean());
                assertNotEquals(b, eve.get("participantId").asText());
            }
            assertFalse(bob.isClosed());

            // the same user resuming while the old socket still looks open (half-open TCP): the new one wins
            try (SignalingClient again = SignalingClient.connect(base, room, RoomTokens.participant(room, bobUser, "Bob"), credential)) {
                assertEquals(b, again.next("welcome").get("participantId").asText());
                assertEquals(4412, bob.awaitClose());
            }
        }
    }
}
