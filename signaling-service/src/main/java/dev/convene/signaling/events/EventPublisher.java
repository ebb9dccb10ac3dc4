package dev.convene.signaling.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every PUBLISH of this replica goes through one dedicated, pipelined Redis connection. One
 * connection keeps the order of a participant's messages (an offer is never overtaken by its
 * candidates, a join never by a leave), and pipelining costs no round trip per message. While
 * Redis is unreachable messages are dropped and counted; the connection is re-established with
 * backoff (pub/sub is at-most-once anyway, docs/events.md).
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    private final AtomicLong dropped = new AtomicLong();
    private Redis client;
    private volatile RedisConnection connection;
    private volatile boolean running;
    private long backoffMs = 200;

    void start(@Observes StartupEvent event) {
        running = true;
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(hosts.split(",")[0].trim()).setPoolName("signaling-publisher").setMetricsName("signaling-publisher")
                .setMaxWaitingHandlers(65_536));
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

    public void publish(String channel, String message) {
        RedisConnection conn = connection;
        if (conn == null) {
            dropped.incrementAndGet();
            return;
        }
        conn.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message))
                .onFailure(failure -> dropped.incrementAndGet());
    }

    /** Messages lost because Redis was unreachable (since start). */
    public long dropped() {
        return dropped.get();
    }

    public boolean isConnected() {
        return connection != null;
    }

    private void connect() {
        if (!running) {
            return;
        }
        client.connect().onSuccess(conn -> {
            conn.exceptionHandler(failure -> lost(conn, failure.getMessage()));
            conn.endHandler(ignored -> lost(conn, "connection closed"));
            connection = conn;
            backoffMs = 200;
        }).onFailure(failure -> retry(failure.getMessage()));
    }

    private synchronized void lost(RedisConnection conn, String why) {
        if (conn != connection) {
            return;
        }
        connection = null;
        conn.close();
        retry(why);
    }

    private void retry(String why) {
        if (!running) {
            return;
        }
        LOG.warnf("Redis publisher connection lost (%s); reconnecting in %d ms", why, backoffMs);
        long delay = backoffMs;
        backoffMs = Math.min(5000, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }
}
