package dev.convene.chat;

import static dev.convene.chat.support.Chat.as;
import static dev.convene.chat.support.Chat.send;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sending: idempotency by client id, dense per-room sequence under concurrency, text rules. */
@QuarkusTest
class SendMessageTest {

    @Test
    void aRetryReturnsTheSameMessageAndADifferentBodyConflicts() {
        String room = Rooms.fresh();
        String user = Tokens.user();
        String token = Tokens.participant(room, user);
        String clientId = UUID.randomUUID().toString();

        Response first = send(token, room, clientId, "Hello 👋 world");
        first.then().statusCode(201)
                .body("clientId", equalTo(clientId))
                .body("seq", equalTo(1))
                .body("sender.id", equalTo(user))
                .body("sender.name", notNullValue())
                .body("text", equalTo("Hello 👋 world"))
                .body("deleted", equalTo(false))
                .body("editedAt", nullValue())
                .body("attachment", nullValue())
                .body("reactions.size()", equalTo(0));

        send(token, room, clientId, "Hello 👋 world").then().statusCode(200)
                .body("id", equalTo(first.path("id")))
                .body("seq", equalTo(1))
                .body("createdAt", equalTo(first.path("createdAt")));

        send(token, room, clientId, "something else").then().statusCode(409).body("code", equalTo("client_id_conflict"));

        // another sender may use the same client id: ids are per sender
        send(Tokens.participant(room, Tokens.user()), room, clientId, "mine").then().statusCode(201).body("seq", equalTo(2));
        // the conflict and the retry took no seq: the next message is 3
        send(token, room, UUID.randomUUID().toString(), "next").then().statusCode(201).body("seq", equalTo(3));
        Chat.history(token, room, "").then().statusCode(200).body("messages.size()", equalTo(3));
    }

    @Test
    void fiftyConcurrentRetriesOfOneClientIdStoreExactlyOneMessage() throws Exception {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        String clientId = "retry-" + UUID.randomUUID();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> sendRetrying(token, room, clientId, "only once"));
        }
        List<Response> responses = runConcurrently(calls);

        for (Response response : responses) {
            assertThat(response.statusCode(), anyOf(equalTo(200), equalTo(201)));
        }
        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 201).count());
        assertEquals(1, responses.stream().map(r -> (String) r.path("id")).distinct().count());
        Chat.history(token, room, "").then().statusCode(200)
                .body("messages.size()", equalTo(1)).body("messages[0].seq", equalTo(1)).body("lastSeq", equalTo(1));
    }

    @Test
    void aHundredConcurrentSendersGetTheSeqs1To100WithoutGapsOrDuplicates() throws Exception {
        String room = Rooms.fresh();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String token = Tokens.participant(room, Tokens.user());
            int n = i;
            String clientId = UUID.randomUUID().toString();
            calls.add(() -> sendRetrying(token, room, clientId, "message " + n));
        }
        List<Response> responses = runConcurrently(calls);

        Set<Integer> seqs = new HashSet<>();
        List<Integer> expected = new ArrayList<>();
        for (Response response : responses) {
            assertEquals(201, response.statusCode());
            seqs.add(response.path("seq"));
            expected.add(expected.size() + 1);
        }
        assertEquals(new HashSet<>(expected), seqs, "every seq from 1 to 100 exactly once");
        List<Integer> stored = Chat.history(Tokens.participant(room, Tokens.user()), room, "after=0&limit=200")
                .then().statusCode(200).extract().path("messages.seq");
        assertEquals(expected, stored, "history lists them in seq order");
    }

    @Test
    void textRules() {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        String emoji4000 = "😀".repeat(4000); // 4,000 code points, 8,000 UTF-16 units
        send(token, room, UUID.randomUUID().toString(), emoji4000).then().statusCode(201).body("text", equalTo(emoji4000));
        send(token, room, UUID.randomUUID().toString(), "a".repeat(4001)).then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("fields.text", notNullValue());
        send(token, room, UUID.randomUUID().toString(), "line one\n\tline two").then().statusCode(201);
        for (String bad : List.of("", "   ", "bell\u0007", "nul\u0000", "cr\r\n", "c1\u0085", "del\u007f")) {
            send(token, room, UUID.randomUUID().toString(), bad).then().statusCode(400)
                    .body("code", equalTo("validation_failed"));
        }
        // a lone surrogate (valid JSON, not valid Unicode) is refused, not a 500 from the database
        as(token).contentType(ContentType.JSON).body("{\"text\":\"broken \\ud800 pair\"}")
                .put("/api/chat/rooms/{room}/messages/{id}", room, UUID.randomUUID().toString())
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        as(token).contentType(ContentType.JSON).body("{\"text\":")
                .put("/api/chat/rooms/{room}/messages/{id}", room, UUID.randomUUID().toString())
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(token).contentType(ContentType.JSON)
                .put("/api/chat/rooms/{room}/messages/{id}", room, UUID.randomUUID().toString())
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        for (String badId : List.of("short", "has space here", "x".repeat(65), "semi;colon1")) {
            send(token, room, badId, "hi").then().statusCode(400).body("fields.clientId", notNullValue());
        }
        send(token, room, "client_id-ABC_123", "custom ids are fine").then().statusCode(201);
        // JSON bodies are capped well below the upload limit
        as(token).contentType(ContentType.JSON).body("{\"text\":\"" + "a".repeat(70_000) + "\"}")
                .put("/api/chat/rooms/{room}/messages/{id}", room, UUID.randomUUID().toString())
                .then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void onlyAValidRoomTokenForThisRoomWithTheChatGrantMaySend() {
        String room = Rooms.fresh();
        String user = Tokens.user();
        String id = UUID.randomUUID().toString();
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .put("/api/chat/rooms/{room}/messages/{id}", room, id)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
        send("not-a-jwt", room, id, "hi").then().statusCode(401).body("code", equalTo("unauthorized"));
        send(Tokens.room(room, user, "participant", Tokens.PARTICIPANT_GRANTS).expired().sign(), room, id, "hi")
                .then().statusCode(401);
        send(Tokens.room(room, user, "participant", Tokens.PARTICIPANT_GRANTS).signWithWrongKey(), room, id, "hi")
                .then().statusCode(401);
        send(Tokens.room(room, user, "participant", Tokens.PARTICIPANT_GRANTS).issuer("someone-else").sign(), room, id, "hi")
                .then().statusCode(401);
        send(Tokens.room(room, user, "participant", Tokens.PARTICIPANT_GRANTS).audience("another-service").sign(), room, id,
                "hi").then().statusCode(401);
        // an auth-service access token is not a room token
        send(Tokens.access(user, Set.of("user", "admin")), room, id, "hi").then().statusCode(401);
        send(Tokens.participant(Rooms.fresh(), user), room, id, "hi").then().statusCode(403).body("code", equalTo("wrong_room"));
        send(Tokens.room(room, user, "participant", List.of("publish")).sign(), room, id, "hi")
                .then().statusCode(403).body("code", equalTo("missing_grant"));
        Chat.history(Tokens.participant(room, user), room, "").then().statusCode(200).body("messages.size()", equalTo(0));
    }

    /**
     * What a client does: on 503 (storage saturated or down) retry with the same client id.
     * On this shared 2-core machine 100 simultaneous sends to one room can exceed the pool's
     * acquisition timeout; the retries must still produce each message exactly once.
     */
    static Response sendRetrying(String token, String room, String clientId, String text) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Response response = send(token, room, clientId, text);
            if (response.statusCode() != 503 || attempt == 10) {
                return response;
            }
            Thread.sleep(200L * attempt);
        }
    }

    static List<Response> runConcurrently(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }
}
