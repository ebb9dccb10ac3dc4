package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.sfu.janus.JanusConnection;
import dev.convene.signaling.sfu.janus.JanusEvent;
import dev.convene.signaling.sfu.janus.JanusException;
import dev.convene.signaling.sfu.janus.JanusHandle;
import dev.convene.signaling.sfu.janus.JanusSession;
import dev.convene.signaling.sfu.janus.JanusSettings;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import dev.convene.signaling.support.JanusEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** JanusConnection/Session/Handle against a real Janus (in namespace cvn-sfutest). */
@ExtendWith(JanusEnvironment.class)
@Timeout(60)
class JanusClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(f -> null).join();
    }

    private JanusConnection connect(JanusSettings settings) throws InterruptedException {
        JanusConnection connection = new JanusConnection(vertx, JanusEnvironment.url(0), settings);
        connection.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connection.isUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(connection.isUp(), "connected to " + JanusEnvironment.url(0));
        return connection;
    }

    @Test
    void sessionsHandlesAndServerInfoOverTheJanusProtocolSubprotocol() throws Exception {
        JanusConnection connection = connect(SfuTestKit.settings(JanusEnvironment.apiSecret()));
        JsonObject info = connection.info().await().atMost(WAIT);
        assertEquals("server_info", info.getString("janus"));
        assertTrue(info.getJsonObject("plugins").containsKey(VideoRoomControl.PLUGIN), info.encode());

        JanusSession session = connection.createSession().await().atMost(WAIT);
        JanusHandle handle = session.attach(VideoRoomControl.PLUGIN).await().atMost(WAIT);
        assertTrue(handle.id() > 0);
        // a synchronous plugin request: success straight away
        JsonObject list = handle.message(new JsonObject().put("request", "list")).await().atMost(WAIT).data();
        assertEquals("success", list.getString("videoroom"));
        handle.detach().await().atMost(WAIT);
        session.destroy().await().atMost(WAIT);
        assertFalse(session.isAlive());
        connection.close();
    }

    @Test
    void asynchronousPluginErrorsArriveAfterTheAckAsJanusExceptions() throws Exception {
        JanusConnection connection = connect(SfuTestKit.settings(JanusEnvironment.apiSecret()));
        JanusHandle handle = connection.createSession().await().atMost(WAIT).attach(VideoRoomControl.PLUGIN).await().atMost(WAIT);
        // "join" is asynchronous: ack first, then an event with the error for the same transaction
        Object failure = handle.message(new JsonObject().put("request", "join").put("ptype", "publisher")
                .put("room", 987_654_321L)).map(r -> (Object) r).onFailure().recoverWithItem(f -> f).await().atMost(WAIT);
        JanusException janus = assertInstanceOf(JanusException.class, failure);
        assertEquals(426, janus.code(), "no such room");
        connection.close();
    }

    @Test
    void aWrongApiSecretIsRefused() throws Exception {
        JanusConnection connection = connect(SfuTestKit.settings("not-the-secret"));
        Object result = connection.createSession().map(s -> (Object) s).onFailure().recoverWithItem(f -> f).await().atMost(WAIT);
        JanusException janus = assertInstanceOf(JanusException.class, result);
        assertEquals(403, janus.code(), "unauthorized");
        connection.close();
    }

    @Test
    void keepalivesKeepASessionBeyondJanusSessionTimeoutAndAForgottenSessionReportsLost() throws Exception {
        // kept alive every second: survives twice Janus' session_timeout
        JanusConnection kept = connect(SfuTestKit.settings(JanusEnvironment.apiSecret()));
        JanusSession alive = kept.createSession().await().atMost(WAIT);
        // keepalive only every 25 s: Janus times the session out after 5 s
        JanusConnection lazy = connect(new JanusSettings(Optional.of(JanusEnvironment.apiSecret()), Duration.ofSeconds(5),
                Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofMillis(300)));
        JanusSession forgotten = lazy.createSession().await().atMost(WAIT);
        JanusHandle orphan = forgotten.attach(VideoRoomControl.PLUGIN).await().atMost(WAIT);
        CompletableFuture<JanusEvent> lost = new CompletableFuture<>();
        orphan.onEvent(event -> {
            if (event.type() == JanusEvent.Type.LOST) {
                lost.complete(event);
            }
        });

        Thread.sleep(2_000L * JanusEnvironment.SESSION_TIMEOUT_S);

        assertTrue(alive.isAlive());
        JanusHandle handle = alive.attach(VideoRoomControl.PLUGIN).await().atMost(WAIT);
        assertTrue(handle.id() > 0, "the kept session still works");
        assertEquals(JanusEvent.Type.LOST, lost.get(5, TimeUnit.SECONDS).type(), "Janus' timeout reached the handle");
        assertFalse(forgotten.isAlive());
        kept.close();
        lazy.close();
    }
}
