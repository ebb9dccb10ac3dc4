package dev.convene.chat;

import static dev.convene.chat.support.Chat.send;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.OutageProfile;
import dev.convene.chat.support.RedisSubscriber;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.TcpProxy;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Outages of the data stores, simulated with proxies (the machine's shared PostgreSQL and
 * Redis stay up): Redis down → sends succeed and are announced once it is back; PostgreSQL
 * down → 503 with Retry-After, and the client's retry with the same id stores the message once.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class OutageTest {

    @Test
    void redisDownThenBackAndPostgresDownThenBack() {
        String room = Rooms.fresh();
        String token = Tokens.participant(room, Tokens.user());
        try (RedisSubscriber events = RedisSubscriber.room(room)) {
            // Redis (as the app sees it) is down from the start: sends are still persisted
            for (int i = 1; i <= 3; i++) {
                send(token, room, UUID.randomUUID().toString(), "during redis outage " + i).then().statusCode(201)
                        .body("seq", equalTo(i));
            }
            events.assertQuiet(Duration.ofMillis(1500));
            Chat.history(token, room, "after=0").then().body("messages.seq", contains(1, 2, 3));

            TcpProxy.switchOn(OutageProfile.REDIS);
            List<JsonObject> announced = events.next(3, Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                assertEquals("chat.message.created", announced.get(i).getString("type"));
                assertEquals(i + 1, announced.get(i).getJsonObject("payload").getJsonObject("message").getInteger("seq"));
            }
            events.assertQuiet(Duration.ofMillis(500)); // once each

            postgresDownThenBack(room, token, events);
        }
    }

    private void postgresDownThenBack(String room, String token, RedisSubscriber events) {
        String clientId = UUID.randomUUID().toString();
        TcpProxy.cutOff(OutageProfile.POSTGRES);
        try {
            send(token, room, clientId, "during postgres outage").then().statusCode(503)
                    .header("Retry-After", "2").body("code", equalTo("service_unavailable"));
            Chat.history(token, room, "").then().statusCode(503).body("code", equalTo("service_unavailable"));
        } finally {
            TcpProxy.switchOn(OutageProfile.POSTGRES);
        }
        // the client retries with the same id until it is accepted: stored once, no seq lost.
        // 201 (the outage send was not stored) or 200 (its COMMIT reached PostgreSQL just before
        // the connection was cut, so the 503 was an ambiguous failure): either way one message.
        int status = 503;
        for (int attempt = 0; attempt < 20 && status == 503; attempt++) {
            status = send(token, room, clientId, "during postgres outage").statusCode();
        }
        org.hamcrest.MatcherAssert.assertThat(status, org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        send(token, room, clientId, "during postgres outage").then().statusCode(200).body("seq", equalTo(4));
        Chat.history(token, room, "after=0").then().body("messages.seq", contains(1, 2, 3, 4));
        // the publisher lost its connections too, and recovered
        JsonObject fourth = events.next(Duration.ofSeconds(10));
        assertEquals(4, fourth.getJsonObject("payload").getJsonObject("message").getInteger("seq"));
    }
}
