package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.convene.auth.security.RsaPem;
import dev.convene.auth.support.Jose;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GuestTest {

    @ConfigProperty(name = "convene.auth.jwt.private-key-location")
    String signingKeyFile;

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

    @Test
    void aGuestRenewsItsTokenAndStaysTheSamePerson() throws Exception {
        Response first = client().body(Map.of("displayName", "Long Meeting")).post("/api/auth/guest");
        JWTClaimsSet before = Jose.verify(first.path("accessToken"));
        assertNotNull(before.getClaim("gsince"), "the identity's start travels in the token");

        Response renewed = as(first.path("accessToken")).post("/api/auth/guest/renew");
        renewed.then().statusCode(200).header("Cache-Control", "no-store")
                .body("expiresIn", equalTo(7200))
                .body("user.id", equalTo(first.path("user.id")))
                .body("user.displayName", equalTo("Long Meeting"))
                .body("user.groups", equalTo(List.of("guest")));
        JWTClaimsSet after = Jose.verify(renewed.path("accessToken"));
        assertEquals(before.getSubject(), after.getSubject());
        assertEquals(before.getLongClaim("gsince"), after.getLongClaim("gsince"), "a renewal does not restart the identity");
        assertNotEquals(before.getJWTID(), after.getJWTID());
        // the renewed token renews again
        as(renewed.path("accessToken")).post("/api/auth/guest/renew").then().statusCode(200)
                .body("user.id", equalTo(first.path("user.id")));
    }

    @Test
    void onlyAGuestTokenOfOursRenews() throws Exception {
        client().post("/api/auth/guest/renew").then().statusCode(401).body("code", equalTo("unauthorized"));
        as("not-a-token").post("/api/auth/guest/renew").then().statusCode(401).body("code", equalTo("unauthorized"));
        String userToken = dev.convene.auth.support.Api.newAccount().accessToken();
        as(userToken).post("/api/auth/guest/renew").then().statusCode(403).body("code", equalTo("forbidden"));
        // the same claims signed with another key
        JWTClaimsSet claims = guestClaims(UUID.randomUUID(), Instant.now().minusSeconds(60), Instant.now().plusSeconds(600));
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String kid = Jose.kidOf(guestToken(Instant.now(), Instant.now().plusSeconds(60)));
        String forged = Jose.sign(claims, (java.security.interfaces.RSAPrivateKey) rsa.generateKeyPair().getPrivate(), kid);
        as(forged).post("/api/auth/guest/renew").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aGuestWhoseTokenRanOutWhileAsleepIsStillTheSameGuest() throws Exception {
        // began 5 h ago; its last token expired 40 minutes ago (a laptop that slept through the renewal)
        UUID id = UUID.randomUUID();
        String expired = sign(guestClaims(id, Instant.now().minus(Duration.ofHours(5)), Instant.now().minus(Duration.ofMinutes(40))));
        Response renewed = as(expired).post("/api/auth/guest/renew");
        renewed.then().statusCode(200).body("user.id", equalTo(id.toString())).body("user.displayName", equalTo("Old Guest"))
                .body("expiresIn", equalTo(7200));
        assertEquals(Instant.now().minus(Duration.ofHours(5)).getEpochSecond(),
                Jose.verify(renewed.path("accessToken")).getLongClaim("gsince"), 5, "the identity keeps its start");
        // an expired token is only good for this: elsewhere it is refused as before
        as(expired).get("/api/auth/me").then().statusCode(401);
        // expired, and the identity is past its 12 h
        String tooOld = sign(guestClaims(UUID.randomUUID(), Instant.now().minus(Duration.ofHours(13)), Instant.now().minus(Duration.ofHours(3))));
        as(tooOld).post("/api/auth/guest/renew").then().statusCode(403).body("code", equalTo("guest_expired"));
        // an expired token of a user is no guest's: unauthorized, not forbidden
        JWTClaimsSet user = new JWTClaimsSet.Builder(guestClaims(UUID.randomUUID(), Instant.now().minusSeconds(3600), Instant.now().minusSeconds(60)))
                .claim("groups", List.of("user")).build();
        as(sign(user)).post("/api/auth/guest/renew").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aGuestIdentityEndsAtItsMaximumAge() throws Exception {
        Instant now = Instant.now();
        // began 11 h 50 min ago: the renewal may only run to the 12 h limit
        String nearTheEnd = guestToken(now.minus(Duration.ofHours(11).plusMinutes(50)), now.plusSeconds(600));
        Response shorter = as(nearTheEnd).post("/api/auth/guest/renew");
        shorter.then().statusCode(200);
        int expiresIn = shorter.path("expiresIn");
        assertTrue(expiresIn > 500 && expiresIn <= 600, "capped at the identity's 12 h: " + expiresIn);

        String atTheEnd = guestToken(now.minus(Duration.ofHours(12)).plusSeconds(30), now.plusSeconds(600));
        as(atTheEnd).post("/api/auth/guest/renew").then().statusCode(403).body("code", equalTo("guest_expired"));
    }

    /** A guest token signed with the service's own key, whose identity began at {@code since}. */
    private String guestToken(Instant since, Instant expiry) throws Exception {
        return sign(guestClaims(UUID.randomUUID(), since, expiry));
    }

    private static JWTClaimsSet guestClaims(UUID id, Instant since, Instant expiry) {
        return new JWTClaimsSet.Builder().issuer("convene-auth").subject(id.toString())
                .claim("name", "Old Guest").claim("groups", List.of("guest")).claim("gsince", since.getEpochSecond())
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(expiry.minusSeconds(7200)))
                .expirationTime(Date.from(expiry)).build();
    }

    /** Signed with the service's own key, under the key id its tokens carry. */
    private String sign(JWTClaimsSet claims) throws Exception {
        String kid = Jose.kidOf(client().body(Map.of("displayName", "Kid")).post("/api/auth/guest").path("accessToken"));
        return Jose.sign(claims, RsaPem.privateKey(Files.readString(Path.of(signingKeyFile))), kid);
    }
}
