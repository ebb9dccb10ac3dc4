package dev.convene.room.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.room.config.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Publishes room events on Redis once the database change they announce is committed, so a
 * subscriber never hears of a change that was rolled back. Services fire them as CDI events.
 * Publishing is synchronous (on the request's worker thread) to keep one host's successive
 * actions in order. Pub/sub is fire-and-forget: if Redis is down the event is lost, which
 * the subscribers tolerate (docs/events.md, "Delivery").
 */
@ApplicationScoped
public class RoomEventPublisher {

    private static final Logger LOG = Logger.getLogger(RoomEventPublisher.class);

    private final PubSubCommands<String> pubsub;
    private final RedisKeys keys;
    private final ObjectMapper json;

    @Inject
    public RoomEventPublisher(RedisDataSource redis, RedisKeys keys, ObjectMapper json) {
        this.pubsub = redis.pubsub(String.class);
        this.keys = keys;
        this.json = json;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoomEvent event) {
        try {
            pubsub.publish(keys.roomChannel(event.room()), json.writeValueAsString(event));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Could not publish %s for room %s: %s", event.type(), event.room(), e.getMessage());
        }
    }
}
