package dev.convene.auth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Calls to the running service as a browser would make them (through the local proxy, which
 * is a trusted proxy: each test client gets its own X-Forwarded-For address, so per-address
 * throttling never couples tests, runs or test classes).
 */
public final class Api {

    public static final String COOKIE = "convene_refresh";
    /** Satisfies the password policy and contains no generated username or email. */
    public static final String PASSWORD = "violet-Harbour-47-lantern";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Api() {
    }

    /** Unique per call: tests never collide with each other or with earlier runs. */
    public static String unique(String prefix) {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }

    /** A documentation-range IPv6 address (2001:db8::/32): never routed, unique per call. */
    public static String clientAddress() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        return "2001:db8:" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + "::" + hex.substring(8, 12);
    }

    /** An anonymous JSON client with its own client address. */
    public static RequestSpecification client() {
        return client(clientAddress());
    }

    public static RequestSpecification client(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification as(String accessToken) {
        return client().header("Authorization", "Bearer " + accessToken);
    }

    public static RequestSpecification withCookie(String refreshToken) {
        return client().cookie(COOKIE, refreshToken);
    }

    public static Response signup(String username, String email, String displayName, String password) {
        return client().body(Map.of("username", username, "email", email, "displayName", displayName,
                "password", password)).post("/api/auth/signup");
    }

    /** A fresh account, logged in by its signup. */
    public static Account newAccount() {
        String username = unique("user");
        String email = username + "@example.org";
        Response response = signup(username, email, "User " + username, PASSWORD);
        response.then().statusCode(201);
        return new Account(UUID.fromString(response.path("user.id")), username, email, PASSWORD,
                response.path("accessToken"), response.getCookie(COOKIE));
    }

    public static Response login(String login, String password) {
        return login(login, password, clientAddress());
    }

    public static Response login(String login, String password, String address) {
        return client(address).body(Map.of("login", login, "password", password)).post("/api/auth/login");
    }

    /** Logs in again: a second, independent session of the account. */
    public static Account loginAgain(Account account) {
        Response response = login(account.username(), account.password());
        response.then().statusCode(200);
        return account.withTokens(response.path("accessToken"), response.getCookie(COOKIE));
    }

    public static Response refresh(String refreshToken) {
        return withCookie(refreshToken).post("/api/auth/refresh");
    }
}
