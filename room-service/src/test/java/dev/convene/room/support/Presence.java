package dev.convene.room.support;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Writes presence exactly as docs/events.md says signaling-service does, so tests can put
 * people "in" a room. Cleans up what it wrote.
 */
public final class Presence implements AutoCloseable {

    private final RedisDataSource redis;
    private final String prefix;
    private final List<String> keys = new ArrayList<>();

    public Presence(RedisDataSource redis) {
        this.redis = redis;
        this.prefix = ConfigProvider.getConfig().getValue("convene.events.prefix", String.class);
    }

    /** A signaling replica that is alive (its key exists with a TTL). */
    public String liveReplica() {
        String replica = "replica-" + UUID.randomUUID();
        String key = prefix + ":replica:" + replica;
        redis.value(String.class).setex(key, 60, "{\"startedAt\":" + System.currentTimeMillis() + "}");
        keys.add(key);
        return replica;
    }

    /** A replica id whose key does not exist: crashed, its entries are stale. */
    public String deadReplica() {
        return "replica-" + UUID.randomUUID();
    }

    /** One connection of a user in a room; returns its participantId. */
    public String join(String slug, UUID userId, String name, String role, String replica) {
        String participantId = UUID.randomUUID().toString();
        JsonObject entry = new JsonObject()
                .put("participantId", participantId)
                .put("userId", userId.toString())
                .put("name", name)
                .put("role", role)
                .put("replica", replica)
                .put("joinedAt", System.currentTimeMillis());
        String key = prefix + ":presence:" + slug;
        redis.hash(String.class).hset(key, participantId, entry.encode());
        redis.set(String.class).sadd(prefix + ":rooms:active", slug);
        keys.add(key);
        return participantId;
    }

    public void leaveRoom(String slug) {
        redis.key().del(prefix + ":presence:" + slug);
        redis.set(String.class).srem(prefix + ":rooms:active", slug);
    }

    @Override
    public void close() {
        for (String key : keys) {
            if (key.startsWith(prefix + ":presence:")) {
                leaveRoom(key.substring((prefix + ":presence:").length()));
            } else {
                redis.key().del(key);
            }
        }
    }
}
