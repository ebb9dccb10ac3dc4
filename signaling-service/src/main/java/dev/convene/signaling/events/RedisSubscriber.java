package dev.convene.signaling.events;

import dev.convene.signaling.service.Replica;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replica's one subscribed Redis connection: {@code PSUBSCRIBE {p}:room:*} (room events of
 * every service) and {@code SUBSCRIBE {p}:signal:replica:{id}} (relay addressed to this replica).
 * Pub/sub state dies with the connection, so this class owns reconnecting: on any loss it
 * reconnects with backoff (0.2 s doubling to 5 s), subscribes again and tells the listeners,
 * which re-read what they may have missed.
 */
@ApplicationScoped
public class RedisSubscriber {

    private static final Logger LOG = Logger.getLogger(RedisSubscriber.class);
    private static final long MAX_BACKOFF_MS = 5000;

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

    private java.util.List<InboundListener> targets = java.util.List.of();
    private Redis client;
    private volatile RedisConnection connection;
    private volatile boolean running;
    private volatile boolean subscribed;
    private long backoffMs = 200;
    private int subscriptions;

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
        running = true;
        targets = listeners.stream().toList();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(hosts.split(",")[0].trim()).setPoolName("signaling-subscriber").setMetricsName("signaling-subscriber")
                .setMaxWaitingHandlers(4096));
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        RedisConnection current = connection;
        if (current != null) {
            current.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** True while both subscriptions are in place (readiness, tests). */
    public boolean isSubscribed() {
        return subscribed;
    }

    private void connect() {
        if (!running) {
            return;
        }
        client.connect().onSuccess(conn -> {
            connection = conn;
            conn.handler(this::onPush);
            conn.exceptionHandler(failure -> lost(conn, failure.getMessage()));
            conn.endHandler(ignored -> lost(conn, "connection closed"));
            conn.send(Request.cmd(Command.PSUBSCRIBE).arg(keys.roomChannelPattern()))
                    .compose(ignored -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(keys.replicaInbox(replica.id()))))
                    .onSuccess(ignored -> subscribedOn(conn))
                    .onFailure(failure -> lost(conn, failure.getMessage()));
        }).onFailure(failure -> retry(failure.getMessage()));
    }

    private void subscribedOn(RedisConnection conn) {
        if (conn != connection) {
            return;
        }
        boolean again = subscriptions++ > 0;
        subscribed = true;
        backoffMs = 200;
        LOG.infof("Subscribed to %s and %s", keys.roomChannelPattern(), keys.replicaInbox(replica.id()));
        if (again) {
            targets.forEach(InboundListener::onResubscribed);
        }
    }

    private synchronized void lost(RedisConnection conn, String why) {
        if (conn != connection) {
            return; // already handled for this connection
        }
        connection = null;
        subscribed = false;
        conn.close();
        retry(why);
    }

    private void retry(String why) {
        if (!running) {
            return;
        }
        LOG.warnf("Redis subscription lost (%s); reconnecting in %d ms", why, backoffMs);
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }

    /** ["message", channel, payload] or ["pmessage", pattern, channel, payload] (RESP2 or RESP3 push). */
    private void onPush(Response push) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        try {
            if ("pmessage".equals(kind) && push.size() >= 4) {
                String room = keys.roomOf(push.get(2).toString());
                if (room != null) {
                    String message = push.get(3).toString();
                    for (InboundListener l : targets) {
                        l.onRoomEvent(room, message);
                    };
                }
            } else if ("message".equals(kind)) {
                String message = push.get(2).toString();
                for (InboundListener l : targets) {
                    l.onReplicaMessage(message);
                };
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Failed to handle a message from Redis");
        }
    }
}
