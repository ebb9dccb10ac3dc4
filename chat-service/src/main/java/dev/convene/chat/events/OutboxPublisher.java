package dev.convene.chat.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.config.EventChannels;
import dev.convene.chat.store.Database;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows to Redis, oldest first, and deletes them once Redis acknowledged the
 * publication. One thread per replica, woken right after each commit and by a poll (rows of
 * other replicas, leftovers after a crash). A PostgreSQL advisory lock makes one replica at a
 * time publish, which keeps each room's events in commit order. While Redis is unreachable
 * the rows stay and the thread retries with a growing back-off: sends keep succeeding, the
 * announcements go out when Redis is back. Delivery is at-least-once (a crash between the
 * publication and the delete repeats it); receivers can drop repeats by the envelope's id.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    /** advisory lock key: "chat" in ASCII */
    private static final long PUBLISHER_LOCK = 0x63686174L;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    @Inject
    @DataSource("outbox")
    AgroalDataSource outboxPool;
    @Inject
    Redis redis;
    @Inject
    EventChannels channels;
    @Inject
    ChatConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    private final Semaphore wakeups = new Semaphore(0);
    private Database database;
    private volatile boolean running;
    private Thread thread;
    private Timer announceLatency;
    private Counter published;

    void start(@Observes StartupEvent event) {
        database = Database.on(outboxPool);
        announceLatency = Timer.builder("chat.announce.latency")
                .description("From commit of a change to Redis acknowledging its announcement")
                .publishPercentiles(0.5, 0.99).register(registry);
        published = Counter.builder("chat.events.published").register(registry);
        running = true;
        thread = new Thread(this::run, "chat-outbox-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wakeups.release();
        thread.join(REDIS_TIMEOUT.toMillis() + 1000);
    }

    /** A transaction with outbox rows committed: publish now rather than at the next poll. */
    public void wake() {
        wakeups.release();
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                if (backoff.isZero()) {
                    wakeups.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    Thread.sleep(backoff.toMillis()); // wake-ups do not shorten a back-off
                }
                wakeups.drainPermits();
                while (running && publishBatch() == config.outbox().batchSize()) {
                    // a full batch: there may be more
                }
                if (!backoff.isZero()) {
                    LOG.info("Announcements are flowing again");
                }
                backoff = Duration.ZERO;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (backoff.isZero()) {
                    LOG.warnf("Cannot publish announcements (will retry): %s", e.toString());
                }
                Duration doubled = backoff.isZero() ? MIN_BACKOFF : backoff.multipliedBy(2);
                backoff = doubled.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : doubled;
            }
        }
    }

    /** Publishes up to one batch; the number of rows published (0 when another replica holds the lock). */
    int publishBatch() {
        return database.inTransaction(c -> {
            List<Row> rows = lockAndReadPending(c);
            if (rows.isEmpty()) {
                return 0;
            }
            List<Request> requests = new ArrayList<>(rows.size());
            for (Row row : rows) {
                requests.add(Request.cmd(Command.PUBLISH).arg(channels.room(row.room)).arg(envelope(row)));
            }
            redis.batch(requests).await().atMost(REDIS_TIMEOUT);
            long now = System.currentTimeMillis();
            for (Row row : rows) {
                announceLatency.record(Math.max(0, now - row.createdAtMillis), TimeUnit.MILLISECONDS);
            }
            published.increment(rows.size());
            delete(c, rows);
            return rows.size();
        });
    }

    /**
     * One round trip: the publisher lock (none: another replica is publishing, nothing to do),
     * then the oldest pending rows. Losing this transaction's delete in a crash only repeats
     * announcements (at-least-once anyway), so its commit need not wait for the WAL flush.
     */
    private List<Row> lockAndReadPending(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH publisher AS (SELECT pg_try_advisory_xact_lock(?) AS locked,
                                          set_config('synchronous_commit', 'off', true))
                SELECT o.id, o.event_id, o.type, o.room, o.payload, o.created_at
                FROM publisher, LATERAL (SELECT * FROM chat_outbox WHERE publisher.locked ORDER BY id LIMIT ?) o""")) {
            ps.setLong(1, PUBLISHER_LOCK);
            ps.setInt(2, config.outbox().batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).getTime()));
                }
            }
        }
        return rows;
    }

    private static void delete(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chat_outbox WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(r -> r.id).toArray()));
            ps.executeUpdate();
        }
    }

    /** The envelope of docs/events.md; the payload is inserted as the JSON stored at commit. */
    private String envelope(Row row) {
        ObjectNode envelope = mapper.createObjectNode()
                .put("type", row.type)
                .put("room", row.room)
                .put("sender", ChatEventTypes.SENDER)
                .putNull("target")
                .put("id", row.eventId.toString())
                .put("timestamp", System.currentTimeMillis());
        envelope.putRawValue("payload", new RawValue(row.payload));
        try {
            return mapper.writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(long id, UUID eventId, String type, String room, String payload, long createdAtMillis) {
    }
}
