package dev.convene.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.support.JanusTestResource;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * AUTO switching and the {@code sfu.*} wiring against real Janus (two instances in a network
 * namespace) and real Redis, at the protocol level: the media itself is proven by the browser
 * tests (SfuBrowserTest, and the suite's e2e scenarios). The profile lowers the threshold to 2
 * and the delays to about a second so the switches happen quickly.
 */
@QuarkusTest
@TestProfile(AutoSwitchTest.SmallRooms.class)
class AutoSwitchTest {

    static final java.nio.file.Path RECORDINGS = java.nio.file.Path.of("target/auto-switch-recordings").toAbsolutePath();

    public static final class SmallRooms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("convene.media.auto-threshold", "2", "convene.media.back-to-p2p-delay", "1S",
                    "convene.media.switch-timeout", "3S", "convene.media.recheck-interval", "1S",
                    "convene.recording.watch-interval", "1S",
                    "convene.sfu.recording-dir", RECORDINGS.resolve("janus").toString(),
                    "convene.recording.dir", RECORDINGS.resolve("processed").toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JanusTestResource.class));
        }
    }

    @TestHTTPResource("/")
    URI base;

    private static Predicate<JsonNode> mode(String mode, String phase) {
        return frame -> "media-mode".equals(frame.path("type").asText()) && mode.equals(frame.path("mode").asText())
                && phase.equals(frame.path("phase").asText());
    }

    private SignalingClient join(String room, String mediaMode) {
        return SignalingClient.join(base, room, RoomTokens.withSettings(room, Rooms.user(), "P", Map.of("mediaMode", mediaMode)));
    }

    private static void enterSfu(SignalingClient client) {
        client.send(Map.of("type", "sfu.join"));
        client.next("sfu.joined");
    }

    private static void ready(SignalingClient client, String mode) {
        client.send(Map.of("type", "media-mode-ready", "mode", mode, "complete", true, "waitedMs", 120));
    }

    @Test
    void growingPastTheThresholdSwitchesToTheSfuMakeBeforeBreakAndShrinkingSwitchesBack() throws Exception {
        String room = Rooms.slug();
        List<SignalingClient> all = new ArrayList<>();
        try (SignalingClient alice = join(room, "AUTO"); SignalingClient bob = join(room, "AUTO")) {
            assertEquals("p2p", alice.next("welcome").at("/media/mode").asText());
            assertEquals("p2p", bob.next("welcome").at("/media/mode").asText());
            alice.expectNone(mode("sfu", "prepare"), 1500, "a switch at the threshold");

            SignalingClient carol = join(room, "AUTO");
            all.add(carol);
            JsonNode carolsWelcome = carol.next("welcome");
            assertEquals("p2p", carolsWelcome.at("/media/mode").asText(), "the old path is in force until commit");
            assertEquals("sfu", carolsWelcome.at("/media/target").asText(),
                    "the switch her join causes is decided before her welcome, so she can go to the SFU at once");
            for (SignalingClient client : List.of(alice, bob, carol)) {
                JsonNode prepare = client.next(mode("sfu", "prepare"), "prepare sfu");
                assertEquals("participants", prepare.get("reason").asText());
                enterSfu(client);
            }
            carol.expectNone(mode("sfu", "prepare"), 300, "a second prepare for the joiner that caused the switch");
            ready(alice, "sfu");
            ready(bob, "sfu");
            alice.expectNone(mode("sfu", "commit"), 700, "a commit before everyone is ready");
            ready(carol, "sfu");
            for (SignalingClient client : List.of(alice, bob, carol)) {
                client.next(mode("sfu", "commit"), "commit sfu");
            }

            // Publishing through the wiring: Janus answers the recorded Chromium offer with the simulcast
            // layers. (Janus announces a publisher to the others only once its media is up, so the
            // subscriber offers are proven with real browsers: SfuBrowserTest and the suite's e2e.)
            alice.send(Map.of("type", "sfu.publish", "sdp", recordedOffer(), "streams", List.of(
                    Map.of("mid", "0", "source", "mic"), Map.of("mid", "1", "source", "camera"), Map.of("mid", "2", "source", "screen"))));
            JsonNode published = alice.next("sfu.published");
            assertTrue(published.get("sdp").asText().contains("a=simulcast:recv h;m;l"), published.toString());
            assertEquals(3, published.get("streams").size(), published.toString());
            Map<String, Object> endOfCandidates = new java.util.HashMap<>(Map.of("type", "sfu.candidate", "pc", "publisher"));
            endOfCandidates.put("candidate", null);
            alice.send(endOfCandidates);
            alice.expectNone(frame -> "error".equals(frame.path("type").asText()), 500, "an error for a trickle to Janus");

            SignalingClient dave = join(room, "AUTO");
            all.add(dave);
            JsonNode davesWelcome = dave.next("welcome");
            assertEquals("sfu", davesWelcome.at("/media/mode").asText(), "a later joiner starts in the SFU");
            assertTrue(davesWelcome.at("/media/target").isMissingNode(), "no switch going on: " + davesWelcome);

            carol.send(Map.of("type", "leave"));
            dave.send(Map.of("type", "leave"));
            for (SignalingClient client : List.of(alice, bob)) {
                JsonNode prepare = client.next(mode("p2p", "prepare"), "prepare p2p after the back-to-P2P delay");
                assertEquals("participants", prepare.get("reason").asText());
            }
            ready(alice, "p2p");
            ready(bob, "p2p");
            alice.next(mode("p2p", "commit"), "commit p2p");
            bob.next(mode("p2p", "commit"), "commit p2p");

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("convene_media_mode_switches_total")
                    && l.contains("to=\"sfu\"") && l.contains("reason=\"participants\"")), "switch counted");
            assertTrue(metrics.contains("convene_media_mode_switch_seconds_count"), "switch duration recorded");
        } finally {
            all.forEach(SignalingClient::close);
        }
    }

    @Test
    void theJoinerWhoseArrivalStartsTheSwitchCountsAsReadyAtOnce() {
        String room = Rooms.slug();
        try (SignalingClient alice = join(room, "AUTO"); SignalingClient bob = join(room, "AUTO")) {
            alice.next("welcome");
            bob.next("welcome");
            try (SignalingClient carol = join(room, "AUTO")) {
                assertEquals("sfu", carol.next("welcome").at("/media/target").asText());
                ready(carol, "sfu"); // at once, as the client does: it joined the SFU directly
                long start = System.nanoTime();
                for (SignalingClient client : List.of(alice, bob)) {
                    client.next(mode("sfu", "prepare"), "prepare sfu");
                    ready(client, "sfu");
                }
                alice.next(mode("sfu", "commit"), "commit once all three are ready");
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                // Had carol's report been dropped (sent before the room event applied her switch), the
                // commit would only come with the 3 s switch timeout of this profile.
                assertTrue(waitedMs < 2000, "committed on the reports, not the timeout (" + waitedMs + " ms)");
                carol.next(mode("sfu", "prepare"), "the joiner still gets the prepare after its welcome");
            }
        }
    }

    @Test
    void aSwitchCommitsAfterTheTimeoutWhenSomeoneNeverReports() {
        String room = Rooms.slug();
        try (SignalingClient a = join(room, "AUTO"); SignalingClient b = join(room, "AUTO"); SignalingClient c = join(room, "AUTO")) {
            a.next(mode("sfu", "prepare"), "prepare sfu");
            ready(a, "sfu");
            ready(b, "sfu"); // c never answers (e.g. its browser stalled)
            long start = System.nanoTime();
            a.next(mode("sfu", "commit"), "commit after the switch timeout");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 1000, "the commit waited for the missing report (" + waitedMs + " ms)");
            c.next(mode("sfu", "commit"), "the silent one is told too");
        }
    }

    @Test
    void aPairThatCannotConnectKeepsTheRoomOnTheSfuUntilOneOfThemLeaves() {
        String room = Rooms.slug();
        try (SignalingClient a = join(room, "AUTO"); SignalingClient b = join(room, "AUTO")) {
            a.next("welcome");
            String bId = b.next("welcome").get("participantId").asText();
            a.send(Map.of("type", "media-p2p-failed", "peer", bId));
            assertEquals("p2p_failed", a.next(mode("sfu", "prepare"), "prepare sfu").get("reason").asText());
            ready(a, "sfu");
            ready(b, "sfu");
            a.next(mode("sfu", "commit"), "commit sfu");
            a.expectNone(mode("p2p", "prepare"), 2500, "a return to P2P while the failed pair is present");

            try (SignalingClient c = join(room, "AUTO")) {
                assertEquals("sfu", c.next("welcome").at("/media/mode").asText());
                b.send(Map.of("type", "leave"));
                assertEquals("participants", a.next(mode("p2p", "prepare"), "prepare p2p once b left").get("reason").asText());
            }
        }
    }

    @Test
    void aHostsRecordingMovesAnAutoMeshToTheSfuAndKeepsItThereUntilItStops() {
        String room = Rooms.slug();
        String hostToken = RoomTokens.hostWithSettings(room, Rooms.user(), "Hana", Map.of("mediaMode", "AUTO"));
        try (SignalingClient host = SignalingClient.join(base, room, hostToken); SignalingClient bob = join(room, "AUTO")) {
            JsonNode welcome = host.next("welcome");
            assertEquals("p2p", welcome.at("/media/mode").asText());
            assertTrue(welcome.get("serverRecording").asBoolean(), "AUTO + recording configured: " + welcome);
            bob.next("welcome");

            host.send(Map.of("type", "recording.start"));
            for (SignalingClient client : List.of(host, bob)) {
                JsonNode prepare = client.next(mode("sfu", "prepare"), "prepare sfu for the recording");
                assertEquals("recording", prepare.get("reason").asText());
                enterSfu(client);
            }
            host.expectNone(frame -> "recording.started".equals(frame.path("type").asText()), 500,
                    "a recording before the meeting is on the SFU");
            ready(host, "sfu");
            ready(bob, "sfu");
            host.next(mode("sfu", "commit"), "commit sfu");
            JsonNode started = bob.next("recording.started");
            assertTrue(started.at("/payload/recordingId").isTextual(), started.toString());

            // Two people, threshold 2, back-to-P2P delay 1 s, re-check every second: only the recording holds it.
            host.expectNone(mode("p2p", "prepare"), 3000, "a return to P2P while the meeting is recorded");
            host.send(Map.of("type", "recording.start"));
            assertEquals("recording_active", host.next("error").path("code").asText());

            host.send(Map.of("type", "recording.stop"));
            bob.next("recording.stopped");
            assertEquals("participants", host.next(mode("p2p", "prepare"), "prepare p2p once the recording stopped")
                    .get("reason").asText());
        }

        String p2p = Rooms.slug();
        String fixedHost = RoomTokens.hostWithSettings(p2p, Rooms.user(), "Hana", Map.of("mediaMode", "P2P"));
        try (SignalingClient host = SignalingClient.join(base, p2p, fixedHost)) {
            assertFalse(host.next("welcome").get("serverRecording").asBoolean(), "a room fixed to P2P records locally");
            host.send(Map.of("type", "recording.start"));
            JsonNode refused = host.next("error");
            assertEquals("sfu_required", refused.path("code").asText(), refused.toString());
            host.expectNone(frame -> "media-mode".equals(frame.path("type").asText()), 500, "a switch of a fixed room");
        }
    }

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** What room-service publishes when the room's settings change. */
    private void settingsChanged(String room, String mediaMode) {
        ObjectNode payload = JSON.createObjectNode().put("by", "owner");
        payload.putObject("settings").put("name", "Room").put("mediaMode", mediaMode);
        publish(room, "room.settings-changed", "room-service", payload);
    }

    private void publish(String room, String type, String sender, ObjectNode payload) {
        ObjectNode envelope = JSON.createObjectNode().put("type", type).put("room", room).put("sender", sender).putNull("target")
                .put("id", java.util.UUID.randomUUID().toString()).put("timestamp", System.currentTimeMillis());
        envelope.set("payload", payload);
        redis.pubsub(String.class).publish("convene-test:room:" + room, envelope.toString());
    }

    @Inject
    dev.convene.signaling.recording.ActiveRecordings activeRecordings;

    /**
     * The Redis state of a recording another replica started before it died: a Janus room that is
     * not the meeting's (this meeting has none), as after that replica's Janus failed too.
     */
    private String orphanRecording(String room) throws Exception {
        String recordingId = java.util.UUID.randomUUID().toString();
        ObjectNode state = JSON.createObjectNode().put("recordingId", recordingId).put("by", "gone-user").put("byName", "Gone")
                .put("byParticipant", "gone-participant").put("startedAt", System.currentTimeMillis())
                .put("instance", "ws://127.0.0.1:9/janus-of-a-dead-replica").put("janusRoom", 900_000_000L + (long) (Math.random() * 1e8));
        state.putObject("publishers");
        redis.value(String.class).psetex(activeRecordings.key(room), 600_000, JSON.writeValueAsString(state));
        return recordingId;
    }

    @Test
    void aRecordingWhoseStarterIsGoneIsStoppedByAReplicaServingTheMeeting() throws Exception {
        String room = Rooms.slug();
        String first = orphanRecording(room);
        try (SignalingClient host = SignalingClient.join(base, room, RoomTokens.hostWithSettings(room, Rooms.user(), "Hana",
                Map.of("mediaMode", "AUTO")))) {
            // Joined while it runs: this replica watches it from the welcome on (watch interval 1 s here).
            assertEquals(first, host.next("welcome").at("/recording/recordingId").asText());
            assertEquals(first, host.next("recording.stopped").at("/payload/recordingId").asText());
            JsonNode failed = host.next("recording.failed");
            assertEquals(first, failed.at("/payload/recordingId").asText());
            assertEquals("no_media", failed.at("/payload/code").asText(), "nothing of it on this Janus: " + failed);
            assertFalse(redis.key(String.class).exists(activeRecordings.key(room)), "the meeting is no longer held as recorded");

            // Announced while the host is here (its starter then died): watched from the announcement on.
            String second = orphanRecording(room);
            publish(room, "recording.started", "gone-participant", JSON.createObjectNode().put("recordingId", second)
                    .put("by", "gone-user").put("byName", "Gone").put("startedAt", System.currentTimeMillis()));
            assertEquals(second, host.next("recording.started").at("/payload/recordingId").asText());
            assertEquals(second, host.next("recording.stopped").at("/payload/recordingId").asText());
            assertFalse(redis.key(String.class).exists(activeRecordings.key(room)));
        }
    }

    @Test
    void aMediaModeChangedDuringTheMeetingAppliesAtOnce() {
        String room = Rooms.slug();
        try (SignalingClient alice = join(room, "AUTO"); SignalingClient bob = join(room, "AUTO")) {
            alice.next("welcome");
            bob.next("welcome");
            settingsChanged(room, "SFU");
            for (SignalingClient client : List.of(alice, bob)) {
                assertTrue(client.next("server-recording").get("offered").asBoolean());
                assertEquals("setting", client.next(mode("sfu", "prepare"), "prepare sfu").get("reason").asText());
                enterSfu(client);
                ready(client, "sfu");
            }
            alice.next(mode("sfu", "commit"), "commit sfu");
            alice.expectNone(mode("p2p", "prepare"), 2500, "a return to P2P of a meeting now fixed to the SFU");
            try (SignalingClient carol = join(room, "AUTO")) {
                JsonNode welcome = carol.next("welcome");
                assertEquals("SFU", welcome.get("mediaMode").asText(), welcome.toString());
                assertEquals("sfu", welcome.at("/media/mode").asText());
            }

            settingsChanged(room, "P2P");
            for (SignalingClient client : List.of(alice, bob)) {
                // before the prepare: a host's record button records in the browser again
                assertFalse(client.next("server-recording").get("offered").asBoolean(), "no server recording in a room fixed to P2P");
                assertEquals("setting", client.next(mode("p2p", "prepare"), "prepare p2p").get("reason").asText());
                ready(client, "p2p");
            }
            alice.next(mode("p2p", "commit"), "commit p2p");

            settingsChanged(room, "AUTO"); // two people, threshold 2: the rules keep the mesh
            assertTrue(alice.next("server-recording").get("offered").asBoolean(), "AUTO moves to the SFU to record");
            alice.expectNone(frame -> "media-mode".equals(frame.path("type").asText()), 2000, "a switch on the change to AUTO");
        }
    }

    @Test
    void roomsFixedToTheSfuNeverSwitchAndJoinJanus() {
        String room = Rooms.slug();
        try (SignalingClient a = join(room, "SFU"); SignalingClient b = join(room, "SFU"); SignalingClient c = join(room, "SFU")) {
            assertEquals("sfu", a.next("welcome").at("/media/mode").asText());
            enterSfu(a);
            b.send(Map.of("type", "leave"));
            c.send(Map.of("type", "leave"));
            a.expectNone(frame -> "media-mode".equals(frame.path("type").asText()), 2500, "a switch of a fixed room");
            a.send(Map.of("type", "sfu.leave"));
            enterSfu(a); // leave + join at once (a client rebuilding its connections) stay in order
        }
        String p2p = Rooms.slug();
        try (SignalingClient a = join(p2p, "P2P"); SignalingClient b = join(p2p, "P2P"); SignalingClient c = join(p2p, "P2P")) {
            assertEquals("p2p", a.next("welcome").at("/media/mode").asText());
            a.expectNone(frame -> "media-mode".equals(frame.path("type").asText()), 2000, "a switch of a fixed room");
            assertFalse(a.isClosed());
        }
    }

    static String recordedOffer() throws IOException {
        try (InputStream in = AutoSwitchTest.class.getResourceAsStream("/sfu/chromium-offer-simulcast-screen.sdp")) {
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sdp.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }
}
