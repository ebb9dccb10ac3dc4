package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.COOKIE;
import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.loginAgain;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static dev.convene.auth.support.Api.withCookie;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.convene.auth.support.Account;
import dev.convene.auth.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation, reuse detection, expiry and logout. */
@QuarkusTest
class SessionTest {

    @Inject
    TestData data;

    @Test
    void everyRefreshRotatesTheCookie() {
        Account account = newAccount();

        Response first = refresh(account.refreshToken());
        first.then().statusCode(200)
                .body("accessToken", notNullValue())
                .body("user.username", equalTo(account.username()))
                .header("Set-Cookie", containsString("HttpOnly"));
        String second = first.getCookie(COOKIE);
        assertNotNull(second);
        assertNotEquals(account.refreshToken(), second);

        Response next = refresh(second);
        next.then().statusCode(200);
        assertNotEquals(second, next.getCookie(COOKIE));
        as(next.path("accessToken")).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void aTokenPresentedAgainRightAfterItsRotationIsOnlySuperseded() {
        Account account = newAccount();
        String second = refresh(account.refreshToken()).getCookie(COOKIE);

        // two tabs refreshing at once: the loser is told to retry, nobody is logged out
        refresh(account.refreshToken()).then().statusCode(409).body("code", equalTo("refresh_token_superseded"));
        refresh(second).then().statusCode(200);
    }

    @Test
    void reuseOfARotatedTokenRevokesTheWholeSession() {
        Account account = newAccount();
        Account otherDevice = loginAgain(account);
        String second = refresh(account.refreshToken()).getCookie(COOKIE);
        data.backdateRotation(account.refreshToken(), Duration.ofMinutes(1));

        refresh(account.refreshToken()).then().statusCode(401)
                .body("code", equalTo("refresh_token_reused"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        // the thief's copy and the owner's newest token are both dead now
        refresh(second).then().statusCode(401).body("code", equalTo("refresh_token_invalid"));
        // only this session: the same user's other login is untouched
        refresh(otherDevice.refreshToken()).then().statusCode(200);
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        Account account = newAccount();
        data.expireRefreshToken(account.refreshToken());

        refresh(account.refreshToken()).then().statusCode(401).body("code", equalTo("refresh_token_expired"));
    }

    @Test
    void missingOrUnknownCookiesAreRefused() {
        client().post("/api/auth/refresh").then().statusCode(401).body("code", equalTo("refresh_token_missing"));
        refresh("not-a-token").then().statusCode(401).body("code", equalTo("refresh_token_invalid"));
        refresh("x".repeat(4000)).then().statusCode(401).body("code", equalTo("refresh_token_invalid"));
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        Account account = newAccount();

        withCookie(account.refreshToken()).post("/api/auth/logout")
                .then().statusCode(204)
                .header("Set-Cookie", containsString("convene_refresh=;"))
                .header("Set-Cookie", containsString("Max-Age=0"))
                .header("Set-Cookie", containsString("Path=/api/auth"));
        refresh(account.refreshToken()).then().statusCode(401).body("code", equalTo("refresh_token_invalid"));
        // idempotent, also without a cookie
        withCookie(account.refreshToken()).post("/api/auth/logout").then().statusCode(204);
        client().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void logoutEverywhereEndsEverySessionOfTheUser() {
        Account account = newAccount();
        Account otherDevice = loginAgain(account);

        as(account.accessToken()).post("/api/auth/logout-all").then().statusCode(204);

        refresh(account.refreshToken()).then().statusCode(401);
        refresh(otherDevice.refreshToken()).then().statusCode(401);
    }

    @Test
    void logoutEverywhereNeedsAnAccessToken() {
        client().post("/api/auth/logout-all").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("unauthorized"));
    }
}
