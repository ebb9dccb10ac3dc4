package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.clientAddress;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.auth.config.PasswordConfig;
import dev.convene.auth.service.PasswordHasher;
import dev.convene.auth.support.Account;
import dev.convene.auth.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Inject
    TestData data;

    @Test
    void logsInByUsernameOrEmailInAnyCase() {
        Account account = newAccount();

        login(account.username().toUpperCase(), PASSWORD).then().statusCode(200)
                .body("user.id", equalTo(account.id().toString()))
                .body("accessToken", notNullValue())
                .header("Set-Cookie", startsWith("convene_refresh="));
        login(" " + account.email().toUpperCase() + " ", PASSWORD).then().statusCode(200)
                .body("user.username", equalTo(account.username()));
    }

    @Test
    void unknownAccountAndWrongPasswordGetTheSameAnswer() {
        Account account = newAccount();

        Response wrongPassword = login(account.username(), "not-the-password-1");
        Response unknownUser = login(unique("nobody"), "not-the-password-1");
        Response unknownEmail = login(unique("nobody") + "@example.org", "not-the-password-1");

        wrongPassword.then().statusCode(401).body("code", equalTo("invalid_credentials"));
        assertEquals(wrongPassword.asString(), unknownUser.asString());
        assertEquals(wrongPassword.asString(), unknownEmail.asString());
        assertEquals(401, unknownUser.statusCode());
        assertEquals(401, unknownEmail.statusCode());
    }

    @Test
    void aDisabledAccountIsOnlyReportedAfterTheRightPassword() {
        Account account = newAccount();
        Account admin = data.newAdmin();
        as(admin.accessToken()).post("/api/admin/users/" + account.id() + "/disable")
                .then().statusCode(200);

        login(account.username(), "not-the-password-1").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        login(account.username(), PASSWORD).then().statusCode(403).body("code", equalTo("account_disabled"));
    }

    @Test
    void repeatedFailuresLockTheAccountForAWhile() {
        Account account = newAccount();
        for (int i = 0; i < 5; i++) {
            // from different addresses: the per-account limit holds whatever the address
            login(account.username(), "wrong-password-" + i).then().statusCode(401);
        }

        Response locked = login(account.username(), PASSWORD);
        locked.then().statusCode(429).body("code", equalTo("rate_limited"));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        login(account.email(), PASSWORD).then().statusCode(429);
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        Account account = newAccount();
        for (int i = 0; i < 4; i++) {
            login(account.username(), "wrong-password-" + i).then().statusCode(401);
        }
        login(account.username(), PASSWORD).then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            login(account.username(), "wrong-password-" + i).then().statusCode(401);
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottled() {
        String address = clientAddress();
        for (int i = 0; i < 20; i++) {
            login(unique("guess"), "wrong-password", address).then().statusCode(401);
        }
        Account account = newAccount();

        Response throttled = login(account.username(), PASSWORD, address);
        throttled.then().statusCode(429).body("code", equalTo("rate_limited"));
        assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
        login(account.username(), PASSWORD, clientAddress()).then().statusCode(200);
    }

    @Test
    void anOutdatedHashIsUpgradedAtLogin() {
        Account account = newAccount();
        PasswordHasher costlier = new PasswordHasher(new FixedCost(5));
        data.setPasswordHash(account.id(), costlier.hash(PASSWORD));
        assertTrue(data.passwordHashOf(account.id()).startsWith("$2a$05$"), data.passwordHashOf(account.id()));

        login(account.username(), PASSWORD).then().statusCode(200);

        assertTrue(data.passwordHashOf(account.id()).startsWith("$2a$04$"), "upgraded to the configured cost");
        login(account.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void missingOrOversizeFieldsAreValidationErrors() {
        client().body(Map.of("password", "x")).post("/api/auth/login")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey("login"));
        client().body(Map.of("login", "someone", "password", "x".repeat(1025))).post("/api/auth/login")
                .then().statusCode(400).body("fields", hasKey("password"));
        client().body("[1, 2]").post("/api/auth/login")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        client().body("{\"login\": ").post("/api/auth/login")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }

    /** A hasher configuration with another cost than the test profile's. */
    private record FixedCost(int bcryptCost) implements PasswordConfig {
        @Override
        public Duration resetTtl() {
            return Duration.ofMinutes(30);
        }
    }
}
