package dev.convene.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.support.RemoteParticipant;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dynacast's {@code sfu.demand} (docs/sfu.md): what a subscriber's SFU state tells a publisher
 * reaches only that publisher, on this replica or through the other replica's inbox channel
 * (real Redis), as {@code {type, from, layer}}; a publisher that is gone costs the subscriber no
 * error. Which demands the SFU state produces, with real Janus and Chromium: SfuBrowserTest.
 */
@QuarkusTest
class DemandRoutingTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SfuSignals signals;
    @Inject
    LocalRooms rooms;
    @Inject
    RedisDataSource redis;

    @Test
    void aDemandReachesOnlyItsPublisherWithTheSubscriberAsFrom() {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.joinAs(base, room, "Alice");
                SignalingClient bob = SignalingClient.joinAs(base, room, "Bob");
                SignalingClient carol = SignalingClient.joinAs(base, room, "Carol")) {
            String a = alice.welcomeId();
            String b = bob.welcomeId();
            carol.welcomeId();
            Participant subscriber = rooms.participant(a);
            assertNotNull(subscriber);

            signals.demand(subscriber, b, 1);
            JsonNode demand = bob.next("sfu.demand");
            assertEquals(a, demand.get("from").asText());
            assertEquals(1, demand.get("layer").asInt());
            assertEquals(3, demand.size(), "type, from, layer: " + demand);

            signals.demand(subscriber, b, null);
            assertTrue(bob.next("sfu.demand").get("layer").isNull(), "a drop is layer null");

            signals.demand(subscriber, "no-such-participant", 2);
            signals.demand(subscriber, a, 2); // never to oneself
            alice.expectNone(f -> "error".equals(f.path("type").asText()) || "sfu.demand".equals(f.path("type").asText()), 500,
                    "an error or a demand for the subscriber itself");
            carol.expectNone(f -> "sfu.demand".equals(f.path("type").asText()), 300, "a demand for someone else");
        }
    }

    @Test
    void aClientCannotSendADemandItself() {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.joinAs(base, room, "Alice")) {
            alice.welcomeId();
            alice.send(Map.of("type", "sfu.demand", "from", "x", "layer", 0));
            JsonNode error = alice.next("error");
            assertEquals("unknown_type", error.get("code").asText());
            alice.send(Map.of("type", "ping", "seq", 7));
            assertEquals(7, alice.next("pong").get("seq").asInt(), "the connection stays");
        }
    }

    /** A publisher held by another replica (presence says so): the demand goes to that replica's inbox. */
    @Test
    void aDemandForAPublisherOnAnotherReplicaGoesThroughItsInboxChannel() throws Exception {
        String room = Rooms.slug();
        try (RemoteParticipant remote = new RemoteParticipant(redis, room);
                SignalingClient alice = SignalingClient.joinAs(base, room, "Alice")) {
            String a = alice.welcomeId();
            signals.demand(rooms.participant(a), remote.participantId, 0);
            signals.demand(rooms.participant(a), remote.participantId, 2);
            for (int expected : new int[] {0, 2}) {
                JsonNode envelope = remote.nextEnvelope();
                assertNotNull(envelope, "the envelope on the remote replica's inbox");
                assertEquals("signal.relay", envelope.get("type").asText());
                assertEquals(room, envelope.get("room").asText());
                assertEquals(remote.participantId, envelope.get("target").asText());
                assertEquals("sfu.demand", envelope.at("/payload/type").asText());
                assertEquals(a, envelope.at("/payload/from").asText());
                assertEquals(expected, envelope.at("/payload/layer").asInt(), "in the order sent");
            }
            assertNull(alice.poll("error", 300), "no error for the subscriber");
        }
    }
}
