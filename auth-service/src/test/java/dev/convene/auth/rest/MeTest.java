package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.COOKIE;
import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.loginAgain;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.convene.auth.security.RsaPem;
import dev.convene.auth.support.Account;
import dev.convene.auth.support.Jose;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeTest {

    @ConfigProperty(name = "convene.auth.jwt.private-key-location")
    String signingKeyFile;

    @Test
    void returnsTheSignedInUser() {
        Account account = newAccount();

        as(account.accessToken()).get("/api/auth/me").then().statusCode(200)
                .body("id", equalTo(account.id().toString()))
                .body("username", equalTo(account.username()))
                .body("email", equalTo(account.email()))
                .body("displayName", equalTo("User " + account.username()))
                .body("groups", equalTo(List.of("user")))
                .body("createdAt", notNullValue());
    }

    @Test
    void needsAValidAccessToken() throws Exception {
        Account account = newAccount();
        client().get("/api/auth/me").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
        as("not-a-jwt").get("/api/auth/me").then().statusCode(401).body("code", equalTo("unauthorized"));

        // another subject in the payload, the original signature
        String[] parts = account.accessToken().split("\\.");
        String otherUser = newAccount().id().toString();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"sub\":\"" + otherUser + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        as(tampered).get("/api/auth/me").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void refusesTokensFromOtherKeysAndExpiredOnes() throws Exception {
        Account account = newAccount();
        String kid = Jose.kidOf(account.accessToken());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey foreignKey = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        RSAPrivateKey ourKey = RsaPem.privateKey(Files.readString(Path.of(signingKeyFile)));

        String forged = Jose.sign(claims(account, Instant.now().plusSeconds(600)), foreignKey, kid);
        as(forged).get("/api/auth/me").then().statusCode(401).body("code", equalTo("unauthorized"));

        // signed by the real key but 2 minutes past expiry (beyond the 60 s clock-skew allowance)
        String expired = Jose.sign(claims(account, Instant.now().minusSeconds(120)), ourKey, kid);
        as(expired).get("/api/auth/me").then().statusCode(401).body("code", equalTo("unauthorized"));

        // the same, still valid: proves the two refusals above are about key and expiry
        String valid = Jose.sign(claims(account, Instant.now().plusSeconds(600)), ourKey, kid);
        as(valid).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void updatesTheDisplayName() {
        Account account = newAccount();

        as(account.accessToken()).body(Map.of("displayName", "  New Name  ")).patch("/api/auth/me")
                .then().statusCode(200).body("displayName", equalTo("New Name"));
        as(account.accessToken()).get("/api/auth/me").then().body("displayName", equalTo("New Name"));

        String refreshed = refresh(account.refreshToken()).path("accessToken");
        assertEquals("New Name", claimsOf(refreshed).getClaim("name"));
    }

    @Test
    void refusesInvalidDisplayNames() {
        Account account = newAccount();
        for (String bad : List.of("", "   ", "x".repeat(65), "tab\there", "nul\u0000")) {
            as(account.accessToken()).body(Map.of("displayName", bad)).patch("/api/auth/me")
                    .then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("fields", hasKey("displayName"));
        }
        as(account.accessToken()).body("{}").patch("/api/auth/me").then().statusCode(400);
        as(account.accessToken()).body("{\"displayName\": [").patch("/api/auth/me")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        client().body(Map.of("displayName", "Anyone")).patch("/api/auth/me").then().statusCode(401);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsOnly() {
        Account account = newAccount();
        Account otherDevice = loginAgain(account);
        String newPassword = "amber-Cascade-93-meadow";

        as(account.accessToken()).body(Map.of("currentPassword", PASSWORD, "newPassword", newPassword))
                .post("/api/auth/me/password").then().statusCode(204);

        refresh(otherDevice.refreshToken()).then().statusCode(401);
        refresh(account.refreshToken()).then().statusCode(200).cookie(COOKIE);
        login(account.username(), PASSWORD).then().statusCode(401);
        login(account.username(), newPassword).then().statusCode(200);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndAGoodNewOne() {
        Account account = newAccount();

        as(account.accessToken()).body(Map.of("currentPassword", "wrong-password-1", "newPassword", "amber-Cascade-93-meadow"))
                .post("/api/auth/me/password")
                .then().statusCode(400).body("code", equalTo("current_password_incorrect"));
        as(account.accessToken()).body(Map.of("currentPassword", PASSWORD, "newPassword", "1234567890"))
                .post("/api/auth/me/password")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey("newPassword"));
        as(account.accessToken()).body(Map.of("currentPassword", PASSWORD, "newPassword", account.username() + "-x1"))
                .post("/api/auth/me/password")
                .then().statusCode(400).body("fields", hasKey("newPassword"));
        as(account.accessToken()).body(Map.of("newPassword", "amber-Cascade-93-meadow"))
                .post("/api/auth/me/password")
                .then().statusCode(400).body("fields", hasKey("currentPassword"));
        login(account.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedLogins() {
        Account account = newAccount();
        for (int i = 0; i < 5; i++) {
            as(account.accessToken()).body(Map.of("currentPassword", "wrong-password-" + i, "newPassword", "amber-Cascade-93-meadow"))
                    .post("/api/auth/me/password").then().statusCode(400);
        }
        as(account.accessToken()).body(Map.of("currentPassword", PASSWORD, "newPassword", "amber-Cascade-93-meadow"))
                .post("/api/auth/me/password").then().statusCode(429).header("Retry-After", notNullValue());
    }

    private static JWTClaimsSet claims(Account account, Instant expiry) {
        return new JWTClaimsSet.Builder()
                .issuer("convene-auth")
                .subject(account.id().toString())
                .claim("upn", account.username())
                .claim("name", "Forged")
                .claim("groups", List.of("user", "admin"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(expiry.minusSeconds(900)))
                .expirationTime(Date.from(expiry))
                .build();
    }

    private static JWTClaimsSet claimsOf(String token) {
        try {
            return Jose.verify(token);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
