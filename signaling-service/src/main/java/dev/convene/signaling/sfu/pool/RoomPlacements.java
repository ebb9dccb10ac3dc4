package dev.convene.signaling.sfu.pool;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * The shared placement of each meeting's SFU room: key {@code {p}:signaling-service:sfu:{slug}}
 * → {@link Placement} JSON, with a TTL that replicas holding participants renew. Writes are
 * conditional so that replicas racing for the same meeting agree on one placement: a first
 * placement is {@code SET NX}; a move replaces exactly the value the mover saw (compare-and-set
 * in a Lua script), and so does a removal.
 */
public final class RoomPlacements {

    /** A placement and the exact stored text (the "version" a compare-and-set needs). */
    public record Stored(Placement placement, String raw) {
    }

    private static final String REPLACE_IF_SAME = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1
            end
            return 0""";
    private static final String DELETE_IF_SAME = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final Redis redis;
    private final String prefix;
    private final long ttlMs;

    public RoomPlacements(Redis redis, String prefix, Duration ttl) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttlMs = ttl.toMillis();
    }

    public String key(String slug) {
        return prefix + ":signaling-service:sfu:" + slug;
    }

    public Uni<Optional<Stored>> get(String slug) {
        return send(Request.cmd(Command.GET).arg(key(slug))).map(response -> {
            if (response == null) {
                return Optional.empty();
            }
            String raw = response.toString();
            Placement placement = Placement.fromJson(raw);
            return placement == null ? Optional.<Stored>empty() : Optional.of(new Stored(placement, raw));
        });
    }

    /** Stores the first placement of a meeting; empty if another replica placed it first. */
    public Uni<Optional<Stored>> claim(String slug, Placement placement) {
        String raw = placement.toJson();
        return send(Request.cmd(Command.SET).arg(key(slug)).arg(raw).arg("NX").arg("PX").arg(ttlMs))
                .map(response -> response == null ? Optional.<Stored>empty() : Optional.of(new Stored(placement, raw)));
    }

    /** Replaces {@code expected} by {@code next}; empty if the stored value is no longer {@code expected}. */
    public Uni<Optional<Stored>> replace(String slug, String expected, Placement next) {
        String raw = next.toJson();
        return send(Request.cmd(Command.EVAL).arg(REPLACE_IF_SAME).arg(1).arg(key(slug)).arg(expected).arg(raw).arg(ttlMs))
                .map(response -> response != null && response.toLong() == 1
                        ? Optional.of(new Stored(next, raw)) : Optional.<Stored>empty());
    }

    /** Removes the placement if it is still {@code expected}. */
    public Uni<Boolean> delete(String slug, String expected) {
        return send(Request.cmd(Command.EVAL).arg(DELETE_IF_SAME).arg(1).arg(key(slug)).arg(expected))
                .map(response -> response != null && response.toLong() == 1);
    }

    /** Removes the placement whatever it is (the meeting ended). */
    public Uni<Void> delete(String slug) {
        return send(Request.cmd(Command.DEL).arg(key(slug))).replaceWithVoid();
    }

    /** Renews the TTL; false if the key is gone. */
    public Uni<Boolean> touch(String slug) {
        return send(Request.cmd(Command.PEXPIRE).arg(key(slug)).arg(ttlMs))
                .map(response -> response != null && response.toLong() == 1);
    }

    private Uni<Response> send(Request request) {
        return Uni.createFrom().completionStage(() -> {
            Future<Response> future = redis.send(request);
            return future.toCompletionStage();
        });
    }
}
