package dev.convene.signaling.recording;

import dev.convene.signaling.config.EventsConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where the running recording of a meeting is kept in Redis ({@link RecordingService} owns the
 * value), and whether there is one. The AUTO rules ask before taking a recorded meeting off the
 * SFU: the key is the one source every replica agrees on, whoever started the recording.
 */
@ApplicationScoped
public class ActiveRecordings {

    private final Redis redis;
    private final String prefix;

    ActiveRecordings(Redis redis, EventsConfig events) {
        this.redis = redis;
        this.prefix = events.prefix();
    }

    /** {@code {p}:signaling-service:recording:{slug}}: the running recording's JSON, if any. */
    public String key(String slug) {
        return prefix + ":signaling-service:recording:" + slug;
    }

    /** True while a recording of the meeting runs (fails if Redis does). */
    public Future<Boolean> running(String slug) {
        return redis.send(Request.cmd(Command.EXISTS).arg(key(slug))).map(response -> response != null && response.toLong() > 0);
    }
}
