package dev.convene.auth.service;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fixed-window counters in Redis, shared by every replica. A window starts with its first
 * increment and ends with the key's expiry. Redis being down fails closed (503): throttling
 * that silently stops would turn an outage into an open door for password guessing.
 */
@ApplicationScoped
public class WindowCounters {

    private static final Logger LOG = Logger.getLogger(WindowCounters.class);

    /** INCR, and start the window if the key has no expiry yet, atomically; returns {count, pttl}. */
    private static final String INCREMENT = """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}""";

    /** DECR that never creates a key nor goes below zero. */
    private static final String DECREMENT = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n > 0 then redis.call('DECR', KEYS[1]) end
            return 0""";

    private final RedisDataSource redis;

    public WindowCounters(RedisDataSource redis) {
        this.redis = redis;
    }

    public Window increment(String key, Duration window) {
        Response response = call(() -> redis.execute(Command.EVAL, INCREMENT, "1", key, String.valueOf(window.toMillis())));
        return new Window(response.get(0).toLong(), Duration.ofMillis(Math.max(0, response.get(1).toLong())));
    }

    public void decrement(String key) {
        call(() -> redis.execute(Command.EVAL, DECREMENT, "1", key));
    }

    public void reset(String key) {
        call(() -> redis.execute(Command.DEL, key));
    }

    private static Response call(Supplier<Response> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            LOG.warnf("Redis is unavailable for throttling counters: %s", e.getClass().getSimpleName());
            throw new ApiException(503, ErrorCodes.UNAVAILABLE, "Sign-in is temporarily unavailable, retry shortly");
        }
    }

    /** The count within the current window and the time left until the window ends. */
    public record Window(long count, Duration remaining) {
    }
}
