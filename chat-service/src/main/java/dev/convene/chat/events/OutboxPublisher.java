package dev.convene.chat.events;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The fallback path of announcements: publishes outbox rows that the fast path
 * ({@link Announcer}) of their replica did not — that replica crashed or stopped before
 * publishing them, its commit's outcome was unknown, or its queue is spilling — oldest first,
 * and deletes them once Redis acknowledged. Rows younger than {@code fallback-after} and the
 * rows this replica's announcer holds are left alone (they are on their way), so in normal
 * operation the poller finds nothing. One thread per replica, polling every
 * {@code poll-interval} (and woken by commits while the queue spills); a PostgreSQL advisory lock
 * makes one replica at a time publish from the table, in id order. While Redis is unreachable
 * the rows stay and the thread retries with a growing back-off. Delivery is at-least-once (a
 * crash between the publication and the delete repeats it, and a poller may repeat an
 * announcement another replica still holds in memory during a long Redis outage); receivers
 * drop repeats by the envelope's id.
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
    @Inject
    Announcer announcer;

    private final Semaphore wakeups = new Semaphore(0);
    private Database database;
    private volatile boolean running;
    private Thread thread;
    private Timer announceLatency;
    private Counter published;

    void start(@Observes StartupEvent event) {
        database = Database.on(outboxPool);
        announceLatency = Timer.builder("chat.announce.latency")
                .description("From the insert of a change's outbox row to Redis acknowledging its announcement")
                .publishPercentiles(0.5, 0.99).register(registry);
        published = registry.counter("chat.events.published");
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

    /** Rows for the poller were committed (the fast path's queue is spilling): publish now rather than at the next poll. */
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

    /**
     * Publishes up to one batch; the number of rows published (0 when another replica holds the
     * lock). Normally only rows older than {@code fallback-after} that this replica does not hold;
     * while this replica's queue spills, and once it is empty, every row, in id order (and the
     * spill ends when none is left).
     */
    int publishBatch() {
        AnnouncementQueue queue = announcer.queue();
        boolean all = false;
        long spillMark = -1;
        if (queue.spilling()) {
            if (!queue.drainedWhileSpilling()) {
                return 0; // older announcements of this replica are still queued in memory: they go first
            }
            all = true;
            spillMark = queue.spillMark();
        }
        boolean everything = all;
        long[] inHand = announcer.rowsInHand(); // queued here, or published and being deleted
        int count = database.inTransaction(c -> {
            List<Row> rows = lockAndReadPending(c, everything, inHand);
            if (rows == null) {
                return -1; // another replica is publishing
            }
            if (rows.isEmpty()) {
                return 0;
            }
            List<Request> requests = new ArrayList<>(rows.size());
            for (Row row : rows) {
                requests.add(Request.cmd(Command.PUBLISH).arg(channels.roomChannel(row.room)).arg(envelope(row)));
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
        if (count == 0 && spillMark >= 0 && queue.endSpill(spillMark)) {
            LOG.info("Announcements take the fast path again");
        }
        return Math.max(count, 0);
    }

    /**
     * One round trip: the publisher lock (none: another replica is publishing, nothing to do),
     * then the oldest pending rows. Losing this transaction's delete in a crash only repeats
     * announcements (at-least-once anyway), so its commit need not wait for the WAL flush.
     */
    private List<Row> lockAndReadPending(Connection c, boolean everything, long[] inHand) throws SQLException {
        List<Row> rows = new ArrayList<>();
        boolean locked = false;
        try (PreparedStatement ps = c.prepareStatement("""
                WITH publisher AS (SELECT pg_try_advisory_xact_lock(?) AS locked,
                                          set_config('synchronous_commit', 'off', true))
                SELECT publisher.locked, o.id, o.event_id, o.type, o.room, o.payload, o.created_at
                FROM publisher LEFT JOIN LATERAL (
                  SELECT * FROM chat_outbox
                  WHERE publisher.locked AND (? OR created_at < clock_timestamp() - ? * interval '1 millisecond')
                    AND NOT (id = ANY (?))
                  ORDER BY id LIMIT ?) o ON true""")) {
            ps.setLong(1, PUBLISHER_LOCK);
            ps.setBoolean(2, everything);
            ps.setLong(3, config.outbox().fallbackAfter().toMillis());
            ps.setArray(4, c.createArrayOf("bigint", java.util.Arrays.stream(inHand).boxed().toArray()));
            ps.setInt(5, config.outbox().batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    locked = rs.getBoolean(1);
                    if (rs.getObject(2) != null) {
                        rows.add(new Row(rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getTimestamp(7).getTime()));
                    }
                }
            }
        }
        return locked ? rows : null;
    }

    private static void delete(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chat_outbox WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(r -> r.id).toArray()));
            ps.executeUpdate();
        }
    }

    private String envelope(Row row) {
        return Outbox.envelope(mapper, row.eventId, row.type, row.room, row.payload);
    }

    private record Row(long id, UUID eventId, String type, String room, String payload, long createdAtMillis) {
    }
}
