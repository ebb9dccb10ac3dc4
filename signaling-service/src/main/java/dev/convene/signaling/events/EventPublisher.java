package dev.convene.signaling.events;

import dev.convene.common.redis.DedicatedRedisConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every PUBLISH of this replica goes through one dedicated, pipelined Redis connection. One
 * connection keeps the order of a participant's messages (an offer is never overtaken by its
 * candidates, a join never by a leave), and pipelining costs no round trip per message. While
 * Redis is unreachable messages are dropped and counted; the connection is re-established with
 * backoff (pub/sub is at-most-once anyway, docs/events.md).
 */
@ApplicationScoped
public class EventPublisher extends DedicatedRedisConnection {

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    private final AtomicLong dropped = new AtomicLong();

    EventPublisher() {
        super("signaling-publisher");
    }

    void start(@Observes StartupEvent event) {
        open(vertx, hosts, 65_536);
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    @Override
    protected Future<Void> prepare(RedisConnection conn) {
        return Future.succeededFuture();
    }

    public void publish(String channel, String message) {
        RedisConnection conn = connection();
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
        return connection() != null;
    }
}
