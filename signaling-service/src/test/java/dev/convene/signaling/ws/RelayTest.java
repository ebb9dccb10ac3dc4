package dev.convene.signaling.ws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.support.RemoteParticipant;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Targeted offer/answer/candidate: to the addressee only, never outside the room, across replicas via Redis. */
@QuarkusTest
class RelayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANDIDATE = "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx "
            + "raddr 10.0.0.5 rport 46154 generation 0 ufrag sXo4 network-cost 999";

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    private static Map<String, Object> message(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void offerAnswerAndCandidatesReachOnlyTheAddressee() {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Bob"));
                SignalingClient carol = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Carol"))) {
            String a = alice.next("welcome").get("participantId").asText();
            String b = bob.next("welcome").get("participantId").asText();
            carol.next("welcome");

            alice.send(message("type", "offer", "to", b, "sdp", "v=0 offer-from-alice", "extra", "dropped"));
            JsonNode offer = bob.next("offer");
            assertEquals(a, offer.get("from").asText());
            assertEquals("v=0 offer-from-alice", offer.get("sdp").asText());
            assertFalse(offer.get("iceRestart").asBoolean());
            assertFalse(offer.has("extra"), "only protocol fields are relayed");
            assertFalse(offer.has("to"));

            bob.send(message("type", "answer", "to", a, "sdp", "v=0 answer-from-bob"));
            assertEquals(b, alice.next("answer").get("from").asText());

            alice.send(message("type", "candidate", "to", b,
                    "candidate", Map.of("candidate", CANDIDATE, "sdpMid", "0", "sdpMLineIndex", 0, "usernameFragment", "sXo4")));
            JsonNode candidate = bob.next("candidate");
            assertEquals(CANDIDATE, candidate.at("/candidate/candidate").asText());
            assertEquals("0", candidate.at("/candidate/sdpMid").asText());
            alice.send(message("type", "candidate", "to", b, "candidate", null));
            assertTrue(bob.next("candidate").get("candidate").isNull(), "end-of-candidates is relayed as null");

            alice.send(message("type", "offer", "to", b, "sdp", "v=0 restart", "iceRestart", true));
            assertTrue(bob.next("offer").get("iceRestart").asBoolean());

            carol.expectNone(f -> f.has("sdp") || f.has("candidate"), 300, "signaling addressed to someone else");
        }
    }

    @Test
    void aMessageSentInFragmentsIsRelayedLikeAnyOther() {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Bob"))) {
            String a = alice.next("welcome").get("participantId").asText();
            String b = bob.next("welcome").get("participantId").asText();
            String sdp = "v=0 " + "a=fragmented ".repeat(500);
            alice.sendFragmented("{\"type\":\"offer\",\"to\":\"" + b + "\",\"sdp\":\"" + sdp + "\"}");
            JsonNode offer = bob.next("offer");
            assertEquals(a, offer.get("from").asText());
            assertEquals(sdp, offer.get("sdp").asText());
            alice.sendFragmented("{\"type\":\"offer\",\"to\":\"" + b + "\"}");
            assertEquals("invalid_field", alice.next("error").get("code").asText());
        }
    }

    @Test
    void participantsOfAnotherRoomAndUnknownIdsAreUnreachable() {
        String room = Rooms.slug();
        String otherRoom = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient dave = SignalingClient.join(base, otherRoom, RoomTokens.participant(otherRoom, Rooms.user(), "Dave"))) {
            alice.next("welcome");
            String d = dave.next("welcome").get("participantId").asText();

            alice.send(message("type", "offer", "to", d, "sdp", "v=0 cross-room"));
            JsonNode error = alice.next("error");
            assertEquals("unknown_participant", error.get("code").asText());
            assertEquals("offer", error.get("ref").asText());
            dave.expectNone(f -> "offer".equals(f.path("type").asText()), 300, "an offer from another room");

            alice.send(message("type", "candidate", "to", "no-such-participant", "candidate", null));
            assertEquals("unknown_participant", alice.next("error").get("code").asText());
        }
    }

    /**
     * A participant held by another replica (presence says so): the offer goes to that replica's
     * inbox channel in the envelope; relay arriving on this replica's inbox reaches the socket.
     */
    @Test
    void relayToAndFromAnotherReplicaGoesThroughItsInboxChannel() throws Exception {
        String room = Rooms.slug();
        try (RemoteParticipant remote = new RemoteParticipant(redis, room);
                SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            String remotePid = remote.participantId;
            JsonNode welcome = alice.next("welcome");
            String a = welcome.get("participantId").asText();
            assertEquals(remotePid, welcome.get("participants").get(0).get("participantId").asText());

            alice.send(message("type", "offer", "to", remotePid, "sdp", "v=0 to-remote"));
            JsonNode envelope = remote.nextEnvelope();
            assertEquals("signal.relay", envelope.get("type").asText());
            assertEquals(room, envelope.get("room").asText());
            assertEquals(a, envelope.get("sender").asText());
            assertEquals(remotePid, envelope.get("target").asText());
            assertTrue(envelope.get("timestamp").asLong() > 0);
            assertEquals("offer", envelope.at("/payload/type").asText());
            assertEquals(a, envelope.at("/payload/from").asText());

            String myReplica = JSON.readTree(redis.hash(String.class).hget(remote.presenceKey(), a)).get("replica").asText();
            ObjectNode answer = JSON.createObjectNode().put("type", "answer").put("from", remotePid).put("sdp", "v=0 from-remote");
            ObjectNode intoOtherRoom = envelope(Rooms.slug(), remotePid, a, answer.deepCopy().put("sdp", "v=0 wrong-room"));
            redis.pubsub(String.class).publish(RemoteParticipant.inboxChannel(myReplica), intoOtherRoom.toString());
            redis.pubsub(String.class).publish(RemoteParticipant.inboxChannel(myReplica), envelope(room, remotePid, a, answer).toString());
            JsonNode received = alice.next("answer");
            assertEquals("v=0 from-remote", received.get("sdp").asText(), "an envelope naming another room is dropped");
            assertEquals(remotePid, received.get("from").asText());
        }
    }

    private static ObjectNode envelope(String room, String sender, String target, ObjectNode payload) {
        ObjectNode envelope = JSON.createObjectNode().put("type", "signal.relay").put("room", room)
                .put("sender", sender).put("target", target).put("id", "test-1").put("timestamp", System.currentTimeMillis());
        envelope.set("payload", payload);
        return envelope;
    }

    @Test
    void aCrashedReplicasParticipantsAreSweptAndAnnouncedAsLeft() {
        String room = Rooms.slug();
        String deadPid = Rooms.user();
        String presenceKey = "convene-test:presence:" + room;
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            alice.next("welcome");
            // an entry whose replica key does not exist: that replica died
            redis.hash(String.class).hset(presenceKey, deadPid, JSON.createObjectNode()
                    .put("participantId", deadPid).put("userId", Rooms.user()).put("name", "Ghost")
                    .put("role", "participant").put("replica", "sig-dead00000000").put("joinedAt", 1L).toString());
            JsonNode left = alice.next(f -> "participant-left".equals(f.path("type").asText())
                    && deadPid.equals(f.path("participantId").asText()), "the ghost's participant-left");
            assertEquals("connection_lost", left.get("reason").asText());
            await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hash(String.class).hexists(presenceKey, deadPid));
        }
    }
}
