package dev.convene.chat.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.config.EventChannels;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The fast path of announcements: this replica's committed changes are published by its own
 * thread right after their commit, from memory ({@link AnnouncementQueue}: per-room order of
 * reservation, which the database's row locks make commit order), as pipelined batches on a
 * dedicated Redis connection; the outbox rows are then deleted in bulk by a second thread, off
 * the announcement's path. No cross-replica lock and no table read on the way. The outbox row
 * stays the durable copy: if this replica dies before the delete, {@link OutboxPublisher} (the
 * poller) announces it again with the same event id. While Redis is unreachable the queue keeps
 * the announcements and this thread retries them in order with a growing back-off.
 */
@ApplicationScoped
public class Announcer {

    private static final Logger LOG = Logger.getLogger(Announcer.class);
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    /** the background thread's look for ready announcements that no committing thread took along */
    private static final Duration TICK = Duration.ofMillis(20);
    /**
     * the deleter's pause after each bulk delete, so one DELETE takes the rows of many publications:
     * at 1,000 msg/s batches are of one or two messages, and a delete transaction per batch (a
     * thread wake-up, two round trips, a backend's work) cost as much as the batch's own write.
     * Rows wait at most this long for their delete; the poller only looks at rows seconds old.
     */
    static final Duration DELETE_PAUSE = Duration.ofMillis(25);
    /** beyond this many published-but-undeleted rows (PostgreSQL down) the oldest are forgotten: the poller repeats them */
    private static final int MAX_PENDING_DELETES = 100_000;

    @Inject
    ChatConfig config;
    @Inject
    EventChannels channels;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;
    @Inject
    Redis redis;
    @Inject
    @DataSource("outbox")
    AgroalDataSource outboxPool;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;
    @ConfigProperty(name = "quarkus.redis.password")
    Optional<String> redisPassword;

    private AnnouncementQueue queue;
    /** published rows not yet deleted from the outbox (the poller leaves them alone) */
    private final Set<Long> deleting = ConcurrentHashMap.newKeySet();
    private final Semaphore deletesWaiting = new Semaphore(0);
    private volatile boolean running;
    private Thread publisherThread;
    private Thread deleterThread;
    private volatile RedisPublisher publisher;
    /** one publisher at a time (the connection is not shared), committing threads or the background thread */
    private final ReentrantLock publishLock = new ReentrantLock();
    private final Semaphore backgroundWanted = new Semaphore(0);
    private volatile boolean redisHealthy = true;
    private Timer announceLatency;
    private Counter published;

    @PostConstruct
    void init() {
        queue = new AnnouncementQueue(config.outbox().maxQueued());
    }

    void start(@Observes StartupEvent event) {
        announceLatency = Timer.builder("chat.announce.latency")
                .description("From the insert of a change's outbox row to Redis acknowledging its announcement")
                .publishPercentiles(0.5, 0.99).register(registry);
        published = registry.counter("chat.events.published");
        publisher = RedisPublisher.of(redisHosts, redisPassword, redis, REDIS_TIMEOUT);
        running = true;
        publisherThread = new Thread(this::publishLoop, "chat-announcer");
        publisherThread.setDaemon(true);
        publisherThread.start();
        deleterThread = new Thread(this::deleteLoop, "chat-outbox-deleter");
        deleterThread.setDaemon(true);
        deleterThread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        queue.close(); // what is still queued is published now or, failing that, by a poller later
        backgroundWanted.release();
        publisherThread.join(REDIS_TIMEOUT.toMillis() + 1000);
        running = false;
        deletesWaiting.release();
        deleterThread.join(2000);
    }

    public AnnouncementQueue queue() {
        return queue;
    }

    /** Outbox rows the poller must not take: queued here, or published and being deleted. */
    public long[] rowsInHand() {
        long[] held = queue.heldRowIds();
        long[] ids = new long[held.length + deleting.size()];
        System.arraycopy(held, 0, ids, 0, held.length);
        int n = held.length;
        for (Iterator<Long> it = deleting.iterator(); it.hasNext() && n < ids.length; ) {
            ids[n++] = it.next();
        }
        return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    }

    /**
     * Called by the committing thread right after it reported its commit to the queue: it
     * publishes what is ready itself — its own announcement and any other ready ones, as one
     * pipeline — before its HTTP answer goes out, on a thread that is running anyway (on a busy
     * 2-core box, waking a dedicated publisher thread or an event loop is what announcements
     * queued behind). It never waits for the connection: if another thread is publishing, that
     * one looks again after its batch and takes this announcement along (waiting in turn was
     * measured: the committing threads then queue for one another and the service no longer
     * sustains 1,000 msg/s on one core). After three batches it leaves the rest to the next
     * committing thread or the background thread's tick, so its own answer is not held up by
     * others'. If its room waits for an earlier, uncommitted event, the thread that commits
     * that one publishes both. While Redis is failing it does nothing (the background thread
     * retries with back-off).
     */
    public void publishCommitted(List<AnnouncementQueue.Ticket> mine) {
        if (!redisHealthy || publisher == null) {
            return;
        }
        for (int round = 0; round < 3; round++) {
            if (!publishLock.tryLock()) {
                return; // the holder looks again after its batch
            }
            boolean ok;
            try {
                ok = !redisHealthy || publishReady(1);
            } finally {
                unlockPublish();
            }
            if (!ok) {
                redisHealthy = false;
                backgroundWanted.release();
                return;
            }
            if (queue.done(mine) && !queue.hasReady()) {
                return;
            }
        }
    }

    private void unlockPublish() {
        publishLock.unlock();
    }

    /** Under {@link #publishLock}: up to {@code maxBatches} batches of what is ready; false when Redis failed. */
    private boolean publishReady(int maxBatches) {
        for (int i = 0; i < maxBatches; i++) {
            List<AnnouncementQueue.Ticket> batch = queue.ready(config.outbox().batchSize());
            if (batch.isEmpty()) {
                return true;
            }
            List<String> commands = new ArrayList<>(batch.size() * 2);
            for (AnnouncementQueue.Ticket t : batch) {
                Outbox.Entry e = t.entry();
                commands.add(channels.roomChannel(e.room()));
                commands.add(Outbox.envelope(mapper, e.eventId(), e.type(), e.room(), e.payload()));
            }
            try {
                publisher.publish(commands);
            } catch (Exception e) {
                if (redisHealthy) {
                    LOG.warnf("Cannot publish announcements (will retry): %s", e.toString());
                }
                return false;
            }
            long now = System.currentTimeMillis();
            for (AnnouncementQueue.Ticket t : batch) {
                announceLatency.record(Math.max(0, now - t.reservedAtMillis()), TimeUnit.MILLISECONDS);
                deleting.add(t.rowId());
            }
            published.increment(batch.size());
            queue.published(batch);
            deletesWaiting.release();
        }
        return true;
    }

    /**
     * The background thread: retries with a growing back-off while Redis fails (then publishes
     * the whole backlog), and otherwise, every {@link #TICK}, publishes one batch of whatever is
     * ready that no committing thread took along (the last commits before a pause). One batch
     * per tick while healthy, so it never becomes the publisher that everybody waits for.
     */
    private void publishLoop() {
        Duration backoff = Duration.ZERO;
        while (true) {
            try {
                if (backoff.isZero()) {
                    backgroundWanted.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
                    backgroundWanted.drainPermits();
                } else {
                    Thread.sleep(backoff.toMillis());
                }
            } catch (InterruptedException e) {
                break;
            }
            boolean recovering = !redisHealthy || queue.isClosed();
            boolean ok;
            do {
                publishLock.lock();
                try {
                    ok = publishReady(1);
                } finally {
                    unlockPublish();
                }
            } while (ok && recovering && queue.hasReady());
            if (ok) {
                if (!redisHealthy) {
                    LOG.info("Announcements are flowing again");
                    redisHealthy = true;
                }
                backoff = Duration.ZERO;
                if (queue.isClosed()) {
                    break; // shutting down and nothing ready is left (uncommitted ones go to a poller)
                }
            } else {
                redisHealthy = false;
                if (queue.isClosed()) {
                    break; // shutting down: the rows stay for a poller
                }
                Duration doubled = backoff.isZero() ? MIN_BACKOFF : backoff.multipliedBy(2);
                backoff = doubled.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : doubled;
            }
        }
        publishLock.lock();
        try {
            publisher.close();
        } finally {
            publishLock.unlock();
        }
    }

    /** Deletes published rows in bulk; the commit need not wait for its WAL flush (losing it only repeats announcements). */
    private void deleteLoop() {
        Duration backoff = Duration.ZERO;
        while (running || !deleting.isEmpty()) {
            try {
                if (backoff.isZero()) {
                    deletesWaiting.tryAcquire(1, TimeUnit.SECONDS);
                } else {
                    Thread.sleep(backoff.toMillis());
                }
                deletesWaiting.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (deleting.isEmpty()) {
                continue;
            }
            List<Long> ids = new ArrayList<>(Math.min(deleting.size(), 5000));
            for (Iterator<Long> it = deleting.iterator(); it.hasNext() && ids.size() < 5000; ) {
                ids.add(it.next());
            }
            try (Connection c = outboxPool.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("""
                        WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
                        DELETE FROM chat_outbox WHERE id = ANY (?) AND EXISTS (SELECT 1 FROM async)""")) {
                    ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                    ps.executeUpdate();
                }
                c.commit();
                ids.forEach(deleting::remove);
                backoff = Duration.ZERO;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return; // shutting down: the rows may be announced again by a poller (same ids)
                }
                if (backoff.isZero()) {
                    LOG.warnf("Cannot delete announced outbox rows (will retry): %s", e.toString());
                }
                backoff = backoff.isZero() ? MIN_BACKOFF
                        : backoff.multipliedBy(2).compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff()
                                : backoff.multipliedBy(2);
                if (deleting.size() > MAX_PENDING_DELETES) {
                    // forgetting them only means a poller announces them again, with the same ids
                    ids.forEach(deleting::remove);
                }
            }
            if (backoff.isZero() && running) {
                try {
                    Thread.sleep(DELETE_PAUSE.toMillis()); // the connection is back in the pool
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
