package dev.convene.common.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import org.jboss.logging.Logger;

/**
 * One long-lived Redis connection of this replica that survives Redis restarts by itself: on
 * any loss it reconnects with backoff (0.2 s doubling to 5 s) and runs {@link #prepare} again.
 * Subclasses say what a fresh connection needs (subscriptions, handlers) and what to do once
 * it is ready; pooled clients can't serve here (pub/sub state and PUBLISH order live on one
 * connection). Used by signaling-service (its subscriber and publisher) and chat-service (its
 * room-event subscriber); the services bring the Redis client (quarkus-redis-client).
 */
public abstract class DedicatedRedisConnection {

    private static final Logger LOG = Logger.getLogger(DedicatedRedisConnection.class);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5000;

    private final String purpose;
    private Vertx vertx;
    private Redis client;
    private volatile RedisConnection connection;
    private volatile boolean running;
    /** Prepared (e.g. subscribed) and not lost since. */
    private volatile boolean ready;
    private long backoffMs = FIRST_BACKOFF_MS;

    /** @param purpose names the connection in logs and metrics, e.g. "signaling-publisher" */
    protected DedicatedRedisConnection(String purpose) {
        this.purpose = purpose;
    }

    /** Work a fresh connection needs before it counts as ready (e.g. SUBSCRIBE). */
    protected abstract Future<Void> prepare(RedisConnection conn);

    /** The connection is prepared and in use. */
    protected void ready(RedisConnection conn) {
    }

    /** The connection was lost; a reconnect is scheduled. */
    protected void lost() {
    }

    /** True while a connection is prepared and in use (readiness checks, tests). */
    public boolean isReady() {
        return ready;
    }

    /** The current connection, null while Redis is unreachable. */
    protected RedisConnection connection() {
        return connection;
    }

    protected void open(Vertx vertx, String hosts, int maxWaitingHandlers) {
        this.vertx = vertx;
        running = true;
        client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(hosts.split(",")[0].trim())
                .setPoolName(purpose).setMetricsName(purpose)
                .setMaxWaitingHandlers(maxWaitingHandlers));
        connect();
    }

    protected void close() {
        running = false;
        RedisConnection current = connection;
        if (current != null) {
            current.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        client.connect().onSuccess(conn -> {
            connection = conn;
            conn.exceptionHandler(failure -> lost(conn, failure.getMessage()));
            conn.endHandler(ignored -> lost(conn, "connection closed"));
            prepare(conn).onSuccess(ignored -> {
                if (conn == connection) {
                    backoffMs = FIRST_BACKOFF_MS;
                    ready = true;
                    ready(conn);
                }
            }).onFailure(failure -> lost(conn, failure.getMessage()));
        }).onFailure(failure -> retry(failure.getMessage()));
    }

    private synchronized void lost(RedisConnection conn, String why) {
        if (conn != connection) {
            return; // already handled for this connection
        }
        connection = null;
        ready = false;
        lost();
        conn.close();
        retry(why);
    }

    private void retry(String why) {
        if (!running) {
            return;
        }
        LOG.warnf("Redis connection %s lost (%s); reconnecting in %d ms", purpose, why, backoffMs);
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }
}
