package dev.convene.signaling.media;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.events.SignalingEvents;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import java.time.Duration;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The meeting's media mode as the welcome shows it and the SFU requests' refusals, with real
 * Redis and no Janus configured (the %test profile): the SFU is unavailable, so AUTO rooms stay
 * in a mesh whatever their size. Switching with a real Janus: {@link AutoSwitchTest}.
 */
@QuarkusTest
class MediaModeTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;
    @Inject
    ModeStore store;
    @Inject
    SignalingEvents events;
    @Inject
    ObjectMapper json;

    private SignalingClient join(String room, String mediaMode) {
        return SignalingClient.join(base, room, RoomTokens.withSettings(room, Rooms.user(), "P", Map.of("mediaMode", mediaMode)));
    }

    @Test
    void theFirstJoinerStartsTheMeetingInTheModeOfTheRoomSetting() {
        String sfuRoom = Rooms.slug();
        try (SignalingClient first = join(sfuRoom, "SFU")) {
            JsonNode welcome = first.next("welcome");
            assertEquals("SFU", welcome.get("mediaMode").asText());
            assertEquals("sfu", welcome.at("/media/mode").asText());
            assertEquals("SFU", welcome.at("/settings/mediaMode").asText(), "settings come from the room token");
            // The setting changed after the meeting started: it applies from the next meeting.
            SignalingClient second = join(sfuRoom, "P2P");
            JsonNode later = second.next("welcome");
            second.close();
            assertEquals("SFU", later.get("mediaMode").asText());
            assertEquals("sfu", later.at("/media/mode").asText());
        }
        String autoRoom = Rooms.slug();
        try (SignalingClient first = join(autoRoom, "AUTO")) {
            JsonNode welcome = first.next("welcome");
            assertEquals("AUTO", welcome.get("mediaMode").asText());
            assertEquals("p2p", welcome.at("/media/mode").asText());
        }
    }

    /**
     * A switch decided on another replica: stored in Redis, its room event still on the way when a
     * joiner here reads it. The joiner is told at once; the ones already here must still be told
     * when the event comes (it used to look known after the joiner's read, and they never were).
     */
    @Test
    void aSwitchDecidedElsewhereReachesEveryoneHereEvenWhenAJoinerReadItFirst() throws Exception {
        String room = Rooms.slug();
        try (SignalingClient alice = join(room, "AUTO")) {
            assertEquals("p2p", alice.next("welcome").at("/media/mode").asText());
            ModeState before = result(store.get(room));
            ModeState prepared = before.prepare(ModeState.SFU, "participants", List.of(), System.currentTimeMillis());
            assertEquals(Boolean.TRUE, result(store.replace(room, before, prepared)), "the other replica's compare-and-set");
            try (SignalingClient bob = join(room, "AUTO")) {
                bob.next("welcome");
                assertEquals("prepare", bob.next("media-mode").get("phase").asText(), "a joiner during a switch is told at once");
                alice.expectNone(frame -> "media-mode".equals(frame.path("type").asText()), 300, "a prepare before the room event");
                // the other replica's announcement arrives
                events.media(SignalingEvents.MEDIA_MODE, room, "signaling-service", (ObjectNode) json.readTree(prepared.toJson(json)));
                JsonNode told = alice.next("media-mode");
                assertEquals("prepare", told.get("phase").asText());
                assertEquals("sfu", told.get("mode").asText());
                bob.expectNone(frame -> "prepare".equals(frame.path("phase").asText()), 300, "the same prepare twice");
            }
        }
    }

    private static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aRoomThatEmptiedStartsItsNextMeetingFromTheNewSetting() {
        String room = Rooms.slug();
        try (SignalingClient first = join(room, "SFU")) {
            assertEquals("sfu", first.next("welcome").at("/media/mode").asText());
            first.send(Map.of("type", "leave"));
            first.awaitClose();
        }
        // The leave is complete once the presence entry is gone; then the room is empty.
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.hash(String.class).hgetall("convene-test:presence:" + room).isEmpty());
        try (SignalingClient again = join(room, "P2P")) {
            JsonNode welcome = again.next("welcome");
            assertEquals("P2P", welcome.get("mediaMode").asText());
            assertEquals("p2p", welcome.at("/media/mode").asText());
        }
    }

    @Test
    void sfuRequestsAreRefusedWithTheirReasonAndTheConnectionStays() {
        String p2pRoom = Rooms.slug();
        try (SignalingClient alice = join(p2pRoom, "P2P")) {
            alice.next("welcome");
            alice.send(Map.of("type", "sfu.join"));
            JsonNode refused = alice.next("error");
            assertEquals("sfu_not_allowed", refused.get("code").asText());
            assertEquals("sfu.join", refused.get("ref").asText());
        }
        String sfuRoom = Rooms.slug();
        try (SignalingClient bob = join(sfuRoom, "SFU")) {
            bob.next("welcome");
            bob.send(Map.of("type", "sfu.join"));
            JsonNode unavailable = bob.next("error");
            assertEquals("sfu_unavailable", unavailable.get("code").asText(), "no Janus is configured in this profile");
            assertEquals("sfu.join", unavailable.get("ref").asText());
            bob.send(Map.of("type", "sfu.answer", "offerId", 1, "sdp", "v=0"));
            JsonNode notJoined = bob.next("error");
            assertEquals("sfu_not_joined", notJoined.get("code").asText());
            assertEquals("sfu.answer", notJoined.get("ref").asText());
            bob.send(Map.of("type", "ping", "seq", 7));
            assertEquals(7, bob.next("pong").get("seq").asInt(), "the connection is still served");
        }
    }

    @Test
    void publishingNeedsTheGrantsForWhatIsPublished() {
        String room = Rooms.slug();
        String viewer = RoomTokens.mint(room, Rooms.user(), "Viewer", "participant", List.of("chat"), Instant.now().plusSeconds(300),
                Map.of("mediaMode", "SFU"));
        try (SignalingClient client = SignalingClient.join(base, room, viewer)) {
            client.next("welcome");
            client.send(Map.of("type", "sfu.publish", "sdp", "v=0", "streams", List.of(Map.of("mid", "0", "source", "camera"))));
            JsonNode refused = client.next("error");
            assertEquals("forbidden", refused.get("code").asText());
            assertEquals("sfu.publish", refused.get("ref").asText());
        }
    }

    @Test
    void withoutAnSfuAnAutoRoomStaysInAMeshAndIgnoresReportsForNoSwitch() {
        String room = Rooms.slug();
        List<SignalingClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) { // above the default threshold of 4
                SignalingClient client = join(room, "AUTO");
                assertEquals("p2p", client.next("welcome").at("/media/mode").asText());
                clients.add(client);
            }
            SignalingClient first = clients.get(0);
            first.send(Map.of("type", "media-mode-ready", "mode", "sfu", "complete", true, "waitedMs", 10));
            first.send(Map.of("type", "media-stats", "peers", 5, "sendKbps", 3000, "availableKbps", 100, "lossRate", 0.2));
            first.send(Map.of("type", "media-p2p-failed", "peer", "nobody-here"));
            first.expectNone(frame -> frame.path("type").asText().equals("media-mode")
                    || frame.path("type").asText().equals("error"), 1500, "a switch or an error");
        } finally {
            clients.forEach(SignalingClient::close);
        }
    }
}
