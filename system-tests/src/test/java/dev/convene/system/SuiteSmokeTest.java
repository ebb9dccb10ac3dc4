package dev.convene.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The suite smoke test: the five apps started exactly as {@code ./convene run} starts them
 * (scripts/suite.sh, e2e environment: ports 18080-18084, *_e2e databases), the e2e network
 * namespace up ({@link ConveneSuite}, shared with the other suite tests), and then everything
 * checked through the one web-ui origin.
 */
@ExtendWith(ConveneSuite.class)
class SuiteSmokeTest {

    private static final String ORIGIN = ConveneSuite.ORIGIN;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{1} is ready through {0}")
    @CsvSource({
        "/api/auth/status, auth-service",
        "/api/rooms/status, room-service",
        "/api/chat/status, chat-service",
        "/ws/status, signaling-service",
    })
    void everyServiceIsReadyThroughTheOneOrigin(String path, String service) throws Exception {
        HttpResponse<String> response = HTTP.send(
                java.net.http.HttpRequest.newBuilder(URI.create(ORIGIN + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode status = JSON.readTree(response.body());
        assertEquals(service, status.get("service").asText());
        assertEquals("UP", status.get("status").asText());
        assertTrue(status.get("checks").size() > 0, "readiness without any dependency check: " + response.body());
    }

    @Test
    void webSocketUpgradePassesThroughTheLocalRouting() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .header("Origin", ORIGIN)
                .buildAsync(URI.create("ws://127.0.0.1:18080/ws/probe"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"ping\",\"seq\":1}", true).get(5, TimeUnit.SECONDS);
        JsonNode pong = JSON.readTree(reply.get(10, TimeUnit.SECONDS));
        assertEquals("pong", pong.get("type").asText());
        assertEquals(1, pong.get("seq").asInt());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void webSocketFromAForeignOriginIsRefusedThroughTheRouting() {
        CompletableFuture<WebSocket> attempt = HTTP.newWebSocketBuilder()
                .header("Origin", "https://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:18080/ws/probe"), new WebSocket.Listener() { });
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, attempt::join);
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
    }

    @Test
    void headlessChromiumInTheE2eNamespaceLoadsThePageWithEveryServiceUp() throws Exception {
        Path artifacts = Scripts.artifactsDir();
        Path screenshot = artifacts.resolve("smoke-home.png");
        Files.deleteIfExists(screenshot);
        int exit = Scripts.run(120, Map.of("CONVENE_ARTIFACTS_DIR", artifacts.toString()),
                Scripts.e2eExec("node", "web-ui/client/e2e/smoke.mjs").toArray(String[]::new));
        assertEquals(0, exit, "browser smoke test failed:\n" + Scripts.logTail());
        byte[] png = Files.readAllBytes(screenshot);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "screenshot is not a PNG");
    }
}
