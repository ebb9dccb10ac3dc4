package dev.convene.webui.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** As in production behind an Ingress: web-ui serves the client only and proxies nothing. */
@QuarkusTest
@TestProfile(ProxyDisabledTest.ProxyOff.class)
class ProxyDisabledTest {

    public static class ProxyOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("convene.proxy.enabled", "false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/auth/status", "/api/rooms/status", "/api/chat/status", "/ws/status" })
    void apiAndWebSocketPathsAreNotServed(String path) {
        given().when().get(path)
                .then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("code", equalTo("not_found"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/m/abc-defg-hij" })
    void theClientIsServed(String path) {
        given().when().get(path).then().statusCode(200).contentType(containsString("text/html"));
    }
}
