package dev.convene.signaling.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.config.EventsConfig;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Each meeting's {@link ModeState} in Redis, shared by all replicas. Transitions are
 * compare-and-set on the exact stored text, so when several replicas decide the same switch at
 * once exactly one of them makes it (and announces it).
 */
@ApplicationScoped
public class ModeStore {

    /** A day: a meeting's state outlives any meeting; the first joiner of an empty room resets it. */
    static final long TTL_SECONDS = 86_400;

    private static final String REPLACE_IF_SAME = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1
            end
            return 0""";

    private final RedisGateway redis;
    private final ObjectMapper json;
    private final RedisKeys keys;
    private final String prefix;

    ModeStore(RedisGateway redis, ObjectMapper json, RedisKeys keys, EventsConfig events) {
        this.redis = redis;
        this.json = json;
        this.keys = keys;
        this.prefix = events.prefix();
    }

    public String key(String slug) {
        return prefix + ":signaling-service:media:" + slug;
    }

    /** The stored state, or null (none, or unreadable). */
    public Future<ModeState> get(String slug) {
        return redis.send(Request.cmd(Command.GET).arg(key(slug))).map(response -> {
            if (response == null) {
                return null;
            }
            try {
                return ModeState.fromJson(json.readTree(response.toString()));
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Stores the first state of a room; false if there is one already. */
    public Future<Boolean> create(String slug, ModeState state) {
        return redis.send(Request.cmd(Command.SET).arg(key(slug)).arg(state.toJson(json)).arg("NX").arg("EX").arg(TTL_SECONDS))
                .map(response -> response != null);
    }

    /** How many presence entries the room has (the joiner's own included). */
    public Future<Long> presenceCount(String slug) {
        return redis.send(Request.cmd(Command.HLEN).arg(keys.presence(slug))).map(response -> response == null ? 0 : response.toLong());
    }

    /** Replaces {@code expected} by {@code next}; false if someone changed it first. */
    public Future<Boolean> replace(String slug, ModeState expected, ModeState next) {
        return redis.send(Request.cmd(Command.EVAL).arg(REPLACE_IF_SAME).arg(1).arg(key(slug))
                        .arg(expected.toJson(json)).arg(next.toJson(json)).arg(TTL_SECONDS))
                .map(response -> response != null && response.toLong() == 1);
    }

    public Future<Void> delete(String slug) {
        return redis.send(Request.cmd(Command.DEL).arg(key(slug))).mapEmpty();
    }
}
