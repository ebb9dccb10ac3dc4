package dev.convene.room.service;

import dev.convene.room.config.RedisKeys;
import dev.convene.room.config.RoomServiceConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Limits wrong passcodes per room and user and per room (all users together, against
 * guessing with many guest identities), in fixed windows kept in Redis so the limit holds
 * across replicas. Once a limit is reached every attempt is refused until the window ends,
 * even with the right passcode, or guessing could go on.
 */
@ApplicationScoped
public class PasscodeThrottle {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    RoomServiceConfig config;

    /** Throws {@link TooManyAttemptsException} if either limit is reached. */
    public void checkAllowed(String slug, UUID userId) {
        RoomServiceConfig.Passcode limits = config.passcode();
        refuseIfAtLimit(keys.passcodeFailuresOfUser(slug, userId.toString()), limits.maxFailuresPerUser());
        refuseIfAtLimit(keys.passcodeFailuresOfRoom(slug), limits.maxFailuresPerRoom());
    }

    public void recordFailure(String slug, UUID userId) {
        increment(keys.passcodeFailuresOfUser(slug, userId.toString()));
        increment(keys.passcodeFailuresOfRoom(slug));
    }

    /** A correct passcode clears the user's own count (not the room's). */
    public void recordSuccess(String slug, UUID userId) {
        redis.key().del(keys.passcodeFailuresOfUser(slug, userId.toString()));
    }

    private void refuseIfAtLimit(String key, int limit) {
        Long failures = redis.value(Long.class).get(key);
        if (failures != null && failures >= limit) {
            long ttl = redis.key().ttl(key);
            throw new TooManyAttemptsException(ttl > 0 ? ttl : config.passcode().window().toSeconds());
        }
    }

    // INCR, then start the window only if the key has none yet (EXPIRE NX): both steps are
    // repeated on every failure, so a key never stays without expiry.
    private void increment(String key) {
        redis.value(Long.class).incr(key);
        redis.key().expire(key, config.passcode().window(), new ExpireArgs().nx());
    }
}
