package dev.convene.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The send endpoint has two stacks (docs/chat-service.md, "Send"): the lean route serves plain
 * sends, the RESTEasy resource every other shape (here: a chunked body, a trailing slash). Both
 * must store and answer alike.
 */
@QuarkusTest
class SendRouteTest {

    @TestHTTPResource("/")
    URL base;

    /** HTTP/1.1 as the bench and browsers behind the Ingress: a body of known length has a Content-Length */
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void bothStacksAnswerTheSameMessageForASendAndItsRetries() throws Exception {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        String clientId = UUID.randomUUID().toString();
        String body = new JsonObject().put("text", "same on both stacks 👋").encode();

        HttpResponse<String> lean = send(token, room, clientId, body, false, "");
        HttpResponse<String> chunked = send(token, room, clientId, body, true, "");
        HttpResponse<String> slash = send(token, room, clientId, body, false, "/");

        assertEquals(201, lean.statusCode());
        assertEquals(200, chunked.statusCode());
        assertEquals(200, slash.statusCode());
        assertEquals(lean.body(), chunked.body(), "the same message, byte for byte");
        assertEquals(lean.body(), slash.body());
        assertEquals(lean.headers().firstValue("Content-Type"), chunked.headers().firstValue("Content-Type"));

        String other = new JsonObject().put("text", "another text").encode();
        HttpResponse<String> conflictLean = send(token, room, clientId, other, false, "");
        HttpResponse<String> conflictChunked = send(token, room, clientId, other, true, "");
        assertEquals(409, conflictLean.statusCode());
        assertEquals(409, conflictChunked.statusCode());
        assertEquals(conflictLean.body(), conflictChunked.body());
        Chat.history(token, room, "").then().statusCode(200)
                .body("messages.size()", equalTo(1));
    }

    @Test
    void aChunkedSendIsStoredByTheResource() throws Exception {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        HttpResponse<String> response = send(token, room, UUID.randomUUID().toString(), "{\"text\":\"chunked\"}", true, "");
        assertEquals(201, response.statusCode());
        assertThat(response.body(), containsString("\"seq\":1"));
    }

    @Test
    void aRepeatedFieldIsAMalformedRequestNotAServerError() throws Exception {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        HttpResponse<String> response = send(token, room, UUID.randomUUID().toString(),
                "{\"text\":\"one\",\"text\":\"two\"}", false, "");
        assertEquals(400, response.statusCode());
        assertThat(response.body(), containsString("\"code\":\"malformed_request\""));
        Chat.history(token, room, "").then().statusCode(200).body("lastSeq", equalTo(0));
    }

    /** chunked: no Content-Length (a body of unknown length), which the lean route leaves to RESTEasy. */
    HttpResponse<String> send(String token, String room, String clientId, String json, boolean chunked, String suffix)
            throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/chat/rooms/" + room + "/messages/" + clientId + suffix))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(publisher).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
