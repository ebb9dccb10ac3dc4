package dev.convene.room.support;

import static io.restassured.RestAssured.given;

import dev.convene.room.support.AccessTokens.TestUser;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Short REST calls for tests; every request goes through the real HTTP stack. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(TestUser user) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A room with a unique name; returns its slug. */
    public static String createRoom(TestUser owner, Map<String, Object> settings) {
        Map<String, Object> body = new HashMap<>(settings);
        body.putIfAbsent("name", "Room " + UUID.randomUUID());
        return as(owner).body(body).post("/api/rooms").then().statusCode(201).extract().path("slug");
    }

    public static String createRoom(TestUser owner) {
        return createRoom(owner, Map.of());
    }

    public static ValidatableResponse join(TestUser user, String slug) {
        return as(user).post("/api/rooms/{slug}/join", slug).then();
    }

    public static ValidatableResponse join(TestUser user, String slug, String passcode) {
        return as(user).body(Map.of("passcode", passcode)).post("/api/rooms/{slug}/join", slug).then();
    }

    public static String roomToken(TestUser user, String slug) {
        return join(user, slug).statusCode(200).extract().path("roomToken");
    }
}
