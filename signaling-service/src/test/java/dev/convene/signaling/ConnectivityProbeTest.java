package dev.convene.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectivityProbeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED_ORIGIN = "http://localhost:8080";

    @TestHTTPResource("/")
    URI base;

    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private WebSocketClientConnection connection;

    @AfterEach
    void close() {
        if (connection != null && connection.isOpen()) {
            connection.closeAndAwait();
        }
    }

    /** The Vert.x client always sends an Origin; each test names the one it wants. */
    private WebSocketClientConnection connect(String origin) {
        return BasicWebSocketConnector.create()
                .baseUri(base)
                .path("/ws/probe")
                .addHeader("Origin", origin)
                .onTextMessage((c, message) -> received.add(message))
                .connectAndAwait();
    }

    private JsonNode next() throws Exception {
        String message = received.poll(5, TimeUnit.SECONDS);
        assertTrue(message != null, "no reply within 5 s");
        return JSON.readTree(message);
    }

    @Test
    void pingIsAnsweredWithTheSameSequenceAndServerTime() throws Exception {
        connection = connect(ALLOWED_ORIGIN);
        long before = System.currentTimeMillis();
        connection.sendTextAndAwait("{\"type\":\"ping\",\"seq\":42}");
        JsonNode pong = next();
        assertEquals("pong", pong.get("type").asText());
        assertEquals(42, pong.get("seq").asLong());
        assertTrue(pong.get("serverTime").asLong() >= before);
    }

    @Test
    void badFramesGetErrorsAndTheConnectionStaysUsable() throws Exception {
        connection = connect(ALLOWED_ORIGIN);
        connection.sendTextAndAwait("{not json");
        assertEquals("malformed_message", next().get("code").asText());
        connection.sendTextAndAwait("{\"type\":\"offer\"}");
        assertEquals("unknown_type", next().get("code").asText());
        connection.sendTextAndAwait("{\"type\":\"ping\",\"seq\":\"x\"}");
        assertEquals("invalid_field", next().get("code").asText());
        connection.sendTextAndAwait("[1,2]");
        assertEquals("unknown_type", next().get("code").asText());

        connection.sendTextAndAwait("{\"type\":\"ping\",\"seq\":7}");
        assertEquals(7, next().get("seq").asLong());
        assertTrue(connection.isOpen());
    }

    @Test
    void oversizeFrameClosesWith1009() throws Exception {
        connection = connect(ALLOWED_ORIGIN);
        connection.sendTextAndAwait("{\"type\":\"ping\",\"seq\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!connection.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(connection.isClosed(), "connection should be closed after an oversize frame");
        assertEquals(1009, connection.closeReason().getCode());
    }

    @Test
    void foreignOriginIsRefusedBeforeUpgrade() {
        Exception refused = assertThrows(Exception.class, () -> connect("https://evil.example"));
        assertTrue(String.valueOf(refused.getMessage()).contains("403")
                || String.valueOf(refused.getCause()).contains("403"), "expected a 403 refusal: " + refused);
    }
}
