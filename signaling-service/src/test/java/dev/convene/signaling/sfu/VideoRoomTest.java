package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.sfu.janus.JanusConnection;
import dev.convene.signaling.sfu.janus.JanusHandle;
import dev.convene.signaling.sfu.janus.JanusSession;
import dev.convene.signaling.sfu.janus.Jsep;
import dev.convene.signaling.sfu.videoroom.FeedStream;
import dev.convene.signaling.sfu.videoroom.PublisherHandle;
import dev.convene.signaling.sfu.videoroom.RoomSpec;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import dev.convene.signaling.support.JanusEnvironment;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Videoroom administration and publishing against a real Janus. The publish offer is one
 * recorded from headless Chromium 156 (camera with simulcast rids h/m/l, microphone, a screen
 * track as a second video m-line): Janus answers it without ICE ever completing, which is
 * enough to prove the request flow; media itself is covered by SfuBrowserTest.
 */
@ExtendWith(JanusEnvironment.class)
@Timeout(60)
class VideoRoomTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private Vertx vertx;
    private JanusConnection connection;
    private VideoRoomControl control;

    @BeforeEach
    void connect() throws InterruptedException {
        vertx = Vertx.vertx();
        connection = new JanusConnection(vertx, JanusEnvironment.url(0), SfuTestKit.settings(JanusEnvironment.apiSecret()));
        connection.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connection.isUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        control = new VideoRoomControl(connection, Optional.of(JanusEnvironment.adminKey()));
    }

    @AfterEach
    void close() {
        connection.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(f -> null).join();
    }

    private static RoomSpec spec(long id) {
        return new RoomSpec(id, "convene:test-videoroom:" + id, 10, 1_000_000, 2, false, null);
    }

    static String recordedOffer() throws IOException {
        try (InputStream in = VideoRoomTest.class.getResourceAsStream("/sfu/chromium-offer-simulcast-screen.sdp")) {
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // browsers send CRLF; the resource may have lost it
            return sdp.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    @Test
    void roomsAreCreatedIdempotentlyListedAndDestroyed() {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        assertEquals(id, control.createIfAbsent(spec(id)).await().atMost(WAIT));
        assertEquals(id, control.createIfAbsent(spec(id)).await().atMost(WAIT), "427 'already exists' counts as created");
        assertTrue(control.exists(id).await().atMost(WAIT));
        assertTrue(control.list().await().atMost(WAIT).stream().anyMatch(r -> r.room() == id
                && r.description().equals("convene:test-videoroom:" + id) && r.participants() == 0));
        assertTrue(control.destroy(id).await().atMost(WAIT));
        assertFalse(control.exists(id).await().atMost(WAIT));
        assertFalse(control.destroy(id).await().atMost(WAIT), "426 'no such room' is not an error");
    }

    @Test
    void recordingOfARoomCanBeSwitchedOnAndOff() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("janus-rec");
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        control.createIfAbsent(new RoomSpec(id, "convene:test-videoroom:" + id, 10, 0, 2, false, dir.toString()))
                .await().atMost(WAIT);
        control.record(id, true).await().atMost(WAIT);
        control.record(id, false).await().atMost(WAIT);
        control.destroy(id).await().atMost(WAIT);
    }

    @Test
    void aPublisherJoinsAndPublishesABrowserOfferWithSimulcastAndAScreenStream() throws IOException {
        long id = control.createIfAbsent(spec(ThreadLocalRandom.current().nextLong(1, 1L << 53))).await().atMost(WAIT);
        JanusSession session = connection.createSession().await().atMost(WAIT);
        JanusHandle handle = session.attach(VideoRoomControl.PLUGIN).await().atMost(WAIT);
        PublisherHandle publisher = new PublisherHandle(handle);

        PublisherHandle.Joined joined = publisher.join(id, "participant-a").await().atMost(WAIT);
        assertTrue(joined.feedId() > 0);
        assertTrue(joined.publishers().isEmpty());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("0", "mic");
        labels.put("1", "camera");
        labels.put("2", "screen");
        PublisherHandle.Published published = publisher.publish(Jsep.offer(recordedOffer()), labels).await().atMost(WAIT);

        assertEquals("answer", published.answer().type());
        String answer = published.answer().sdp();
        assertEquals(3, answer.split("\r\nm=").length - 1 + (answer.startsWith("m=") ? 1 : 0), answer);
        assertTrue(answer.contains("a=recvonly"), answer);
        assertTrue(answer.contains("a=simulcast:recv h;m;l"), "Janus accepts the three layers:\n" + answer);
        FeedStream camera = published.streams().stream().filter(s -> "1".equals(s.mid())).findFirst().orElseThrow();
        FeedStream screen = published.streams().stream().filter(s -> "2".equals(s.mid())).findFirst().orElseThrow();
        assertEquals("video", camera.type());
        assertTrue(camera.simulcast(), "camera is simulcast");
        assertEquals("camera", camera.description());
        assertEquals("screen", screen.description());
        assertFalse(screen.simulcast());
        assertTrue(control.participants(id).await().atMost(WAIT).stream()
                .anyMatch(p -> "participant-a".equals(p.getString("display"))));

        publisher.leave().await().atMost(WAIT);
        session.destroy().await().atMost(WAIT);
        control.destroy(id).await().atMost(WAIT);
    }
}
