package dev.convene.signaling.ws;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus: participants, rooms, relayed messages and the relay latency histogram move with traffic. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource("/")
    URI base;

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void relayAndConnectionsAreCounted() {
        String room = Rooms.slug();
        double relayedBefore = Math.max(0, value(metrics(), "convene_signaling_relayed_total{path=\"local\"}"));
        try (SignalingClient alice = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient bob = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Bob"))) {
            alice.next("welcome");
            String b = bob.next("welcome").get("participantId").asText();
            for (int i = 0; i < 3; i++) {
                alice.send(Map.of("type", "candidate", "to", b, "candidate", Map.of("candidate", "c" + i)));
                bob.next("candidate");
            }
            String metrics = metrics();
            assertTrue(value(metrics, "convene_signaling_participants") >= 2, metrics);
            assertTrue(value(metrics, "convene_signaling_rooms") >= 1);
            assertTrue(value(metrics, "convene_signaling_relayed_total{path=\"local\"}") >= relayedBefore + 3);
            assertTrue(metrics.contains("convene_signaling_relay_latency_seconds_bucket{path=\"local\""), "histogram buckets");
        }
    }
}
