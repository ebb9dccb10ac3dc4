package dev.convene.signaling.events;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Commands on the pooled Redis client (Quarkus' bare Vert.x client): presence and keys.
 * Publishing goes through {@link EventPublisher}. {@link #await} is for worker threads only (joins, leaves, sweeps).
 */
@ApplicationScoped
public class RedisGateway {

    private final Redis redis;

    RedisGateway(Redis redis) {
        this.redis = redis;
    }

    public Future<Response> send(Request request) {
        return redis.send(request);
    }

    public Future<List<Response>> batch(List<Request> requests) {
        return redis.batch(requests);
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Redis", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Redis command failed: " + e.getMessage(), e);
        }
    }
}
