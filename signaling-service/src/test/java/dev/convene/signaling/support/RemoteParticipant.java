package dev.convene.signaling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A participant of {@code room} held by a replica that exists only in Redis (its replica key and
 * the participant's presence entry, prefix {@code convene-test}), with that replica's inbox
 * channel subscribed: what the replica under test relays to it can be read as envelopes. Close it
 * to unsubscribe and remove the keys.
 */
public final class RemoteParticipant implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final String room;
    public final String replica = "sig-test" + Rooms.user().substring(0, 8);
    public final String participantId = Rooms.user();
    private final RedisDataSource redis;
    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final PubSubCommands.RedisSubscriber subscriber;

    public RemoteParticipant(RedisDataSource redis, String room) {
        this.redis = redis;
        this.room = room;
        redis.value(String.class).setex("convene-test:replica:" + replica, 30, "{}");
        redis.hash(String.class).hset(presenceKey(), participantId, JSON.createObjectNode()
                .put("participantId", participantId).put("userId", Rooms.user()).put("name", "Remote")
                .put("role", "participant").put("replica", replica).put("joinedAt", 1L).toString());
        subscriber = redis.pubsub(String.class).subscribe(inboxChannel(replica), inbox::add);
    }

    /** The replica inbox channel of {@code replicaId} (to send relay to a replica as another one would). */
    public static String inboxChannel(String replicaId) {
        return "convene-test:signal:replica:" + replicaId;
    }

    public String presenceKey() {
        return "convene-test:presence:" + room;
    }

    /** The next envelope relayed to the remote replica, or null after 5 s. */
    public JsonNode nextEnvelope() throws InterruptedException, IOException {
        String message = inbox.poll(5, TimeUnit.SECONDS);
        return message == null ? null : JSON.readTree(message);
    }

    @Override
    public void close() {
        subscriber.unsubscribe();
        redis.key().del("convene-test:replica:" + replica, presenceKey());
    }
}
