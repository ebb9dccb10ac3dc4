package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.janus.JanusSettings;
import dev.convene.signaling.sfu.pool.JanusPool;
import dev.convene.signaling.sfu.pool.RoomDirectory;
import dev.convene.signaling.sfu.pool.RoomPlacements;
import dev.convene.signaling.sfu.pool.RoomTemplate;
import dev.convene.signaling.support.JanusEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One "signaling replica" worth of SFU objects for tests, wired like SfuWiring does but with
 * test timings (keepalive and ping every second: the test Janus drop sessions after 5 s) and a
 * Redis prefix of its own. Two kits with the same prefix behave like two replicas.
 */
final class SfuTestKit implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Vertx vertx;
    final String prefix;
    final JanusPool pool;
    final Redis redis;
    final RoomPlacements placements;
    final RoomDirectory rooms;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SfuMetrics metrics = new SfuMetrics(registry);
    final SfuSessions sessions;

    SfuTestKit(String prefix) {
        this(prefix, JanusEnvironment.urls());
    }

    SfuTestKit(String prefix, List<String> urls) {
        this(prefix, urls, Duration.ofMillis(80));
    }

    /** With its own batching window for subscription changes ({@code convene.sfu.batch-delay}). */
    SfuTestKit(String prefix, List<String> urls, Duration batchDelay) {
        this.prefix = prefix;
        vertx = Vertx.vertx();
        pool = new JanusPool(vertx, urls, settings(JanusEnvironment.apiSecret()), Optional.of(JanusEnvironment.adminKey()));
        metrics.watch(pool);
        redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        placements = new RoomPlacements(redis, prefix, Duration.ofMinutes(2));
        rooms = new RoomDirectory(vertx, pool, placements, new RoomTemplate(20, 1_000_000, 2, null), prefix, metrics);
        sessions = new SfuSessions(vertx, pool, rooms, metrics, batchDelay, Duration.ofSeconds(10));
        pool.start();
    }

    static String newPrefix() {
        return "convene-test-sfu-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JanusSettings settings(String apiSecret) {
        return new JanusSettings(Optional.ofNullable(apiSecret), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMillis(300));
    }

    /** Waits (bounded) until every instance of the pool is connected. */
    SfuTestKit awaitAllUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!pool.instances().stream().allMatch(i -> i.isUp())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Janus not connected: " + pool.instances());
            }
            Thread.sleep(20);
        }
        return this;
    }

    String redisGet(String key) {
        Response response = redis.send(Request.cmd(Command.GET).arg(key)).toCompletionStage().toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        return response == null ? null : response.toString();
    }

    /**
     * Stops this "replica" only (its participants leave, its connections close) and leaves Redis
     * and the rooms alone: for a second kit that shares the prefix of one that keeps running.
     */
    void closeReplica() {
        try {
            sessions.close().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // best effort
        }
        rooms.stop();
        pool.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(f -> null).join();
    }

    @Override
    public void close() {
        try {
            sessions.close().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // best effort
        }
        try {
            // our rooms: destroy what the janitor would (placements are deleted below)
            Response keys = redis.send(Request.cmd(Command.KEYS).arg(prefix + ":*")).toCompletionStage()
                    .toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
            for (Response key : keys) {
                redis.send(Request.cmd(Command.DEL).arg(key.toString())).toCompletionStage().toCompletableFuture()
                        .orTimeout(5, TimeUnit.SECONDS).join();
            }
            rooms.sweep().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException ignored) {
            // best effort
        }
        rooms.stop();
        pool.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(f -> null).join();
    }
}
