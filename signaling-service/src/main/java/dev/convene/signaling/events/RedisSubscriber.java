package dev.convene.signaling.events;

import dev.convene.common.redis.DedicatedRedisConnection;
import dev.convene.signaling.service.Replica;
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
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replica's one subscribed Redis connection: {@code PSUBSCRIBE {p}:room:*} (room events of
 * every service) and {@code SUBSCRIBE {p}:signal:replica:{id}} (relay addressed to this replica).
 * Pub/sub state dies with the connection: after a reconnect (DedicatedRedisConnection) it
 * subscribes again and tells the listeners, which re-read what they may have missed.
 */
@ApplicationScoped
public class RedisSubscriber extends DedicatedRedisConnection {

    private static final Logger LOG = Logger.getLogger(RedisSubscriber.class);

    @Inject
    Vertx vertx;
    @Inject
    RedisKeys keys;
    @Inject
    Replica replica;
    @Inject
    Instance<InboundListener> listeners;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    private List<InboundListener> targets = List.of();
    private int subscriptions;

    RedisSubscriber() {
        super("signaling-subscriber");
    }

    /** Receives what arrives on the subscribed channels (on a Redis event loop: never block). */
    public interface InboundListener {
        default void onRoomEvent(String room, String message) {
        }

        default void onReplicaMessage(String message) {
        }

        /** Subscribed again after a lost connection: events in between were lost. */
        default void onResubscribed() {
        }
    }

    void start(@Observes StartupEvent event) {
        targets = listeners.stream().toList();
        open(vertx, hosts, 4096);
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    /** True while both subscriptions are in place (readiness, tests). */
    public boolean isSubscribed() {
        return isReady();
    }

    @Override
    protected Future<Void> prepare(RedisConnection conn) {
        conn.handler(this::onPush);
        return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(keys.roomChannelPattern()))
                .compose(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(keys.replicaInbox(replica.id()))))
                .mapEmpty();
    }

    @Override
    protected void ready(RedisConnection conn) {
        boolean again = subscriptions++ > 0;
        LOG.infof("Subscribed to %s and %s", keys.roomChannelPattern(), keys.replicaInbox(replica.id()));
        if (again) {
            targets.forEach(InboundListener::onResubscribed);
        }
    }

    /** ["message", channel, payload] or ["pmessage", pattern, channel, payload] (RESP2 or RESP3 push). */
    private void onPush(Response push) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        try {
            if ("pmessage".equals(kind) && push.size() >= 4) {
                String room = keys.slugOfChannel(push.get(2).toString());
                if (room != null) {
                    String message = push.get(3).toString();
                    for (InboundListener l : targets) {
                        l.onRoomEvent(room, message);
                    }
                }
            } else if ("message".equals(kind)) {
                String message = push.get(2).toString();
                for (InboundListener l : targets) {
                    l.onReplicaMessage(message);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Failed to handle a message from Redis");
        }
    }
}
