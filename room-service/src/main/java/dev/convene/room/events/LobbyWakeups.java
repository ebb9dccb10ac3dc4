package dev.convene.room.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.room.config.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Wakes lobby polls waiting on this replica when a host's decision is announced on Redis,
 * whichever replica took it. Only a hint: polls re-read the database on wake-up and every
 * few seconds anyway, so a lost event (Redis down) delays an answer but never loses it.
 */
@ApplicationScoped
public class LobbyWakeups {

    private static final Logger LOG = Logger.getLogger(LobbyWakeups.class);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    private final Map<UUID, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

    void subscribe(@Observes StartupEvent start) {
        redis.pubsub(String.class)
                .subscribeToPattern(keys.roomChannelPattern(), (channel, message) -> onMessage(message))
                .subscribe().with(
                        subscriber -> LOG.debug("Listening for lobby decisions"),
                        failure -> LOG.warnf("Not listening for lobby decisions (polls fall back to re-reading): %s",
                                failure.getMessage()));
    }

    void release(@Observes ShutdownEvent stop) {
        waiters.values().forEach(set -> set.forEach(future -> future.complete(null)));
    }

    /** Register before reading the request's state, so a decision in between is not missed. */
    public Wakeup register(UUID requestId) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.computeIfAbsent(requestId, id -> ConcurrentHashMap.newKeySet()).add(future);
        return new Wakeup(requestId, future);
    }

    public final class Wakeup {
        private final UUID requestId;
        private final CompletableFuture<Void> future;

        private Wakeup(UUID requestId, CompletableFuture<Void> future) {
            this.requestId = requestId;
            this.future = future;
        }

        /** Completes on a decision for the request or after {@code atMost}, whichever is first. */
        public Uni<Void> await(Duration atMost) {
            return Uni.createFrom().completionStage(future)
                    .ifNoItem().after(atMost).recoverWithItem((Void) null)
                    .eventually(this::cancel);
        }

        public void cancel() {
            waiters.computeIfPresent(requestId, (id, set) -> {
                set.remove(future);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void onMessage(String message) {
        // Room channels also carry chat and signaling traffic: skip it without parsing.
        if (!message.contains("\"lobby.")) {
            return;
        }
        try {
            JsonNode event = json.readTree(message);
            String type = event.path("type").asText();
            if (EventTypes.LOBBY_ADMITTED.equals(type) || EventTypes.LOBBY_DENIED.equals(type)) {
                wake(UUID.fromString(event.path("payload").path("requestId").asText()));
            }
        } catch (Exception e) {
            // other services' traffic on room channels is not ours to judge
            LOG.tracef("Ignoring a room event: %s", e.getMessage());
        }
    }

    private void wake(UUID requestId) {
        Set<CompletableFuture<Void>> set = waiters.remove(requestId);
        if (set != null) {
            set.forEach(future -> future.complete(null));
        }
    }
}
