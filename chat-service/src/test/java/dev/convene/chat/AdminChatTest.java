package dev.convene.chat;

import static dev.convene.chat.support.Chat.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.chat.service.ModerationService;
import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Moderation API for administrators: delete, purge, retention. */
@QuarkusTest
class AdminChatTest {

    @Inject
    ModerationService moderation;
    @Inject
    AgroalDataSource dataSource;

    final String admin = Tokens.access(Tokens.user(), Set.of("user", "admin"));

    @AfterEach
    void keepEverything() {
        moderation.setRetention(0); // other tests' data must not expire
    }

    @Test
    void onlyAdminAccessTokensAreAccepted() {
        String room = Rooms.fresh();
        as(Tokens.access(Tokens.user(), Set.of("user"))).post("/api/admin/chat/rooms/{room}/purge", room)
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(Tokens.host(room, Tokens.user())).post("/api/admin/chat/rooms/{room}/purge", room)
                .then().statusCode(401).body("code", equalTo("unauthorized"));
        io.restassured.RestAssured.given().get("/api/admin/chat/retention").then().statusCode(401);
    }

    @Test
    void adminsDeleteAnyMessageAndPurgeRooms() {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        String id = Chat.sendNew(token, room, "rude");
        Chat.sendNew(token, room, "fine");
        as(token).header("X-File-Name", "a.txt").body("file".getBytes()).post("/api/chat/rooms/{room}/files", room)
                .then().statusCode(201);

        as(admin).delete("/api/admin/chat/rooms/{room}/messages/{id}", room, id).then().statusCode(200)
                .body("deleted", equalTo(true)).body("text", equalTo(null));
        as(admin).delete("/api/admin/chat/rooms/{room}/messages/{id}", room, UUID.randomUUID().toString())
                .then().statusCode(404);
        Chat.history(token, room, "").then().body("messages.deleted", contains(true, false, false));

        as(admin).post("/api/admin/chat/rooms/{room}/purge", room).then().statusCode(200)
                .body("messagesDeleted", equalTo(3)).body("filesDeleted", equalTo(1));
        Chat.history(token, room, "").then().body("messages.size()", equalTo(0)).body("lastSeq", equalTo(3));
        // the sequence continues, so clients' "after" positions stay meaningful
        Chat.send(token, room, UUID.randomUUID().toString(), "after purge").then().statusCode(201).body("seq", equalTo(4));
    }

    @Test
    void retentionDeletesOlderMessagesAndTheirFiles() throws Exception {
        as(admin).get("/api/admin/chat/retention").then().statusCode(200).body("days", equalTo(0));
        as(admin).contentType(ContentType.JSON).body("{\"days\":-1}").put("/api/admin/chat/retention").then().statusCode(400);
        as(admin).contentType(ContentType.JSON).body("{\"days\":30}").put("/api/admin/chat/retention")
                .then().statusCode(200).body("days", equalTo(30));
        as(admin).get("/api/admin/chat/retention").then().body("days", equalTo(30));

        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        String old = Chat.sendNew(token, room, "from long ago");
        String oldFile = as(token).header("X-File-Name", "old.txt").body("old".getBytes())
                .post("/api/chat/rooms/{room}/files", room).then().statusCode(201).extract().path("attachment.fileId");
        Chat.sendNew(token, room, "recent");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE chat_messages SET created_at = now() - interval '31 days' WHERE room = ? AND seq <= 2")) {
            ps.setString(1, room);
            assertEquals(2, ps.executeUpdate());
        }

        moderation.applyRetention(); // what the scheduled job runs

        Chat.history(token, room, "").then().body("messages.text", contains("recent"));
        as(token).get("/api/chat/files/{id}", oldFile).then().statusCode(404);
        as(token).delete("/api/chat/rooms/{room}/messages/{id}", room, old).then().statusCode(404);
    }
}
