package dev.convene.room.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** A test's own subscription to one room's channel, exactly as another service would listen. */
public final class RedisEvents implements AutoCloseable {

    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final PubSubCommands.RedisSubscriber subscriber;

    private RedisEvents(RedisDataSource redis, String channel) {
        this.subscriber = redis.pubsub(String.class).subscribe(channel, message -> received.add(new JsonObject(message)));
    }

    public static RedisEvents listen(RedisDataSource redis, String slug) {
        String prefix = ConfigProvider.getConfig().getValue("convene.events.prefix", String.class);
        return new RedisEvents(redis, prefix + ":room:" + slug);
    }

    /** The next event of this type (others are skipped), or a failure after 5 s. */
    public JsonObject next(String type) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonObject event = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    break;
                }
                if (type.equals(event.getString("type"))) {
                    return event;
                }
                seen.add(event.getString("type"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail("No " + type + " event within 5 s; saw " + seen);
    }

    /** Nothing arrives within the given time. */
    public void assertQuietFor(Duration duration) {
        try {
            JsonObject event = received.poll(duration.toMillis(), TimeUnit.MILLISECONDS);
            if (event != null) {
                fail("Unexpected event " + event.encode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        subscriber.unsubscribe();
    }
}
