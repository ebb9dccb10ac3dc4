package dev.convene.signaling.ws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events published on {p}:room:{slug} by room-service and chat-service (the test publishes
 * them, as those services would) reach exactly their audience (docs/events.md), verbatim.
 */
@QuarkusTest
class RoomEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    private String room;
    private String hostUser;
    private String guestUser;
    private SignalingClient host;
    private SignalingClient guest;
    private String hostPid;
    private String guestPid;

    @BeforeEach
    void twoParticipants() {
        room = Rooms.slug();
        hostUser = Rooms.user();
        guestUser = Rooms.user();
        host = SignalingClient.join(base, room, RoomTokens.host(room, hostUser, "Hana"));
        hostPid = host.next("welcome").get("participantId").asText();
        guest = SignalingClient.join(base, room, RoomTokens.participant(room, guestUser, "Gus"));
        guestPid = guest.next("welcome").get("participantId").asText();
        host.next("participant-joined");
    }

    @AfterEach
    void close() {
        host.close();
        guest.close();
    }

    private ObjectNode publish(String type, String target, ObjectNode payload) {
        ObjectNode envelope = JSON.createObjectNode().put("type", type).put("room", room)
                .put("sender", type.startsWith("chat.") ? "chat-service" : "room-service");
        if (target == null) {
            envelope.putNull("target");
        } else {
            envelope.put("target", target);
        }
        envelope.put("id", UUID.randomUUID().toString()).put("timestamp", System.currentTimeMillis());
        envelope.set("payload", payload);
        redis.pubsub(String.class).publish("convene-test:room:" + room, envelope.toString());
        return envelope;
    }

    private static Predicate<JsonNode> type(String type) {
        return frame -> type.equals(frame.path("type").asText());
    }

    @Test
    void roomWideEventsReachEveryoneVerbatim() {
        ObjectNode locked = publish("room.locked", null, JSON.createObjectNode().put("by", hostUser));
        assertEquals(locked, host.next("room.locked"));
        assertEquals(locked, guest.next("room.locked"));

        ObjectNode chat = publish("chat.message", null, JSON.createObjectNode().put("seq", 7).put("text", "hello 👋"));
        assertEquals(chat, guest.next("chat.message"));
        assertEquals(chat, host.next("chat.message"));

        publish("room.unknown-future-event", null, JSON.createObjectNode());
        guest.expectNone(type("room.unknown-future-event"), 300, "an unknown event type");
    }

    @Test
    void targetedAndRoleScopedEventsReachOnlyTheirAudience() {
        publish("participant.mute-requested", guestUser, JSON.createObjectNode().put("userId", guestUser).put("by", hostUser));
        assertEquals(guestUser, guest.next("participant.mute-requested").at("/payload/userId").asText());

        publish("room.mute-all", null, JSON.createObjectNode().put("exceptRole", "host").put("by", hostUser));
        guest.next("room.mute-all");

        publish("lobby.waiting", null, JSON.createObjectNode().put("requestId", "r1").put("userId", Rooms.user())
                .put("name", "Walt").put("guest", true));
        assertEquals("Walt", host.next("lobby.waiting").at("/payload/name").asText());

        // the host got none of the guest's events, the guest none of the host's
        host.expectNone(type("participant.mute-requested").or(type("room.mute-all")), 300, "a non-host event");
        guest.expectNone(type("lobby.waiting"), 300, "a host-only event");
    }

    @Test
    void removedParticipantIsToldAndClosedWith4410AndOthersSeeTheLeave() {
        publish("participant.removed", guestUser, JSON.createObjectNode().put("userId", guestUser)
                .put("reason", "removed_by_host").put("by", hostUser));
        assertEquals("removed_by_host", guest.next("participant.removed").at("/payload/reason").asText());
        assertEquals(4410, guest.awaitClose());
        assertEquals("removed_from_meeting", guest.closeReason());
        JsonNode left = host.next("participant-left");
        assertEquals(guestPid, left.get("participantId").asText());
        assertEquals("removed_from_meeting", left.get("reason").asText());
        assertFalse(host.isClosed());
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hash(String.class).hexists("convene-test:presence:" + room, guestPid));
    }

    @Test
    void endedRoomClosesEverySocketWith4411() {
        publish("room.ended", null, JSON.createObjectNode().put("reason", "ended_by_host").put("by", hostUser));
        host.next("room.ended");
        guest.next("room.ended");
        assertEquals(4411, host.awaitClose());
        assertEquals(4411, guest.awaitClose());
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.hash(String.class).hgetall("convene-test:presence:" + room).isEmpty());
    }

    @Test
    void settingsAndRoleChangesApplyToPresenceAndLaterWelcomes() throws Exception {
        ObjectNode settings = JSON.createObjectNode().put("name", "Standup").put("mediaMode", "SFU").put("maxParticipants", 2);
        ObjectNode payload = JSON.createObjectNode().put("by", hostUser);
        payload.set("settings", settings);
        publish("room.settings-changed", null, payload);
        assertEquals("SFU", guest.next("room.settings-changed").at("/payload/settings/mediaMode").asText());
        assertFalse(guest.next("server-recording").get("offered").asBoolean(), "no Janus configured here: the browser records");

        publish("participant.role-changed", guestUser, JSON.createObjectNode().put("userId", guestUser)
                .put("role", "host").put("cohost", true).put("by", hostUser));
        host.next("participant.role-changed");
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(redis.hash(String.class)
                .hget("convene-test:presence:" + room, guestPid)).get("role").asText().equals("host"));

        // the room is at maxParticipants (2 users): a third user is refused, a second tab of a present user is not
        try (SignalingClient third = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Tom"))) {
            assertEquals(4409, third.awaitClose());
        }
        try (SignalingClient tab = SignalingClient.join(base, room, RoomTokens.participant(room, guestUser, "Gus"))) {
            JsonNode welcome = tab.next("welcome");
            assertEquals("SFU", welcome.at("/settings/mediaMode").asText(), "the latest announced settings");
            assertEquals("Standup", welcome.at("/settings/name").asText());
            // The running meeting follows the new setting at once; without a Janus here it stays in the mesh
            // (AutoSwitchTest has the switch itself).
            assertEquals("SFU", welcome.get("mediaMode").asText());
            assertEquals("p2p", welcome.at("/media/mode").asText());
            assertTrue(welcome.get("participants").size() >= 2);
        }
    }
}
