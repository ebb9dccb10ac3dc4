package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.convene.auth.support.Jose;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GuestTest {

    @Test
    void aGuestGetsAVerifiableTokenWithOnlyADisplayName() throws Exception {
        Response response = client().body(Map.of("displayName", "  Visitor 🙂 ")).post("/api/auth/guest");

        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(7200))
                .body("user.id", notNullValue())
                .body("user.displayName", equalTo("Visitor 🙂"))
                .body("user.groups", equalTo(List.of("guest")))
                .body("user", not(hasKey("username")))
                .body("user", not(hasKey("email")));
        assertNull(response.getHeader("Set-Cookie"), "guests get no refresh token");

        JWTClaimsSet claims = Jose.verify(response.path("accessToken"));
        assertEquals(response.path("user.id"), claims.getSubject());
        assertEquals(List.of("guest"), claims.getStringListClaim("groups"));
        assertEquals("Visitor 🙂", claims.getStringClaim("name"));
        assertNull(claims.getClaim("upn"));
        assertNull(claims.getClaim("sid"));
        assertEquals(Duration.ofHours(2),
                Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
    }

    @Test
    void everyGuestIsSomeoneNew() {
        String first = client().body(Map.of("displayName", "Same")).post("/api/auth/guest").path("user.id");
        String second = client().body(Map.of("displayName", "Same")).post("/api/auth/guest").path("user.id");
        assertNotEquals(first, second);
    }

    @Test
    void aGuestHasNoAccount() {
        String token = client().body(Map.of("displayName", "Visitor")).post("/api/auth/guest").path("accessToken");

        as(token).get("/api/auth/me").then().statusCode(403).body("code", equalTo("forbidden"));
        as(token).get("/api/admin/users").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void theDisplayNameIsValidated() {
        client().body(Map.of("displayName", " ")).post("/api/auth/guest")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey("displayName"));
        client().body(Map.of("displayName", "\u2003\u00a0")).post("/api/auth/guest")
                .then().statusCode(400).body("fields", hasKey("displayName"));
        client().body(Map.of("displayName", "x".repeat(65))).post("/api/auth/guest")
                .then().statusCode(400).body("fields", hasKey("displayName"));
        client().body(Map.of("displayName", "line\nbreak")).post("/api/auth/guest")
                .then().statusCode(400).body("fields", hasKey("displayName"));
        client().body("{}").post("/api/auth/guest")
                .then().statusCode(400).body("fields", hasKey("displayName"));
        client().body("{\"displayName\": {}}").post("/api/auth/guest")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }
}
