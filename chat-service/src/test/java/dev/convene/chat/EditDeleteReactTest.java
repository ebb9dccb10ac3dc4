package dev.convene.chat;

import static dev.convene.chat.support.Chat.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edit and delete rules (own, other, host) and reactions. */
@QuarkusTest
class EditDeleteReactTest {

    static final String PATH = "/api/chat/rooms/{room}/messages/{id}";

    String room;
    String alice;
    String bob;
    String host;

    @BeforeEach
    void room() {
        room = Rooms.fresh();
        alice = Tokens.participant(room, Tokens.user());
        bob = Tokens.participant(room, Tokens.user());
        host = Tokens.host(room, Tokens.user());
    }

    Response edit(String token, String id, String text) {
        return as(token).contentType(ContentType.JSON).body(new JsonObject().put("text", text).encode()).patch(PATH, room, id);
    }

    @Test
    void onlyTheAuthorEdits() {
        String id = Chat.sendNew(alice, room, "helo");
        edit(alice, id, "hello ✨").then().statusCode(200)
                .body("text", equalTo("hello ✨")).body("editedAt", notNullValue()).body("seq", equalTo(1));
        edit(bob, id, "hijacked").then().statusCode(403).body("code", equalTo("not_author"));
        edit(host, id, "hosts cannot edit").then().statusCode(403).body("code", equalTo("not_author"));
        edit(alice, id, "bad\u0007").then().statusCode(400).body("code", equalTo("validation_failed"));
        edit(alice, "00000000-0000-0000-0000-000000000000", "x").then().statusCode(404)
                .body("code", equalTo("message_not_found"));
        edit(alice, "not-a-uuid", "x").then().statusCode(404);
        Chat.history(bob, room, "").then().body("messages[0].text", equalTo("hello ✨"));
    }

    @Test
    void authorsDeleteTheirOwnHostsDeleteAnyParticipantsNotOthers() {
        String byAlice = Chat.sendNew(alice, room, "alice's");
        String byBob = Chat.sendNew(bob, room, "bob's");

        as(bob).delete(PATH, room, byAlice).then().statusCode(403).body("code", equalTo("not_author"));
        as(alice).delete(PATH, room, byAlice).then().statusCode(200)
                .body("deleted", equalTo(true)).body("text", nullValue()).body("seq", equalTo(1));
        as(alice).delete(PATH, room, byAlice).then().statusCode(200).body("deleted", equalTo(true)); // repeat: no-op
        as(host).delete(PATH, room, byBob).then().statusCode(200).body("deleted", equalTo(true));

        Chat.history(alice, room, "").then().statusCode(200)
                .body("messages.deleted", contains(true, true)).body("messages.text", contains(null, null));
        edit(alice, byAlice, "revive").then().statusCode(409).body("code", equalTo("message_deleted"));
        // a host's token of another room gives no rights here
        as(Tokens.host(Rooms.fresh(), Tokens.user())).delete(PATH, room, byBob).then().statusCode(403)
                .body("code", equalTo("wrong_room"));
    }

    @Test
    void reactionsOnePerUserPerEmojiWithCountsAndMine() {
        String id = Chat.sendNew(alice, room, "react to me");
        String thumbs = "👍";
        String family = "👩‍👩‍👧"; // a ZWJ sequence is one emoji
        as(alice).put(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(200)
                .body("reactions.emoji", contains(thumbs)).body("reactions[0].count", equalTo(1))
                .body("reactions[0].mine", equalTo(true));
        as(alice).put(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(200)
                .body("reactions[0].count", equalTo(1)); // once per user
        as(bob).put(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(200);
        as(bob).put(PATH + "/reactions/{emoji}", room, id, family).then().statusCode(200);

        Chat.history(alice, room, "").then()
                .body("messages[0].reactions.emoji", contains(thumbs, family))
                .body("messages[0].reactions.count", contains(2, 1))
                .body("messages[0].reactions.mine", contains(true, false));

        as(alice).delete(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(200)
                .body("reactions.count", contains(1, 1)).body("reactions.mine", contains(false, false));
        as(alice).delete(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(200); // absent: no-op

        for (String bad : List.of("a", "👍👍", "hello", "\u200D", "👍\u0007", "🇫", "😀".repeat(9))) {
            as(alice).put(PATH + "/reactions/{emoji}", room, id, bad).then().statusCode(400)
                    .body("code", equalTo("validation_failed"));
        }
        as(Tokens.room(room, Tokens.user(), "participant", List.of("publish")).sign())
                .put(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(403)
                .body("code", equalTo("missing_grant"));
        as(alice).delete(PATH, room, id).then().statusCode(200).body("reactions.size()", equalTo(0));
        as(bob).put(PATH + "/reactions/{emoji}", room, id, thumbs).then().statusCode(409)
                .body("code", equalTo("message_deleted"));
    }
}
