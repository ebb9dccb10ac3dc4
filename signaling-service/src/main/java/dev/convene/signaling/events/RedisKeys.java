package dev.convene.signaling.events;

import dev.convene.signaling.config.EventsConfig;
import dev.convene.common.redis.SharedKeys;
import jakarta.inject.Singleton;

/**
 * The Redis keys and channels this service uses (docs/events.md, docs/signaling-protocol.md):
 * the shared ones ({@link SharedKeys}) and its own.
 */
@Singleton // a value: no client proxy (its superclass has no no-args constructor)
public class RedisKeys extends SharedKeys {

    RedisKeys(EventsConfig config) {
        super(config.prefix());
    }

    /** High-rate relay addressed to one replica: only that replica decodes it. */
    public String replicaInbox(String replicaId) {
        return prefix() + ":signal:replica:" + replicaId;
    }

    /** The last room.settings-changed payload seen for a room (welcome of later joiners). */
    public String roomSettings(String room) {
        return prefix() + ":signaling-service:settings:" + room;
    }
}
