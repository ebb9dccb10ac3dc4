package dev.convene.signaling.sfu;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.recording.PostProcessor;
import dev.convene.signaling.recording.RecordingFiles;
import dev.convene.signaling.recording.RecordingService;
import dev.convene.signaling.sfu.pool.JanusPool;
import dev.convene.signaling.support.JanusEnvironment;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side recording end to end with real parts: two headless Chromium peers publish a fake
 * camera and microphone through {@link SfuSessions} into a real Janus; a host on the meeting
 * WebSocket starts and stops the recording; Janus' .mjr files are post-processed by the real
 * janus-pp-rec (and ffmpeg when installed); the host downloads the result over HTTP. Also the
 * refusals (non-host, no SFU, twice, not recording) and the download's 401/403/404 answers, and
 * the no-ffmpeg path on the same raw files.
 */
@ExtendWith(JanusEnvironment.class)
@QuarkusTest
@TestProfile(SfuRecordingTest.WithJanus.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SfuRecordingTest {

    static final Path DIR = Path.of("target/recording-test").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Meetings fixed to the SFU: this test drives Janus through SfuSessions itself, so no AUTO switch
     * may move them (an AUTO meeting's recording is AutoSwitchTest's).
     */
    private static final Map<String, Object> FIXED_SFU = Map.of("mediaMode", "SFU");

    /** The app talks to test Janus #0 (namespace cvn-sfutest) and records into target/. */
    public static class WithJanus implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("convene.janus.urls", "ws://10.213.2.2:8188");
            config.put("convene.janus.keepalive-interval", "1S"); // the test Janus drop sessions after 5 s
            config.put("convene.janus.ping-interval", "1S");
            config.put("convene.janus.max-reconnect-delay", "300ms");
            config.put("convene.janus.request-timeout", "5S");
            config.put("convene.sfu.recording-dir", DIR.resolve("janus").toString());
            config.put("convene.recording.dir", DIR.resolve("processed").toString());
            config.put("convene.recording.keep-raw", "true"); // the no-ffmpeg check reuses them
            config.put("convene.recording.watch-interval", "1S");
            return config;
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    SfuSessions sfu;
    @Inject
    JanusPool pool;
    @Inject
    RecordingService recordings;

    private static BrowserPeers browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Just enough of a participant's SFU listener: answers subscriber offers through its page. */
    final class Peer implements SfuPeerListener {
        final String id;

        Peer(String id) {
            this.id = id;
        }

        @Override
        public void subscriberOffer(SubscriberOffer offer) {
            browser.command("subscriberOffer", id, new JsonObject().put("sdp", offer.sdp()).put("newConnection", offer.newConnection()))
                    .thenCompose(answer -> sfu.answer(id, offer.offerId(), answer.getString("sdp")).subscribeAsCompletionStage());
        }

        @Override
        public void restart(String reason) {
        }

        @Override
        public void unavailable(String reason) {
        }
    }

    private void publish(String room, String id) {
        browser.await("open", id, null);
        sfu.join(new SfuPeer(room, id, new Peer(id))).await().atMost(WAIT);
        JsonObject offer = browser.await("publish", id, new JsonObject().put("simulcast", false).put("screen", false));
        List<StreamDescription> streams = new ArrayList<>();
        JsonArray array = offer.getJsonArray("streams");
        for (int i = 0; i < array.size(); i++) {
            streams.add(new StreamDescription(array.getJsonObject(i).getString("mid"), array.getJsonObject(i).getString("source")));
        }
        PublishAnswer answer = sfu.publish(id, offer.getString("sdp"), streams).await().atMost(WAIT);
        browser.await("publisherAnswer", id, new JsonObject().put("sdp", answer.sdp()));
    }

    /** Both peers receive each other's audio and video: media reaches Janus. */
    private static boolean receiving(String id) {
        JsonArray inbound = browser.await("stats", id, null).getJsonArray("inbound");
        boolean video = false;
        boolean audio = false;
        for (int i = 0; i < inbound.size(); i++) {
            JsonObject s = inbound.getJsonObject(i);
            video |= "video".equals(s.getString("kind")) && s.getLong("framesDecoded") > 0;
            audio |= "audio".equals(s.getString("kind")) && s.getLong("packetsReceived") > 0;
        }
        return video && audio;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static JsonNode error(SignalingClient client, String ref) {
        JsonNode error = client.next("error");
        assertEquals(ref, error.path("ref").asText(), error.toString());
        return error;
    }

    @Test
    void hostRecordsTheSfuMeetingAndDownloadsTheProcessedFiles() throws Exception {
        String room = Rooms.slug();
        String hostUser = Rooms.user();
        String hostToken = RoomTokens.hostWithSettings(room, hostUser, "Hana", FIXED_SFU);
        String guestToken = RoomTokens.withSettings(room, Rooms.user(), "Gus", FIXED_SFU);
        try (SignalingClient host = SignalingClient.join(base, room, hostToken);
                SignalingClient guest = SignalingClient.join(base, room, guestToken)) {
            JsonNode hostsWelcome = host.next("welcome");
            assertTrue(hostsWelcome.get("serverRecording").asBoolean(), "the record button records on the server");
            String hostPid = hostsWelcome.get("participantId").asText();
            String guestPid = guest.next("welcome").get("participantId").asText();

            // refusals before there is anything to record
            guest.send("{\"type\":\"recording.start\"}");
            assertEquals("forbidden", error(guest, "recording.start").path("code").asText());
            host.send("{\"type\":\"recording.start\"}");
            assertEquals("sfu_required", error(host, "recording.start").path("code").asText(), "no Janus placement: nobody joined the SFU yet");
            host.send("{\"type\":\"recording.stop\"}");
            assertEquals("not_recording", error(host, "recording.stop").path("code").asText());

            // two publishers through Janus (their SFU ids are their participant ids, as the ws layer does)
            await("the Janus pool is up", () -> pool.anyUp());
            browser = new BrowserPeers();
            browser.onCandidate(c -> {
                PeerConnectionRole role = "publisher".equals(c.pc()) ? PeerConnectionRole.PUBLISHER : PeerConnectionRole.SUBSCRIBER;
                IceCandidate candidate = c.candidate() == null || c.candidate().getString("candidate", "").isEmpty() ? null
                        : new IceCandidate(c.candidate().getString("candidate"), c.candidate().getString("sdpMid"),
                                c.candidate().getInteger("sdpMLineIndex"));
                sfu.trickle(c.peer(), role, candidate).subscribe().with(x -> { }, f -> { });
            });
            publish(room, hostPid);
            publish(room, guestPid);
            await("media flows through Janus", () -> receiving(hostPid) && receiving(guestPid));

            host.send("{\"type\":\"recording.start\"}");
            JsonNode started = host.next("recording.started");
            assertEquals(started, guest.next("recording.started"), "everyone is told, verbatim");
            String recordingId = started.path("payload").path("recordingId").asText();
            assertTrue(RecordingFiles.isRecordingId(recordingId));
            assertEquals(hostUser, started.path("payload").path("by").asText());
            try (SignalingClient late = SignalingClient.join(base, room,
                    RoomTokens.withSettings(room, Rooms.user(), "Late", FIXED_SFU))) {
                JsonNode lateWelcome = late.next("welcome");
                assertEquals(recordingId, lateWelcome.at("/recording/recordingId").asText(), "a joiner is told by its welcome");
                assertEquals(hostUser, lateWelcome.at("/recording/by").asText());
            }
            host.send("{\"type\":\"recording.start\"}");
            assertEquals("recording_active", error(host, "recording.start").path("code").asText());

            Thread.sleep(3500);
            guest.send("{\"type\":\"recording.stop\"}");
            assertEquals("forbidden", error(guest, "recording.stop").path("code").asText());
            long stopAt = System.nanoTime();
            host.send("{\"type\":\"recording.stop\"}");
            assertEquals(recordingId, host.next("recording.stopped").path("payload").path("recordingId").asText());
            assertEquals(recordingId, guest.next("recording.stopped").path("payload").path("recordingId").asText());
            assertNull(recordings.activeRecording(room).await().atMost(WAIT));

            JsonNode ready = host.next(m -> m.path("type").asText().startsWith("recording.") && !"recording.stopped".equals(m.path("type").asText()),
                    "recording.ready or recording.failed");
            System.out.printf("recording: ready %d ms after stop: %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt), ready);
            assertEquals("recording.ready", ready.path("type").asText(), ready.toString());
            guest.expectNone(m -> m.path("type").asText().equals("recording.ready"), 300, "the outcome goes to hosts only");

            String metrics = given().when().get(base.resolve("/q/metrics")).asString();
            for (String metric : List.of("convene_recordings_total{outcome=\"ready\"", "convene_recordings_active",
                    "convene_recording_postprocess_seconds_count")) {
                assertTrue(metrics.contains(metric), metric + " in /q/metrics");
            }

            boolean ffmpeg = installed("ffmpeg");
            Map<String, JsonNode> files = new HashMap<>();
            ready.path("payload").path("files").forEach(f -> files.put(f.path("name").asText(), f));
            Set<String> expected = ffmpeg ? Set.of(hostPid + ".webm", guestPid + ".webm")
                    : Set.of(hostPid + "-video.webm", hostPid + "-audio.opus", guestPid + "-video.webm", guestPid + "-audio.opus");
            assertEquals(expected, files.keySet(), ready.toString());
            assertEquals(hostPid, files.values().stream().filter(f -> f.path("name").asText().startsWith(hostPid))
                    .findFirst().orElseThrow().path("participantId").asText());

            Path folder = DIR.resolve("processed").resolve(room).resolve(recordingId);
            String hostFile = ffmpeg ? hostPid + ".webm" : hostPid + "-video.webm";
            Path processed = folder.resolve(hostFile);
            assertValidWebm(processed, true, ffmpeg);

            // download by the host: the same bytes, as an attachment; a range; the list
            Response download = given().header("Authorization", "Bearer " + hostToken)
                    .when().get(base.resolve("/ws/rooms/" + room + "/recordings/" + recordingId + "/" + hostFile));
            assertEquals(200, download.statusCode());
            assertArrayEquals(Files.readAllBytes(processed), download.asByteArray());
            assertEquals("video/webm", download.header("Content-Type"));
            assertEquals("attachment; filename=\"" + hostFile + "\"", download.header("Content-Disposition"));
            assertEquals("nosniff", download.header("X-Content-Type-Options"));
            Response part = given().header("Authorization", "Bearer " + hostToken).header("Range", "bytes=0-99")
                    .when().get(base.resolve("/ws/rooms/" + room + "/recordings/" + recordingId + "/" + hostFile));
            assertEquals(206, part.statusCode());
            assertArrayEquals(Arrays.copyOf(Files.readAllBytes(processed), 100), part.asByteArray());
            assertEquals("bytes 0-99/" + Files.size(processed), part.header("Content-Range"));
            given().header("Authorization", "Bearer " + hostToken).when().get(base.resolve("/ws/rooms/" + room + "/recordings"))
                    .then().statusCode(200)
                    .body("recordings[0].recordingId", equalTo(recordingId))
                    .body("recordings[0].state", equalTo("ready"))
                    .body("recordings[0].by", equalTo(hostUser))
                    .body("recordings[0].files.size()", equalTo(expected.size()));

            // refusals of the download
            String file = "/ws/rooms/" + room + "/recordings/" + recordingId + "/" + hostFile;
            expectError(given(), file, 401, "unauthorized");
            expectError(given().header("Authorization", "Bearer not.a.token"), file, 401, "unauthorized");
            expectError(given().header("Authorization", "Bearer " + guestToken), file, 403, "forbidden");
            expectError(given().header("Authorization", "Bearer " + guestToken), "/ws/rooms/" + room + "/recordings", 403, "forbidden");
            String otherRoom = Rooms.slug();
            expectError(given().header("Authorization", "Bearer " + RoomTokens.host(otherRoom, hostUser, "Hana")), file, 403, "forbidden");
            expectError(given().header("Authorization", "Bearer " + RoomTokens.host(otherRoom, hostUser, "Hana")),
                    "/ws/rooms/" + otherRoom + "/recordings/" + recordingId + "/" + hostFile, 404, "not_found");
            expectError(given().header("Authorization", "Bearer " + hostToken),
                    "/ws/rooms/" + room + "/recordings/" + java.util.UUID.randomUUID() + "/" + hostFile, 404, "not_found");
            expectError(given().header("Authorization", "Bearer " + hostToken),
                    "/ws/rooms/" + room + "/recordings/" + recordingId + "/recording.json", 404, "not_found");
            expectError(given().header("Authorization", "Bearer " + hostToken).urlEncodingEnabled(false),
                    "/ws/rooms/" + room + "/recordings/" + recordingId + "/..%2F..%2F" + recordingId + "%2Frecording.json", 404, "not_found");

            // the no-ffmpeg path, on the same raw files: separate .webm (VP8) and .opus per participant
            List<Path> raw;
            try (Stream<Path> listing = Files.list(DIR.resolve("janus"))) {
                raw = listing.toList();
            }
            long startedAt = started.path("payload").path("startedAt").asLong();
            long janusRoom = raw.stream().map(RecordingFiles::parse).flatMap(java.util.Optional::stream)
                    .filter(t -> t.startedUs() >= startedAt * 1000 - 5_000_000).findFirst().orElseThrow().janusRoom();
            var tracks = RecordingFiles.select(raw, janusRoom, startedAt);
            assertEquals(4, tracks.size(), "one audio and one video track per publisher: " + tracks);
            Map<Long, String> displays = new HashMap<>();
            try (PostProcessor separate = new PostProcessor("janus-pp-rec", "none", Duration.ofMinutes(2), 1)) {
                Path out = DIR.resolve("no-ffmpeg-" + recordingId);
                PostProcessor.Result result = separate.process(tracks, displays, out).get(2, TimeUnit.MINUTES);
                assertEquals(0, result.failed());
                assertEquals(4, result.files().size(), result.toString());
                for (PostProcessor.Made made : result.files()) {
                    if (made.name().endsWith(".webm")) {
                        assertValidWebm(out.resolve(made.name()), true, false);
                    } else {
                        assertOggOpus(out.resolve(made.name()));
                    }
                }
            }

            // deletion: hosts only; everything goes; the hosts in the meeting are told
            String recording = "/ws/rooms/" + room + "/recordings/" + recordingId;
            given().header("Authorization", "Bearer " + guestToken).when().delete(base.resolve(recording))
                    .then().statusCode(403).body("code", equalTo("forbidden"));
            given().header("Authorization", "Bearer " + hostToken).when().delete(base.resolve("/ws/rooms/" + room
                    + "/recordings/" + java.util.UUID.randomUUID())).then().statusCode(404).body("code", equalTo("not_found"));
            assertTrue(Files.exists(processed));
            given().header("Authorization", "Bearer " + hostToken).when().delete(base.resolve(recording)).then().statusCode(204);
            assertFalse(Files.exists(folder), "the recording's folder is gone");
            JsonNode deleted = host.next("recording.deleted");
            assertEquals(recordingId, deleted.path("payload").path("recordingId").asText(), deleted.toString());
            guest.expectNone(frame -> "recording.deleted".equals(frame.path("type").asText()), 300, "a host-only event for a participant");
            expectError(given().header("Authorization", "Bearer " + hostToken), file, 404, "not_found");
            given().header("Authorization", "Bearer " + hostToken).when().get(base.resolve("/ws/rooms/" + room + "/recordings"))
                    .then().statusCode(200).body("recordings.size()", equalTo(0));
            given().header("Authorization", "Bearer " + hostToken).when().delete(base.resolve(recording))
                    .then().statusCode(404).body("code", equalTo("not_found"));

            sfu.leave(hostPid).await().atMost(WAIT);
            sfu.leave(guestPid).await().atMost(WAIT);
        }
    }

    @Test
    void aRecordingStopsByItselfWhenTheSfuRoomGoes() throws Exception {
        String room = Rooms.slug();
        String hostToken = RoomTokens.hostWithSettings(room, Rooms.user(), "Hana", FIXED_SFU);
        try (SignalingClient host = SignalingClient.join(base, room, hostToken)) {
            String hostPid = host.next("welcome").get("participantId").asText();
            await("the Janus pool is up", () -> pool.anyUp());
            // a member in SFU mode without media: the room is placed, nothing is published
            sfu.join(new SfuPeer(room, hostPid, new Peer(hostPid))).await().atMost(WAIT);
            host.send("{\"type\":\"recording.start\"}");
            String recordingId = host.next("recording.started").path("payload").path("recordingId").asText();
            sfu.leave(hostPid).await().atMost(WAIT); // last one out: the Janus room is destroyed
            JsonNode stopped = host.next("recording.stopped");
            assertEquals(recordingId, stopped.path("payload").path("recordingId").asText());
            assertTrue(stopped.path("payload").path("by").isMissingNode(), "stopped by the server: " + stopped);
            JsonNode failed = host.next("recording.failed");
            assertEquals("no_media", failed.path("payload").path("code").asText(), failed.toString());
        }
    }

    private static void expectError(io.restassured.specification.RequestSpecification request, String path, int status, String code) {
        request.when().get(path).then().statusCode(status).body("code", equalTo(code));
    }

    private static boolean installed(String command) {
        try {
            return new ProcessBuilder(command, "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A WebM file with a VP8 stream (and Opus when muxed) longer than a second (ffprobe when installed). */
    private static void assertValidWebm(Path file, boolean video, boolean audio) throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 4);
        assertArrayEquals(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}, head, "EBML magic of " + file);
        assertTrue(Files.size(file) > 10_000, file + " has " + Files.size(file) + " bytes");
        if (!installed("ffprobe")) {
            return;
        }
        JsonNode probe = ffprobe(file);
        Set<String> codecs = new java.util.HashSet<>();
        probe.path("streams").forEach(s -> codecs.add(s.path("codec_type").asText() + "/" + s.path("codec_name").asText()));
        if (video) {
            assertTrue(codecs.contains("video/vp8"), file + ": " + codecs);
        }
        if (audio) {
            assertTrue(codecs.contains("audio/opus"), file + ": " + codecs);
        }
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(duration > 1.0, file + " lasts " + duration + " s");
        System.out.printf("recording: %s %s %.1f s %d bytes%n", file.getFileName(), codecs, duration, Files.size(file));
    }

    private static void assertOggOpus(Path file) throws Exception {
        assertEquals("OggS", new String(Arrays.copyOf(Files.readAllBytes(file), 4), java.nio.charset.StandardCharsets.US_ASCII));
        if (installed("ffprobe")) {
            JsonNode probe = ffprobe(file);
            assertEquals("opus", probe.path("streams").path(0).path("codec_name").asText(), probe.toString());
            assertTrue(probe.path("format").path("duration").asDouble() > 1.0, probe.toString());
        }
    }

    /**
     * ffprobe's JSON (stdout only: a decoder's complaint on stderr, e.g. about a first frame that
     * is no keyframe, must not end up inside the JSON; it is kept for the failure message).
     */
    private static JsonNode ffprobe(Path file) throws Exception {
        Path errors = Files.createTempFile("ffprobe", ".log");
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,codec_type:format=duration",
                    "-of", "json", file.toString()).redirectError(errors.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertNotNull(out);
            try {
                return JSON.readTree(out);
            } catch (java.io.IOException e) {
                throw new AssertionError("ffprobe " + file + ": " + out + " / " + Files.readString(errors), e);
            }
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
