package dev.convene.room.config;

import dev.convene.common.redis.SharedKeys;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * The Redis keys and channels room-service touches: the shared ones ({@link SharedKeys}, the
 * contract in docs/events.md) and its own.
 */
@Singleton // a value: no client proxy (its superclass has no no-args constructor)
public class RedisKeys extends SharedKeys {

    @Inject
    public RedisKeys(RoomServiceConfig config) {
        super(config.events().prefix());
    }

    /** failed passcode attempts for one user in one room */
    public String passcodeFailuresOfUser(String slug, String userId) {
        return prefix() + ":room-service:passcode-failures:" + slug + ":" + userId;
    }

    /** failed passcode attempts for one room, all users */
    public String passcodeFailuresOfRoom(String slug) {
        return prefix() + ":room-service:passcode-failures:" + slug;
    }
}
