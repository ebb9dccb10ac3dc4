package dev.convene.chat.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** REST calls to chat-service as a room-token holder. */
public final class Chat {

    private Chat() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public static Response send(String token, String room, String clientId, String text) {
        return as(token).contentType(ContentType.JSON).body(new JsonObject().put("text", text).encode())
                .put("/api/chat/rooms/{room}/messages/{clientId}", room, clientId);
    }

    /** Sends a new message and returns its id. */
    public static String sendNew(String token, String room, String text) {
        return send(token, room, UUID.randomUUID().toString(), text).then().statusCode(201).extract().path("id");
    }

    public static Response history(String token, String room, String query) {
        return as(token).get("/api/chat/rooms/{room}/messages" + (query.isEmpty() ? "" : "?" + query), room);
    }
}
