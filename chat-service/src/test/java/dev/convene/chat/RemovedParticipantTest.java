package dev.convene.chat;

import static dev.convene.chat.support.Chat.history;
import static dev.convene.chat.support.Chat.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.chat.events.RoomEventSubscriber;
import dev.convene.chat.support.RedisPublish;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * room-service's {@code participant.removed} (published on the real Redis, as room-service does)
 * ends a removed user's chat access at once instead of at their room token's expiry.
 */
@QuarkusTest
class RemovedParticipantTest {

    @Inject
    RoomEventSubscriber subscriber;

    private static String removal(String room, String userId, long atMillis) {
        return new JsonObject().put("type", "participant.removed").put("room", room).put("sender", "host-user")
                .put("target", userId).put("id", UUID.randomUUID().toString()).put("timestamp", atMillis)
                .put("payload", new JsonObject().put("userId", userId).put("reason", "removed_by_host").put("by", "host-user"))
                .encode();
    }

    private static String participant(String room, String userId, long issuedSecondsAgo) {
        return Tokens.room(room, userId, "participant", Tokens.PARTICIPANT_GRANTS).issuedSecondsAgo(issuedSecondsAgo).sign();
    }

    @Test
    void aRemovedParticipantsTokensStopWorkingAtOnceAndNobodyElses() {
        await("chat-service subscribed to the room channels").atMost(Duration.ofSeconds(10)).until(subscriber::isReady);
        String room = Rooms.fresh();
        String bob = Tokens.user();
        String bobsToken = participant(room, bob, 60);
        String alicesToken = participant(room, Tokens.user(), 60);
        String otherRoom = Rooms.fresh();
        String bobInAnotherRoom = participant(otherRoom, bob, 60);
        send(bobsToken, room, UUID.randomUUID().toString(), "before").then().statusCode(201); // now a cached token

        // Noise first: none of it may break the subscriber or remove anyone.
        String channel = "convene-test:room:" + room;
        RedisPublish.publish(channel, "participant.removed{not json");
        RedisPublish.publish(channel, removal(Rooms.fresh(), bob, System.currentTimeMillis())); // names another room
        RedisPublish.publish(channel, new JsonObject().put("type", "participant.removed").put("room", room).encode()); // no target
        long removedAt = System.currentTimeMillis() - 30_000; // after bob's tokens were issued
        assertTrue(RedisPublish.publish(channel, removal(room, bob, removedAt)) >= 1, "someone is subscribed");

        await("bob's send refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> send(bobsToken, room, UUID.randomUUID().toString(), "after").statusCode() == 403);
        send(bobsToken, room, UUID.randomUUID().toString(), "after").then().statusCode(403)
                .body("code", equalTo("removed_from_meeting"));
        history(bobsToken, room, "").then().statusCode(403).body("code", equalTo("removed_from_meeting"));

        send(alicesToken, room, UUID.randomUUID().toString(), "still here").then().statusCode(201);
        history(bobInAnotherRoom, otherRoom, "").then().statusCode(200); // removed from one meeting only
        // A token issued after the removal (a later meeting of the room: room-service refuses him in this one).
        send(participant(room, bob, 0), room, UUID.randomUUID().toString(), "next meeting").then().statusCode(201);
        List<String> texts = history(alicesToken, room, "").then().statusCode(200).extract().path("messages.text");
        assertTrue(texts.containsAll(List.of("before", "still here", "next meeting")) && !texts.contains("after"), texts.toString());
    }
}
