package dev.convene.chat.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.chat.config.EventChannels;
import dev.convene.chat.security.RemovedParticipants;
import dev.convene.common.redis.DedicatedRedisConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The room events chat-service acts on (docs/events.md): {@code PSUBSCRIBE {p}:room:*} on a
 * connection of its own that reconnects and subscribes again by itself. Only
 * {@code participant.removed} matters here: a removed user's room token stops working for chat
 * at once ({@link RemovedParticipants}). Everything else on the channels (chat's own
 * announcements, presence, reactions) is skipped before parsing.
 */
@ApplicationScoped
public class RoomEventSubscriber extends DedicatedRedisConnection {

    private static final Logger LOG = Logger.getLogger(RoomEventSubscriber.class);
    static final String REMOVED = "participant.removed";

    @Inject
    Vertx vertx;
    @Inject
    EventChannels channels;
    @Inject
    RemovedParticipants removed;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    RoomEventSubscriber() {
        super("chat-room-events");
    }

    void start(@Observes StartupEvent event) {
        open(vertx, hosts, 1024);
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    @Override
    protected Future<Void> prepare(RedisConnection conn) {
        conn.handler(this::onPush);
        return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(channels.roomChannelPattern())).mapEmpty();
    }

    @Override
    protected void ready(RedisConnection conn) {
        LOG.infof("Subscribed to %s", channels.roomChannelPattern());
    }

    /** ["pmessage", pattern, channel, payload]; anything else is ignored. */
    private void onPush(Response push) {
        if (push == null || push.size() < 4 || !"pmessage".equals(push.get(0).toString())) {
            return;
        }
        String message = push.get(3).toString();
        if (!message.contains(REMOVED)) {
            return; // the channels carry every room event: most are not for us
        }
        try {
            JsonNode envelope = json.readTree(message);
            String room = envelope.path("room").asText("");
            String userId = envelope.path("target").asText("");
            if (REMOVED.equals(envelope.path("type").asText()) && !room.isEmpty() && !userId.isEmpty()
                    && room.equals(channels.slugOfChannel(push.get(2).toString()))) {
                long at = envelope.path("timestamp").canConvertToLong() ? envelope.get("timestamp").asLong() : System.currentTimeMillis();
                removed.removed(room, userId, at);
                LOG.debugf("room %s: %s removed; their room tokens are refused", room, userId);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Ignoring an unreadable room event (%s)", e.getMessage());
        }
    }
}
