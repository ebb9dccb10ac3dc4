package dev.convene.signaling.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.support.LocalProcesses;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged app (target/quarkus-app/quarkus-run.jar, profile local) on a
 * private redis-server: cross-replica presence and relay, resume on the other replica, a Redis
 * restart survived, and a kill -9 of one replica swept from the other's presence within the
 * bound (here replica-ttl 3 s + sweep-interval 1 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "convene-it";
    private static final long SWEEP_BOUND_MS = 3000 + 1000;

    private static Path logs;
    private static int redisPort;
    private static Process redis;
    private static Process replicaA;
    private static Process replicaB;
    private static URI a;
    private static URI b;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        logs = Files.createDirectories(Path.of("target/it-logs"));
        redisPort = LocalProcesses.freePort();
        redis = LocalProcesses.redis(redisPort, logs.resolve("redis.log"));
        Map<String, String> fast = Map.of(
                "convene.signaling.replica-ttl", "3S",
                "convene.signaling.heartbeat-interval", "1S",
                "convene.signaling.sweep-interval", "1S",
                "convene.signaling.reconnect-grace", "5S");
        int portA = LocalProcesses.freePort();
        int portB = LocalProcesses.freePort();
        replicaA = LocalProcesses.replica(jar, portA, redisPort, PREFIX, logs.resolve("replica-a.log"), fast, List.of());
        replicaB = LocalProcesses.replica(jar, portB, redisPort, PREFIX, logs.resolve("replica-b.log"), fast, List.of());
        a = URI.create("http://127.0.0.1:" + portA + "/");
        b = URI.create("http://127.0.0.1:" + portB + "/");
    }

    @AfterAll
    static void stop() {
        LocalProcesses.stop(replicaA);
        LocalProcesses.stop(replicaB);
        LocalProcesses.stop(redis);
    }

    private static Map<String, String> presence(String room) throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(redisPort), "--raw", "HGETALL", PREFIX + ":presence:" + room)
                .redirectErrorStream(true).start();
        List<String> lines = new String(cli.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            out.put(lines.get(i), lines.get(i + 1));
        }
        return out;
    }

    private static Set<String> replicasOf(String room) throws Exception {
        return presence(room).values().stream().map(v -> {
            try {
                return JSON.readTree(v).get("replica").asText();
            } catch (Exception e) {
                return "?";
            }
        }).collect(Collectors.toSet());
    }

    @Test
    @Order(1)
    void participantsOnDifferentReplicasSeeEachOtherAndRelayOffersAndCandidates() throws Exception {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(a, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            String pa = alice.next("welcome").get("participantId").asText();
            SignalingClient bob = SignalingClient.join(b, room, RoomTokens.participant(room, Rooms.user(), "Bob"));
            JsonNode bobWelcome = bob.next("welcome");
            String pb = bobWelcome.get("participantId").asText();
            assertEquals(pa, bobWelcome.get("participants").get(0).get("participantId").asText(), "A's participant listed on B");
            assertEquals(pb, alice.next("participant-joined").at("/participant/participantId").asText(), "B's join seen on A");
            assertEquals(2, replicasOf(room).size(), "one presence entry per replica");

            alice.send(Map.of("type", "offer", "to", pb, "sdp", "v=0 a-to-b"));
            JsonNode offer = bob.next("offer");
            assertEquals(pa, offer.get("from").asText());
            bob.send(Map.of("type", "answer", "to", pa, "sdp", "v=0 b-to-a"));
            assertEquals("v=0 b-to-a", alice.next("answer").get("sdp").asText());
            for (int i = 0; i < 20; i++) {
                alice.send(Map.of("type", "candidate", "to", pb, "candidate", Map.of("candidate", "candidate:" + i, "sdpMLineIndex", 0)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("candidate:" + i, bob.next("candidate").at("/candidate/candidate").asText(), "in order");
            }
            bob.close();
        }
    }

    @Test
    @Order(2)
    void aParticipantResumesOnTheOtherReplicaWithoutALeave() throws Exception {
        String room = Rooms.slug();
        String bobUser = Rooms.user();
        try (SignalingClient alice = SignalingClient.join(a, room, RoomTokens.participant(room, Rooms.user(), "Alice"))) {
            String pa = alice.next("welcome").get("participantId").asText();
            SignalingClient bob = SignalingClient.join(a, room, RoomTokens.participant(room, bobUser, "Bob"));
            JsonNode welcome = bob.next("welcome");
            String pb = welcome.get("participantId").asText();
            alice.next("participant-joined");
            bob.abort();
            try (SignalingClient moved = SignalingClient.connect(b, room, RoomTokens.participant(room, bobUser, "Bob"),
                    welcome.at("/resume/credential").asText())) {
                JsonNode resumed = moved.next("welcome");
                assertTrue(resumed.get("resumed").asBoolean());
                assertEquals(pb, resumed.get("participantId").asText());
                await().atMost(Duration.ofSeconds(5)).until(() -> replicasOf(room).size() == 2);

                alice.send(Map.of("type", "offer", "to", pb, "sdp", "v=0 to-the-moved-bob"));
                assertEquals("v=0 to-the-moved-bob", moved.next("offer").get("sdp").asText());
                moved.send(Map.of("type", "answer", "to", pa, "sdp", "v=0 from-b"));
                assertEquals("v=0 from-b", alice.next("answer").get("sdp").asText());
                alice.expectNone(f -> "participant-left".equals(f.path("type").asText()), 6000, "a leave of the resumed participant");
            }
        }
    }

    @Test
    @Order(3)
    void aRedisRestartIsSurvived() throws Exception {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(a, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient bob = SignalingClient.join(b, room, RoomTokens.participant(room, Rooms.user(), "Bob"))) {
            String pa = alice.next("welcome").get("participantId").asText();
            String pb = bob.next("welcome").get("participantId").asText();

            redis.destroyForcibly().waitFor();
            LocalProcesses.sleep(1500);
            redis = LocalProcesses.redis(redisPort, logs.resolve("redis-restarted.log"));

            // presence re-asserted by each replica's heartbeat (the new Redis started empty)
            await().atMost(Duration.ofSeconds(15)).until(() -> presence(room).keySet().equals(Set.of(pa, pb)));
            // both replicas subscribed again (pub/sub is at-most-once: retry until it flows), both ways
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                alice.send(Map.of("type", "offer", "to", pb, "sdp", "v=0 after-restart"));
                return bob.poll("offer", 500) != null;
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                bob.send(Map.of("type", "answer", "to", pa, "sdp", "v=0 after-restart"));
                return alice.poll("answer", 500) != null;
            });
        }
    }

    @Test
    @Order(4)
    void killingAReplicaRemovesItsParticipantsWithinTheBound() throws Exception {
        String room = Rooms.slug();
        try (SignalingClient alice = SignalingClient.join(a, room, RoomTokens.participant(room, Rooms.user(), "Alice"));
                SignalingClient bob = SignalingClient.join(b, room, RoomTokens.participant(room, Rooms.user(), "Bob"))) {
            alice.next("welcome");
            String pb = bob.next("welcome").get("participantId").asText();
            alice.next("participant-joined");

            long killedAt = System.nanoTime();
            replicaB.destroyForcibly().waitFor(); // kill -9: no goodbye, no cleanup
            JsonNode left = alice.next(f -> "participant-left".equals(f.path("type").asText()), "Bob's participant-left");
            long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertEquals(pb, left.get("participantId").asText());
            assertEquals("connection_lost", left.get("reason").asText());
            assertTrue(tookMs <= SWEEP_BOUND_MS + 1500, "swept after " + tookMs + " ms (bound " + SWEEP_BOUND_MS + " ms)");
            assertFalse(presence(room).containsKey(pb));
            assertNotEquals(0, presence(room).size(), "Alice (on the surviving replica) is still present");
        }
    }
}
