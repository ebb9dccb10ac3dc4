package dev.convene.webui.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/** Every upstream points at a loopback port nobody listens on. */
@QuarkusTest
@TestProfile(UpstreamDownTest.DeadUpstreams.class)
class UpstreamDownTest {

    public static class DeadUpstreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String dead = "http://127.0.0.1:" + unusedPort();
            return Map.of(
                    "convene.proxy.auth-url", dead,
                    "convene.proxy.room-url", dead,
                    "convene.proxy.signaling-url", dead,
                    "convene.proxy.chat-url", dead);
        }

        private static int unusedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Vertx vertx;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,  /api/auth/status,            auth-service",
            "GET,  /api/rooms/status,           room-service",
            "GET,  /api/chat/status,            chat-service",
            "GET,  /ws/status,                  signaling-service",
            "POST, /api/admin/users,            auth-service",
            "POST, /api/chat/rooms/x/messages,  chat-service",
    })
    void downUpstreamGives502WithJsonCode(String method, String path, String service) {
        given().body("{\"text\":\"hi\"}").contentType("application/json")
                .when().request(method, path)
                .then().statusCode(502)
                .contentType(containsString("application/json"))
                .body("code", equalTo("upstream_unavailable"))
                .body("message", containsString(service))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @Test
    void webSocketToADownUpstreamIsRefusedWith502() throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> ProxyRoutingTest.await(client.connect(new WebSocketConnectOptions()
                            .setHost("localhost").setPort(base.getPort()).setURI("/ws/rooms/abc-defg-hij"))));
            UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, failure.getCause());
            assertEquals(502, rejected.getStatus());
            assertEquals("upstream_unavailable", rejected.getBody().toJsonObject().getString("code"));
        } finally {
            ProxyRoutingTest.await(client.close());
        }
    }

    @Test
    void theClientIsStillServed() {
        given().when().get("/m/abc-defg-hij").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
