package dev.convene.chat;

import static dev.convene.chat.support.Chat.history;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** History pages in both directions and catch-up after a seq. */
@QuarkusTest
class HistoryTest {

    String room;
    String token;

    @BeforeEach
    void tenMessages() {
        room = Rooms.fresh();
        token = Tokens.participant(room, Tokens.user());
        for (int i = 1; i <= 10; i++) {
            Chat.sendNew(token, room, "m" + i);
        }
    }

    @Test
    void theDefaultPageIsTheNewestOldestFirst() {
        history(token, room, "limit=3").then().statusCode(200)
                .body("messages.seq", contains(8, 9, 10))
                .body("messages.text", contains("m8", "m9", "m10"))
                .body("lastSeq", equalTo(10))
                .body("hasMore", equalTo(true));
        history(token, room, "").then().statusCode(200)
                .body("messages.size()", equalTo(10)).body("hasMore", equalTo(false));
    }

    @Test
    void pagingBackwardsWithBefore() {
        history(token, room, "before=8&limit=3").then().statusCode(200)
                .body("messages.seq", contains(5, 6, 7)).body("hasMore", equalTo(true));
        history(token, room, "before=3&limit=3").then().statusCode(200)
                .body("messages.seq", contains(1, 2)).body("hasMore", equalTo(false));
    }

    @Test
    void pagingForwardsWithAfter() {
        history(token, room, "after=0&limit=4").then().statusCode(200)
                .body("messages.seq", contains(1, 2, 3, 4)).body("hasMore", equalTo(true));
        history(token, room, "after=8&limit=4").then().statusCode(200)
                .body("messages.seq", contains(9, 10)).body("hasMore", equalTo(false));
    }

    @Test
    void catchUpReturnsExactlyWhatWasMissedIncludingTombstones() {
        // a client saw up to seq 10, then was away while two messages came and one was deleted
        String eleven = Chat.sendNew(token, room, "m11");
        Chat.sendNew(token, room, "m12");
        Chat.as(token).delete("/api/chat/rooms/{room}/messages/{id}", room, eleven).then().statusCode(200);

        history(token, room, "after=10").then().statusCode(200)
                .body("messages.seq", contains(11, 12))
                .body("messages[0].deleted", equalTo(true))
                .body("messages[0].text", equalTo(null))
                .body("messages[1].text", equalTo("m12"))
                .body("lastSeq", equalTo(12));
        history(token, room, "after=12").then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void badParametersAreValidationErrors() {
        history(token, room, "limit=201").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("fields.limit", notNullValue());
        history(token, room, "limit=0").then().statusCode(400);
        history(token, room, "limit=200").then().statusCode(200);
        history(token, room, "limit=abc").then().statusCode(400).body("fields.limit", notNullValue());
        history(token, room, "after=1&before=5").then().statusCode(400);
        history(token, room, "after=-1").then().statusCode(400);
        history(token, room, "before=x").then().statusCode(400).body("fields.before", notNullValue());
        history(Tokens.participant(Rooms.fresh(), Tokens.user()), room, "").then().statusCode(403)
                .body("code", equalTo("wrong_room"));
    }
}
