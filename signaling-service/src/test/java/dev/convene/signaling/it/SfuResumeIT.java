package dev.convene.signaling.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convene.signaling.support.JanusEnvironment;
import dev.convene.signaling.support.LocalProcesses;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A participant of an SFU meeting whose connection moves to another replica (packaged app twice,
 * real Janus, private redis-server): its Janus session lived on the old replica's Janus
 * connection, so the new replica joins it again and tells it to restart; it can publish at once
 * without sfu.join, and nobody saw it leave.
 */
@ExtendWith(JanusEnvironment.class)
class SfuResumeIT {

    private static final String PREFIX = "convene-it-sfu";
    private static Process redis;
    private static Process replicaA;
    private static Process replicaB;
    private static URI a;
    private static URI b;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        Path logs = Files.createDirectories(Path.of("target/it-logs"));
        int redisPort = LocalProcesses.freePort();
        redis = LocalProcesses.redis(redisPort, logs.resolve("sfu-redis.log"));
        Map<String, String> config = Map.of("convene.janus.urls", String.join(",", JanusEnvironment.urls()),
                "convene.signaling.reconnect-grace", "10S");
        int portA = LocalProcesses.freePort();
        int portB = LocalProcesses.freePort();
        replicaA = LocalProcesses.replica(jar, portA, redisPort, PREFIX, logs.resolve("sfu-replica-a.log"), config, List.of());
        replicaB = LocalProcesses.replica(jar, portB, redisPort, PREFIX, logs.resolve("sfu-replica-b.log"), config, List.of());
        a = URI.create("http://127.0.0.1:" + portA + "/");
        b = URI.create("http://127.0.0.1:" + portB + "/");
    }

    @AfterAll
    static void stop() {
        LocalProcesses.stop(replicaA);
        LocalProcesses.stop(replicaB);
        LocalProcesses.stop(redis);
    }

    private static String token(String room, String user, String name) {
        return RoomTokens.withSettings(room, user, name, Map.of("mediaMode", "SFU"));
    }

    @Test
    void aParticipantMovingReplicaIsRejoinedToTheSfuAndToldToRestart() throws Exception {
        String room = Rooms.slug();
        String bobUser = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(a, room, token(room, Rooms.user(), "Alice"))) {
            assertEquals("sfu", alice.next("welcome").at("/media/mode").asText());
            alice.send(Map.of("type", "sfu.join"));
            alice.next("sfu.joined");

            SignalingClient bob = SignalingClient.join(a, room, token(room, bobUser, "Bob"));
            JsonNode welcome = bob.next("welcome");
            bob.send(Map.of("type", "sfu.join"));
            bob.next("sfu.joined");
            bob.abort(); // the network drops; the browser reconnects through the load balancer to replica B

            try (SignalingClient moved = SignalingClient.connect(b, room, token(room, bobUser, "Bob"),
                    welcome.at("/resume/credential").asText())) {
                JsonNode resumed = moved.next("welcome");
                assertTrue(resumed.get("resumed").asBoolean());
                assertEquals("sfu", resumed.at("/media/mode").asText());
                assertEquals("resumed", moved.next("sfu.restart").get("reason").asText());
                // Joined by the server: a fresh offer is accepted without sfu.join.
                moved.send(Map.of("type", "sfu.publish", "sdp", recordedOffer(), "streams", List.of(
                        Map.of("mid", "0", "source", "mic"), Map.of("mid", "1", "source", "camera"),
                        Map.of("mid", "2", "source", "screen"))));
                assertTrue(moved.next("sfu.published").get("sdp").asText().startsWith("v=0"));
                alice.expectNone(f -> "participant-left".equals(f.path("type").asText()), 1500, "a leave of the moved participant");
            }
        }
    }

    static String recordedOffer() throws IOException {
        try (InputStream in = SfuResumeIT.class.getResourceAsStream("/sfu/chromium-offer-simulcast-screen.sdp")) {
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sdp.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }
}
